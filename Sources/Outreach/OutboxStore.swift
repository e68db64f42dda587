import Foundation

/// Persistence for the ``Outbox``: the few operations its state machine needs.
///
/// Every call must be durable when it returns (committed, not just queued): the
/// exactly-once rule depends on `sending` being on disk before delivery starts.
/// The SQLite store implements this with a unique index on the key and a conditional
/// `UPDATE … WHERE id = ? AND state = ?`; ``InMemoryOutboxStore`` is the test double.
public protocol OutboxStore: Sendable {
    /// Adds `draft` as a `draft` message, or, when a message with the same key exists,
    /// returns that one unchanged with `inserted == false`. Atomic.
    func insert(_ draft: OutboxDraft) throws -> (message: OutboxMessage, inserted: Bool)

    /// The message with `id`, if any.
    func message(id: Int64) throws -> OutboxMessage?

    /// The messages in any of `states`, oldest (lowest id) first.
    func messages(in states: Set<OutboxState>) throws -> [OutboxMessage]

    /// Replaces the stored message with the same id by `message`, but only while the
    /// stored state is still `expected` (compare-and-set). Returns `false`, writing
    /// nothing, when another run changed it first.
    func replace(_ message: OutboxMessage, ifStateIs expected: OutboxState) throws -> Bool
}

/// An ``OutboxStore`` in memory, for tests and dry runs.
///
/// `@unchecked Sendable`: all state is behind `lock`, and no method calls out while
/// holding it.
public final class InMemoryOutboxStore: OutboxStore, @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [Int64: OutboxMessage] = [:]
    private var nextID: Int64 = 1

    /// Creates an empty store.
    public init() {}

    public func insert(_ draft: OutboxDraft) throws -> (message: OutboxMessage, inserted: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if let existing = rows.values.first(where: { $0.key == draft.key }) {
            return (existing, false)
        }
        let message = OutboxMessage(
            id: nextID, key: draft.key, message: draft.message, state: .draft,
            createdAt: draft.createdAt, updatedAt: draft.createdAt)
        rows[nextID] = message
        nextID += 1
        return (message, true)
    }

    public func message(id: Int64) throws -> OutboxMessage? {
        lock.lock()
        defer { lock.unlock() }
        return rows[id]
    }

    public func messages(in states: Set<OutboxState>) throws -> [OutboxMessage] {
        lock.lock()
        defer { lock.unlock() }
        return rows.values.filter { states.contains($0.state) }.sorted { $0.id < $1.id }
    }

    public func replace(_ message: OutboxMessage, ifStateIs expected: OutboxState) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let current = rows[message.id], current.state == expected else { return false }
        rows[message.id] = message
        return true
    }
}
