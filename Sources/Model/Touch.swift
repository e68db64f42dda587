import Foundation

/// A logged contact moment: a call, an email, a meeting, a note.
public struct Touch: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var contactId: Int64
    public var channel: Channel
    public var purpose: TouchPurpose
    public var note: String?
    public var at: Date

    public init(id: Int64? = nil, contactId: Int64, channel: Channel, purpose: TouchPurpose, note: String? = nil, at: Date = Date()) {
        self.id = id
        self.contactId = contactId
        self.channel = channel
        self.purpose = purpose
        self.note = note
        self.at = at
    }
}

/// Why a touch happened; kept apart so partners are not asked at every meeting (R17).
public enum TouchPurpose: String, Sendable, Codable, CaseIterable {
    /// Taking care of the client.
    case service
    /// Talking about helping each other.
    case relationship
}
