import Foundation

/// Where a message is in the outbox. See ``Outbox`` for the transitions.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    /// Drafted by a plugin or by hand; waits for approval unless the practice needs none.
    case draft
    /// Approved by the user; the next `send` delivers it.
    case approved
    /// Handed to the transport. Committed *before* delivery starts, so a message still
    /// here on the next `send` may or may not have gone out: it is "uncertain".
    case sending
    /// Delivered (the transport accepted it).
    case sent
    /// The last delivery attempt failed; retried at `nextAttemptAt` if set.
    case failed
    /// Dropped by the user; never sent.
    case discarded
}

/// What makes two drafts "the same message": the plugin that drafts it, what it is
/// about (e.g. `referral:42`) and why (e.g. `thank-you`). Drafting the same key twice
/// returns the first message, so running a plugin twice never thanks a partner twice.
public struct IdempotencyKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The plugin (or `refer` itself for messages drafted by hand).
    public var plugin: String
    /// What the message is about, e.g. `referral:42` or `partner:7`.
    public var subject: String
    /// Why it is sent, e.g. `thank-you`, `introduction`, `invitation:2026-12`.
    public var purpose: String

    /// Creates a key.
    public init(plugin: String, subject: String, purpose: String) {
        self.plugin = plugin
        self.subject = subject
        self.purpose = purpose
    }

    /// `plugin/subject/purpose`, each part with `%` and `/` percent-encoded so the form
    /// is unambiguous; this is what `X-Refer-Key` carries and what a store indexes.
    public var description: String {
        [plugin, subject, purpose].map { part in
            part.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
        }.joined(separator: "/")
    }

    /// Reads the ``description`` form back: three `/`-separated parts, each
    /// percent-decoded. `nil` when `text` is not in that form (wrong number of parts, or
    /// encoding that ``description`` would not have written).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        var decoded: [String] = []
        for part in parts {
            guard let plain = part.removingPercentEncoding else { return nil }
            decoded.append(plain)
        }
        self.init(plugin: decoded[0], subject: decoded[1], purpose: decoded[2])
        guard description == text else { return nil }
    }
}

/// A message in the outbox with its delivery state.
public struct OutboxMessage: Sendable, Equatable, Codable, Identifiable {
    /// The store's id, shown by `refer outbox` and taken by `refer outbox resolve ID`.
    public let id: Int64
    /// The idempotency key; unique in the store.
    public var key: IdempotencyKey
    /// The message itself.
    public var message: MailMessage
    /// Where it is.
    public var state: OutboxState
    /// How many deliveries were started.
    public var attempts: Int
    /// Why the last delivery failed (the transport's error, with stderr for commands).
    public var lastError: String?
    /// When a failed message is tried again; `nil` once attempts are used up.
    public var nextAttemptAt: Date?
    /// When it was drafted.
    public var createdAt: Date
    /// When its state last changed.
    public var updatedAt: Date
    /// When it was delivered (or resolved as delivered).
    public var sentAt: Date?

    /// Creates an outbox record; stores call this when they read one back.
    public init(
        id: Int64, key: IdempotencyKey, message: MailMessage, state: OutboxState,
        attempts: Int = 0, lastError: String? = nil, nextAttemptAt: Date? = nil,
        createdAt: Date, updatedAt: Date, sentAt: Date? = nil
    ) {
        self.id = id
        self.key = key
        self.message = message
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.sentAt = sentAt
    }
}

/// A message to add to the outbox; the store gives it an id.
public struct OutboxDraft: Sendable, Equatable {
    /// The idempotency key.
    public var key: IdempotencyKey
    /// The message.
    public var message: MailMessage
    /// When it was drafted.
    public var createdAt: Date

    /// Creates a draft.
    public init(key: IdempotencyKey, message: MailMessage, createdAt: Date) {
        self.key = key
        self.message = message
        self.createdAt = createdAt
    }
}
