import Foundation
import Store

/// The ``OutboxStore`` over the practice's SQLite store (the `outbox` table).
///
/// Rows hold the message as JSON (keys sorted, dates ISO 8601 — the same encoding
/// plugin drafts use) and the idempotency key in its text form, so messages drafted
/// by plugins and by hand read back alike. Every call commits before it returns, and
/// ``replace(_:ifStateIs:)`` is a conditional `UPDATE`, which is what the exactly-once
/// rule of ``Outbox`` relies on.
public struct StoreOutbox: OutboxStore {
    let database: AppDatabase

    /// An outbox store over `database`.
    public init(database: AppDatabase) {
        self.database = database
    }

    public func insert(_ draft: OutboxDraft) throws -> (message: OutboxMessage, inserted: Bool) {
        let row = OutboxRow(
            key: draft.key.description, plugin: draft.key.plugin, state: OutboxState.draft.rawValue,
            messageJSON: try Self.encode(draft.message), createdAt: draft.createdAt, updatedAt: draft.createdAt)
        let result = try database.insertOutboxRow(row)
        return (try Self.message(from: result.row), result.inserted)
    }

    public func message(id: Int64) throws -> OutboxMessage? {
        try database.outboxRow(id: id).map(Self.message(from:))
    }

    public func messages(in states: Set<OutboxState>) throws -> [OutboxMessage] {
        try database.outboxRows(states: states.map(\.rawValue).sorted()).map(Self.message(from:))
    }

    public func replace(_ message: OutboxMessage, ifStateIs expected: OutboxState) throws -> Bool {
        let row = OutboxRow(
            id: message.id, key: message.key.description, plugin: message.key.plugin, state: message.state.rawValue,
            messageJSON: try Self.encode(message.message), attempts: message.attempts, lastError: message.lastError,
            nextAttemptAt: message.nextAttemptAt, createdAt: message.createdAt, updatedAt: message.updatedAt,
            sentAt: message.sentAt)
        return try database.replaceOutboxRow(row, ifStateIs: expected.rawValue)
    }

    /// The JSON a row holds: the encoding `ctx.outreach.draft` writes too.
    public static func encode(_ message: MailMessage) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(message), as: UTF8.self)
    }

    /// A row as an ``OutboxMessage``.
    /// - Throws: ``OutreachError/outboxMessageUnreadable(id:reason:)`` for a state or
    ///   message the row cannot hold as written by refer.
    static func message(from row: OutboxRow) throws -> OutboxMessage {
        let id = row.id ?? 0
        guard let state = OutboxState(rawValue: row.state) else {
            throw OutreachError.outboxMessageUnreadable(id: id, reason: "unknown state \"\(row.state)\"")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let message: MailMessage
        do {
            message = try decoder.decode(MailMessage.self, from: Data(row.messageJSON.utf8))
        } catch {
            throw OutreachError.outboxMessageUnreadable(id: id, reason: "its message is not valid (\(Self.describe(error)))")
        }
        // A key that is not in `plugin/subject/purpose` form (a row written by hand) keeps
        // its text as the purpose, so it still shows and stays unique.
        let key = IdempotencyKey(parsing: row.key)
            ?? IdempotencyKey(plugin: row.plugin ?? "refer", subject: "outbox:\(id)", purpose: row.key)
        return OutboxMessage(
            id: id, key: key, message: message, state: state, attempts: row.attempts, lastError: row.lastError,
            nextAttemptAt: row.nextAttemptAt, createdAt: row.createdAt, updatedAt: row.updatedAt, sentAt: row.sentAt)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
