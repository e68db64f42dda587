import Foundation

/// What one ``Outbox/send()`` did.
public struct OutboxSendReport: Sendable, Equatable {
    /// Delivered now.
    public var sent: [OutboxMessage] = []
    /// Tried now and failed; each carries the error and its next retry time.
    public var failed: [OutboxMessage] = []
    /// Found in `sending` from an earlier run: not delivered again; resolve them by hand.
    public var uncertain: [OutboxMessage] = []
    /// Failed earlier and not due for another attempt yet (or out of attempts).
    public var waiting: [OutboxMessage] = []
    /// Drafts that wait for approval.
    public var awaitingApproval: [OutboxMessage] = []

    /// Creates an empty report.
    public init() {}
}

extension Outbox {
    /// Delivers every message that is due: approved ones, drafts when no approval is
    /// needed, and failed ones whose retry time has come. Messages already in `sending`
    /// are reported as uncertain and left alone (see ``Outbox``).
    ///
    /// Transport failures never throw: they are recorded on the message. A store error
    /// throws; a message whose `sent` could not be recorded stays `sending` (uncertain).
    public func send() async throws -> OutboxSendReport {
        var report = OutboxSendReport()
        let start = now()
        report.uncertain = try store.messages(in: [.sending])

        var due: [OutboxMessage] = []
        for message in try store.messages(in: [.draft, .approved, .failed]) {
            switch message.state {
            case .draft where policy.requiresApproval:
                report.awaitingApproval.append(message)
            case .failed:
                if let next = message.nextAttemptAt, next <= start {
                    due.append(message)
                } else {
                    report.waiting.append(message)
                }
            default:
                due.append(message)
            }
        }

        for candidate in due {
            guard let outcome = try await deliver(candidate) else { continue }
            if outcome.state == .sent {
                report.sent.append(outcome)
            } else {
                report.failed.append(outcome)
            }
        }
        return report
    }

    /// Claims `candidate` (→ `sending`, committed), delivers it, and records the result.
    /// Returns `nil` when another run claimed it first.
    func deliver(_ candidate: OutboxMessage) async throws -> OutboxMessage? {
        var message = candidate
        let claimedAt = now()
        message.state = .sending
        message.attempts += 1
        message.message.date = claimedAt
        message.updatedAt = claimedAt
        guard try store.replace(message, ifStateIs: candidate.state) else { return nil }

        do {
            try await transport.deliver(message.message)
        } catch {
            let failedAt = now()
            message.state = .failed
            message.lastError = (error as? OutreachError)?.description ?? "\(error)"
            message.nextAttemptAt = message.attempts < policy.maxAttempts
                ? failedAt.addingTimeInterval(policy.retryDelay(afterAttempt: message.attempts))
                : nil
            message.updatedAt = failedAt
            _ = try store.replace(message, ifStateIs: .sending)
            return message
        }

        let sentAt = now()
        message.state = .sent
        message.sentAt = sentAt
        message.lastError = nil
        message.nextAttemptAt = nil
        message.updatedAt = sentAt
        _ = try store.replace(message, ifStateIs: .sending)
        return message
    }
}
