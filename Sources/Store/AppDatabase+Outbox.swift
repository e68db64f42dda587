import Foundation
import GRDB

/// One row of the `outbox` table: a drafted or delivered message with its delivery state.
///
/// The Store keeps the message as the JSON text the Outreach module wrote
/// (`message_json`) and the state as text; Outreach's `StoreOutbox` gives both their
/// types. Keeping them opaque here lets the Store stay below Outreach in the module graph.
public struct OutboxRow: Sendable, Equatable, Codable {
    /// The row id; `nil` before the row is inserted.
    public var id: Int64?
    /// The idempotency key in its text form (`plugin/subject/purpose`); unique.
    public var key: String
    /// The plugin that drafted it, `nil` for messages drafted by hand.
    public var plugin: String?
    /// The contact it goes to, when known.
    public var contactId: Int64?
    /// `draft`, `approved`, `sending`, `sent`, `failed` or `discarded`.
    public var state: String
    /// The message as JSON.
    public var messageJSON: String
    /// Deliveries started.
    public var attempts: Int
    /// Why the last delivery failed.
    public var lastError: String?
    /// When a failed message is tried again.
    public var nextAttemptAt: Date?
    /// When it was drafted.
    public var createdAt: Date
    /// When its state last changed.
    public var updatedAt: Date
    /// When it was delivered.
    public var sentAt: Date?

    /// Creates a row.
    public init(
        id: Int64? = nil, key: String, plugin: String? = nil, contactId: Int64? = nil, state: String,
        messageJSON: String, attempts: Int = 0, lastError: String? = nil, nextAttemptAt: Date? = nil,
        createdAt: Date, updatedAt: Date, sentAt: Date? = nil
    ) {
        self.id = id
        self.key = key
        self.plugin = plugin
        self.contactId = contactId
        self.state = state
        self.messageJSON = messageJSON
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.sentAt = sentAt
    }

    enum CodingKeys: String, CodingKey {
        case id, key, plugin, state, attempts
        case contactId = "contact_id"
        case messageJSON = "message_json"
        case lastError = "last_error"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case sentAt = "sent_at"
    }
}

extension OutboxRow: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "outbox"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The outbox table. Each call is its own committed transaction: the exactly-once
/// rule of the outbox needs `sending` on disk before a message is handed to a transport.
extension AppDatabase {
    /// Inserts `row`, or returns the row already stored under its key (unchanged) with
    /// `inserted == false`. One transaction, so two runs drafting the same key get one row.
    public func insertOutboxRow(_ row: OutboxRow) throws -> (row: OutboxRow, inserted: Bool) {
        try write { db in
            if let existing = try OutboxRow.filter(Column("key") == row.key).fetchOne(db) {
                return (existing, false)
            }
            var saved = row
            saved.id = nil
            try saved.insert(db)
            return (saved, true)
        }
    }

    /// The outbox row with `id`, if any.
    public func outboxRow(id: Int64) throws -> OutboxRow? {
        try read { db in try OutboxRow.fetchOne(db, key: id) }
    }

    /// The outbox rows in any of `states`, oldest (lowest id) first.
    public func outboxRows(states: [String]) throws -> [OutboxRow] {
        try read { db in
            try OutboxRow.filter(states.contains(Column("state"))).order(Column("id")).fetchAll(db)
        }
    }

    /// Writes the changing columns of `row` (state, message, attempts, error, times)
    /// only while the stored state is still `expected`: a compare-and-set, so of two
    /// runs claiming the same message only one wins. Returns whether the row changed.
    public func replaceOutboxRow(_ row: OutboxRow, ifStateIs expected: String) throws -> Bool {
        guard let id = row.id else { throw StoreError.invalid("an outbox row without an id cannot be updated") }
        return try write { db in
            try db.execute(sql: """
                UPDATE outbox
                SET state = ?, message_json = ?, attempts = ?, last_error = ?, next_attempt_at = ?,
                    updated_at = ?, sent_at = ?
                WHERE id = ? AND state = ?
                """, arguments: [row.state, row.messageJSON, row.attempts, row.lastError, row.nextAttemptAt,
                                 row.updatedAt, row.sentAt, id, expected])
            return db.changesCount == 1
        }
    }
}
