import Foundation

/// A client-appreciation event: a wine tasting, a dinner, a rented cinema (R21).
public struct AppreciationEvent: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var name: String
    public var at: Date
    public var venue: String?
    public var cost: Double?
    /// What followed: referrals, introductions, in words.
    public var followUp: String?

    public init(id: Int64? = nil, name: String, at: Date, venue: String? = nil, cost: Double? = nil, followUp: String? = nil) {
        self.id = id
        self.name = name
        self.at = at
        self.venue = venue
        self.cost = cost
        self.followUp = followUp
    }
}

/// A contact invited to an appreciation event, and whether they came.
public struct EventInvitation: Sendable, Codable, Equatable {
    public var eventId: Int64
    public var contactId: Int64
    public var attended: Bool

    public init(eventId: Int64, contactId: Int64, attended: Bool = false) {
        self.eventId = eventId
        self.contactId = contactId
        self.attended = attended
    }
}
