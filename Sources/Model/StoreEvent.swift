import Foundation

/// Something that happened in the store, recorded in the same transaction as the change
/// so the scheduler can run plugins "when things happen" (P3).
public struct StoreEvent: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var kind: Kind
    public var contactId: Int64?
    public var partnerId: Int64?
    public var referralId: Int64?
    /// Compact JSON with the details (the new status, the touch's purpose…).
    public var payload: String
    public var createdAt: Date

    public init(id: Int64? = nil, kind: Kind, contactId: Int64? = nil, partnerId: Int64? = nil,
                referralId: Int64? = nil, payload: String = "{}", createdAt: Date = Date()) {
        self.id = id
        self.kind = kind
        self.contactId = contactId
        self.partnerId = partnerId
        self.referralId = referralId
        self.payload = payload
        self.createdAt = createdAt
    }

    /// Event kinds, as plugins name them in `on = { ... }`.
    public struct Kind: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let contactAdded = Kind(rawValue: "contact.added")
        public static let contactUpdated = Kind(rawValue: "contact.updated")
        public static let contactRemoved = Kind(rawValue: "contact.removed")
        public static let contactsImported = Kind(rawValue: "contacts.imported")
        public static let partnerAdded = Kind(rawValue: "partner.added")
        public static let partnerUpdated = Kind(rawValue: "partner.updated")
        public static let partnerRemoved = Kind(rawValue: "partner.removed")
        public static let referralReceived = Kind(rawValue: "referral.received")
        public static let referralSent = Kind(rawValue: "referral.sent")
        public static let referralUpdated = Kind(rawValue: "referral.updated")
        public static let referralStatusChanged = Kind(rawValue: "referral.status_changed")
        public static let referralRemoved = Kind(rawValue: "referral.removed")
        public static let clientWon = Kind(rawValue: "client.won")
        public static let touchLogged = Kind(rawValue: "touch.logged")
        public static let giftAdded = Kind(rawValue: "gift.added")
        public static let giftGiven = Kind(rawValue: "gift.given")
        public static let activityLogged = Kind(rawValue: "activity.logged")
        public static let eventPlanned = Kind(rawValue: "event.planned")
        public static let eventInvited = Kind(rawValue: "event.invited")
        public static let eventAttended = Kind(rawValue: "event.attended")
        public static let taskAdded = Kind(rawValue: "task.added")
        public static let taskDone = Kind(rawValue: "task.done")
        public static let recordRemoved = Kind(rawValue: "record.removed")
        public static let recordUpdated = Kind(rawValue: "record.updated")
    }
}
