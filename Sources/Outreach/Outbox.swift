import Foundation

/// How the outbox treats drafts and failures; read from `refer.toml` by the caller.
public struct OutboxPolicy: Sendable, Equatable {
    /// Whether a draft waits for `refer outbox approve ID` before `send` delivers it.
    public var requiresApproval: Bool
    /// Delivery attempts before a failed message stops being retried automatically.
    public var maxAttempts: Int
    /// Wait after the first failure; doubled after each further failure.
    public var retryBaseDelay: TimeInterval
    /// The longest wait between two attempts.
    public var retryMaxDelay: TimeInterval

    /// Creates a policy. Defaults: approval needed, 6 attempts, 5 minutes doubling up to 6 hours.
    public init(
        requiresApproval: Bool = true, maxAttempts: Int = 6,
        retryBaseDelay: TimeInterval = 300, retryMaxDelay: TimeInterval = 6 * 3600
    ) {
        self.requiresApproval = requiresApproval
        self.maxAttempts = maxAttempts
        self.retryBaseDelay = retryBaseDelay
        self.retryMaxDelay = retryMaxDelay
    }

    /// The wait after attempt number `attempts` (1-based) failed: base × 2^(attempts−1), capped.
    public func retryDelay(afterAttempt attempts: Int) -> TimeInterval {
        let exponent = Double(max(0, min(attempts - 1, 30)))
        return min(retryMaxDelay, retryBaseDelay * pow(2, exponent))
    }
}

/// How the user settles an uncertain message (`refer outbox resolve ID --sent|--retry`).
public enum OutboxResolution: String, Sendable, CaseIterable {
    /// It did go out (e.g. it is in the recipient's inbox or the mail log): mark it sent.
    case sent
    /// It did not go out: deliver it again on the next `send`.
    case retry
}

/// The outbox: drafted messages and their way to `sent`.
///
/// States: `draft` → `approved` (or straight on when ``OutboxPolicy/requiresApproval``
/// is off) → `sending` → `sent`; a failed delivery → `failed` with the error, the
/// attempt count and the next retry time (exponential back-off); `discard` drops a
/// message that has not started sending.
///
/// **Exactly once.** ``send()`` commits `sending` *before* it hands a message to the
/// transport and commits `sent` after. If the process dies in between (or the store
/// cannot record `sent`), the message stays in `sending`. The next ``send()`` does **not** deliver such a message again: it cannot
/// know whether it went out, and a partner thanked twice is worse than a delay. It is
/// returned in ``OutboxSendReport/uncertain``; the user checks the mail log or the
/// recipient and runs `refer outbox resolve ID --sent` or `--retry` (``resolve(id:as:)``).
///
/// Drafting is idempotent: the same ``IdempotencyKey`` twice gives the first message.
public struct Outbox: Sendable {
    let store: any OutboxStore
    let transport: any MailTransport
    /// The rules for approval and retries.
    public let policy: OutboxPolicy
    let now: @Sendable () -> Date

    /// Creates an outbox over `store` that delivers through `transport`; `now` is the
    /// clock (injected so that tests can move time).
    public init(
        store: any OutboxStore, transport: any MailTransport, policy: OutboxPolicy = OutboxPolicy(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.transport = transport
        self.policy = policy
        self.now = now
    }

    /// Adds `message` under `key`, or returns the message already drafted under `key`
    /// (whatever its state). The message is checked first (addresses, line lengths), so
    /// a draft that could never be sent is refused here rather than at `send`.
    public func draft(_ message: MailMessage, key: IdempotencyKey) throws -> OutboxMessage {
        var message = message
        message.idempotencyKey = key.description
        _ = try message.rfc5322Data()
        return try store.insert(OutboxDraft(key: key, message: message, createdAt: now())).message
    }

    /// The messages in `states`, oldest first.
    public func messages(in states: Set<OutboxState> = Set(OutboxState.allCases)) throws -> [OutboxMessage] {
        try store.messages(in: states)
    }

    /// Approves a draft so that the next ``send()`` delivers it.
    public func approve(id: Int64) throws -> OutboxMessage {
        try transition(id: id, action: "approved", allowed: [.draft]) { message, _ in
            message.state = .approved
        }
    }

    /// Drops a message that has not started sending (draft, approved or failed).
    public func discard(id: Int64) throws -> OutboxMessage {
        try transition(id: id, action: "discarded", allowed: [.draft, .approved, .failed]) { message, _ in
            message.state = .discarded
            message.nextAttemptAt = nil
        }
    }

    /// Settles a message left in `sending` (or a failed one, for `.retry`):
    /// `.sent` marks it delivered; `.retry` puts it back as approved for the next ``send()``.
    public func resolve(id: Int64, as resolution: OutboxResolution) throws -> OutboxMessage {
        switch resolution {
        case .sent:
            return try transition(id: id, action: "resolved as sent", allowed: [.sending]) { message, time in
                message.state = .sent
                message.sentAt = time
                message.nextAttemptAt = nil
            }
        case .retry:
            return try transition(id: id, action: "resolved for retry", allowed: [.sending, .failed]) { message, _ in
                message.state = .approved
                message.nextAttemptAt = nil
            }
        }
    }

    /// Loads `id`, checks its state is in `allowed`, applies `change` and writes it back
    /// only if nobody changed it meanwhile.
    func transition(
        id: Int64, action: String, allowed: Set<OutboxState>,
        change: (inout OutboxMessage, Date) -> Void
    ) throws -> OutboxMessage {
        guard let current = try store.message(id: id) else {
            throw OutreachError.outboxMessageNotFound(id: id)
        }
        guard allowed.contains(current.state) else {
            throw OutreachError.outboxActionNotAllowed(id: id, action: action, state: current.state)
        }
        var updated = current
        let time = now()
        change(&updated, time)
        updated.updatedAt = time
        guard try store.replace(updated, ifStateIs: current.state) else {
            throw OutreachError.outboxMessageChangedConcurrently(id: id)
        }
        return updated
    }
}
