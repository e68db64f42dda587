import Foundation

/// Decides which occurrence of a job's schedule is due, reading time from a clock.
///
/// Catch-up rule: when runs were missed (the machine was off), only the newest
/// missed occurrence runs, and only if it is no older than `graceWindow`; every
/// other missed occurrence is counted as skipped. A job never runs more than once
/// per decision, however long it was off.
public struct Scheduler: Sendable {
    /// Where "now" comes from.
    public let clock: any ReferClock
    /// The practice's time zone, in which schedules are read.
    public let timeZone: TimeZone
    /// How late an occurrence may still run.
    public let graceWindow: TimeInterval

    /// Missed occurrences are counted up to this many; beyond it `skipped` stops growing.
    public static let skippedCountLimit = 100_000

    /// Makes a scheduler for a practice's zone; `graceWindow` defaults to one day.
    public init(clock: any ReferClock = SystemClock(), timeZone: TimeZone, graceWindow: TimeInterval = 86_400) {
        self.clock = clock
        self.timeZone = timeZone
        self.graceWindow = graceWindow
    }

    /// What to do now for a job whose last run was for the occurrence `lastRun`
    /// (nil when it never ran; then only occurrences within the grace window count).
    public func decide(_ schedule: ScheduleExpression, lastRun: Date?) -> DueDecision {
        decide(schedule, lastRun: lastRun, now: clock.now)
    }

    /// `decide(_:lastRun:)` at a given instant instead of the clock's.
    public func decide(_ schedule: ScheduleExpression, lastRun: Date?, now: Date) -> DueDecision {
        let graceStart = now - graceWindow
        let windowStart = lastRun ?? graceStart
        let next = schedule.nextOccurrence(after: now, in: timeZone)

        // Newest occurrence within the grace window (and after the last run).
        var due: Date?
        var cursor = max(windowStart, graceStart)
        var dueCount = 0
        while let occurrence = schedule.nextOccurrence(after: cursor, in: timeZone), occurrence <= now {
            due = occurrence
            cursor = occurrence
            dueCount += 1
        }

        // Older missed occurrences, before the grace window.
        var older = 0
        cursor = windowStart
        while older < Self.skippedCountLimit,
              let occurrence = schedule.nextOccurrence(after: cursor, in: timeZone),
              occurrence <= graceStart, occurrence <= now {
            older += 1
            cursor = occurrence
        }
        let skipped = older + max(0, dueCount - 1)
        return DueDecision(due: due, skipped: min(skipped, Self.skippedCountLimit), next: next)
    }
}

/// The scheduler's answer for one job at one instant.
public struct DueDecision: Sendable, Equatable {
    /// The occurrence to run now (record it as the job's last run), or nil.
    public let due: Date?
    /// Missed occurrences that will not run (capped at `Scheduler.skippedCountLimit`).
    public let skipped: Int
    /// The first occurrence after now: when to look again.
    public let next: Date?

    /// Makes a decision value.
    public init(due: Date?, skipped: Int, next: Date?) {
        self.due = due
        self.skipped = skipped
        self.next = next
    }
}
