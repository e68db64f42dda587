import Foundation

/// Something someone at the practice has to do: call a partner, send a gift.
/// (Named `FollowUpTask` so it does not shadow Swift's `Task`.)
public struct FollowUpTask: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var title: String
    public var dueAt: Date?
    public var contactId: Int64?
    public var referralId: Int64?
    public var doneAt: Date?
    public var note: String?
    /// Who made it: "cli", or the plugin's name.
    public var origin: String
    public var createdAt: Date

    public init(
        id: Int64? = nil, title: String, dueAt: Date? = nil, contactId: Int64? = nil, referralId: Int64? = nil,
        doneAt: Date? = nil, note: String? = nil, origin: String = "cli", createdAt: Date = Date()
    ) {
        self.id = id
        self.title = title
        self.dueAt = dueAt
        self.contactId = contactId
        self.referralId = referralId
        self.doneAt = doneAt
        self.note = note
        self.origin = origin
        self.createdAt = createdAt
    }

    /// Whether the task is done.
    public var isDone: Bool { doneAt != nil }
}
