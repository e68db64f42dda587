import Foundation
import Model

/// One job a tick ran, skipped or gave up on.
public struct TickRun: Sendable, Encodable, Equatable {
    public var plugin: String
    public var kind: JobRun.Kind
    /// The run's id in `job_runs` (nil for skip records).
    public var id: Int64?
    public var scheduledAt: Date
    public var eventId: Int64?
    public var eventKind: String?
    /// done, failed, dead, skipped; claimed when another process took the job over.
    public var state: JobRun.State
    public var attempt: Int
    public var maximumAttempts: Int?
    /// Writes applied (done runs).
    public var changes: Int?
    /// Missed occurrences (skip records).
    public var skipped: Int?
    public var error: String?
    public var nextAttemptAt: Date?

    init(_ run: JobRun, state: JobRun.State, changes: Int? = nil, error: String? = nil, nextAttemptAt: Date? = nil, maximumAttempts: Int? = nil) {
        plugin = run.plugin
        kind = run.kind
        id = run.id
        scheduledAt = run.scheduledAt
        eventId = run.kind == .event ? run.eventId : nil
        eventKind = run.eventKind
        self.state = state
        attempt = run.attempts
        self.maximumAttempts = maximumAttempts
        self.changes = changes
        self.error = error
        self.nextAttemptAt = nextAttemptAt
    }

    init(skippedOf plugin: String, count: Int, at: Date) {
        self.plugin = plugin
        kind = .schedule
        scheduledAt = at
        state = .skipped
        attempt = 0
        skipped = count
    }

    /// The line `refer tick` prints, e.g.
    /// `ran thank-you for event 42 (referral.received): 3 change(s)`.
    public func line(timeZone: TimeZone) -> String {
        let subject: String
        if let eventId {
            subject = "event \(eventId) (\(eventKind ?? "?"))"
        } else {
            subject = FriendlyDate.format(scheduledAt, timeZone: timeZone, withTime: true)
        }
        switch state {
        case .done:
            return "ran \(plugin) for \(subject): \(changes ?? 0) change(s)"
        case .skipped:
            return "skipped \(skipped ?? 0) missed run(s) of \(plugin) (catch-up runs only the newest)"
        case .failed:
            let next = nextAttemptAt.map { FriendlyDate.format($0, timeZone: timeZone, withTime: true) } ?? "-"
            return "failed \(plugin) for \(subject), attempt \(attempt) of \(maximumAttempts ?? attempt): \(error ?? "")\n  next try \(next)"
        case .dead:
            return "dead \(plugin) for \(subject) after \(attempt) attempt(s): \(error ?? "")\n  see `refer jobs dead`; `refer jobs retry \(id ?? 0)` runs it again"
        case .claimed:
            return "lost \(plugin) for \(subject): \(error ?? "another process took it over")"
        }
    }
}

/// What one tick did.
public struct TickReport: Sendable, Encodable {
    public var now: Date
    public var ran = 0
    public var failed = 0
    public var dead = 0
    public var skipped = 0
    /// Plugins that cannot be scheduled (they do not load, or `every` is not a schedule).
    public var problems: [String] = []
    /// True when the tick stopped early because it was asked to.
    public var stopped = false
    public var runs: [TickRun] = []

    public init(now: Date) { self.now = now }

    mutating func add(_ run: TickRun) {
        runs.append(run)
        switch run.state {
        case .done: ran += 1
        case .failed: failed += 1
        case .dead: dead += 1
        case .skipped: skipped += run.skipped ?? 0
        case .claimed: break
        }
    }
}
