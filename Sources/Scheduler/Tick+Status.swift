import Foundation
import Model
import Store

/// One plugin as `refer jobs` shows it.
public struct JobStatus: Sendable, Encodable {
    public var plugin: String
    public var every: String?
    public var on: [String]
    /// Why it cannot be scheduled.
    public var problem: String?
    /// Its latest run that was not a skip.
    public var lastRun: JobRun?
    /// When it runs next: the next occurrence, or the retry of a failed run; `now`
    /// when something is due or events are waiting.
    public var nextRun: Date?
    /// Events recorded for it and not yet delivered.
    public var pendingEvents: Int
}

extension Tick {
    /// Each plugin's schedule or events, last run and next run, by name.
    public func status(now: Date) throws -> [JobStatus] {
        let entries = try refreshIndex().entries
        let latest = try store.latestRuns()
        let open = Dictionary(grouping: try store.openRuns(), by: \.plugin)
        let cursors = try store.eventCursors()
        let newest = try store.lastEventId()
        let last = try store.lastOccurrences(of: entries.filter { $0.every != nil }.map(\.plugin))
        let scheduler = Scheduler(timeZone: timeZone, graceWindow: graceWindow)
        return try entries.filter { $0.every != nil || !$0.on.isEmpty || $0.error != nil }.map { entry in
            var status = JobStatus(plugin: entry.plugin, every: entry.every, on: entry.on, problem: entry.error,
                                   lastRun: latest[entry.plugin], nextRun: nil, pendingEvents: 0)
            guard entry.error == nil else { return status }
            var next: [Date] = []
            if let every = entry.every, let schedule = try? ScheduleExpression(every) {
                let decision = scheduler.decide(schedule, lastRun: last[entry.plugin], now: now)
                if decision.due != nil { next.append(now) } else if let n = decision.next { next.append(n) }
            }
            if !entry.on.isEmpty {
                status.pendingEvents = try store.pendingEventCount(after: cursors[entry.plugin] ?? newest, kinds: entry.on)
                if status.pendingEvents > 0 { next.append(now) }
            }
            for run in open[entry.plugin] ?? [] {
                next.append(run.state == .failed ? max(now, run.nextAttemptAt ?? now) : now)
            }
            status.nextRun = next.min()
            return status
        }
    }
}
