import Foundation
import Model
import PluginHost
import Store

/// One pass of the scheduler over a practice: runs every schedule occurrence that is
/// due and delivers every new event, each exactly once however many ticks run at the
/// same time.
///
/// Each job is claimed in the store before it runs (a `BEGIN IMMEDIATE` insert, or
/// an update of a failed run whose retry is due or of a claim whose process ended or
/// whose lease ran out). The plugin runs with its writes held back; they are applied
/// in the same transaction that marks the run done, and only if the claim is still
/// this process's. A run that fails, or passes a limit, is retried with back-off and
/// then lands in the dead list.
///
/// Events reach each plugin in order: while a plugin's earlier event waits for its
/// retry, its later events wait too. A plugin hears the events recorded after the
/// scheduler first saw it, not the history before.
public struct Tick {
    public let store: AppDatabase
    public let catalog: PluginCatalog
    let runner: PluginRunner
    let timeZone: TimeZone
    /// How late a missed occurrence may still run.
    public var graceWindow: TimeInterval
    /// How long a claim holds before another process may take the job over.
    public var leaseSeconds: TimeInterval
    /// Back-off and attempts; each job gets its own seed.
    public var retry = RetryPolicy()
    /// This process, as written into claims.
    public var owner = JobOwner.current
    /// Real time, for leases and run times (`now` may be a time given with `--now`).
    public var realClock: any ReferClock = SystemClock()

    /// Makes a tick for `practice`, running plugins from `catalog`; what plugins print
    /// goes to `output`.
    public init(practice: Practice, store: AppDatabase, catalog: PluginCatalog, output: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.catalog = catalog
        self.runner = PluginRunner(practice: practice, store: store, catalog: catalog, output: output)
        let config = practice.config
        self.timeZone = config.practice.timeZone
        self.graceWindow = config.scheduler.graceHours * 3600
        self.leaseSeconds = 2 * config.limits.timeoutSeconds + config.store.busyTimeoutSeconds
    }

    /// Runs what is due at `now`. `shouldStop` is asked between runs (a daemon asked to
    /// stop finishes the run in hand, then returns); `onRun` hears of each run as it ends.
    public func run(now: Date, shouldStop: () -> Bool = { false }, onRun: (TickRun) -> Void = { _ in }) throws -> TickReport {
        var report = TickReport(now: now)
        let index = try tickIndex(now: now)
        report.problems = index.problems
        func record(_ run: TickRun) {
            report.add(run)
            onRun(run)
        }
        try runOpenSchedules(now: now, shouldStop: shouldStop, record: record)
        try runSchedules(index.due, now: now, shouldStop: shouldStop, record: record)
        try deliverEvents(index.listeners, now: now, shouldStop: shouldStop, record: record)
        report.stopped = shouldStop()
        return report
    }

    /// Failed schedule runs whose retry is due, and claims left by processes that ended,
    /// of the indexed plugins that can be scheduled.
    func runOpenSchedules(now: Date, shouldStop: () -> Bool, record: (TickRun) -> Void) throws {
        let openRuns = try store.openRuns().filter { $0.kind == .schedule }
        guard !openRuns.isEmpty else { return }
        let plugins = try store.schedulablePlugins()
        for open in openRuns where plugins.contains(open.plugin) {
            if shouldStop() { return }
            if let run = try takeOver(open, now: now) { record(run); continue }
            guard let id = open.id, let claim = try store.reclaim(id, now: now, realNow: realClock.now, owner: owner, leaseUntil: lease()) else { continue }
            record(try execute(claim.run, token: claim.token, event: nil, now: now))
        }
    }

    /// New occurrences of each schedule in `entries` (those whose next check has come);
    /// missed ones beyond the newest are logged as skipped.
    func runSchedules(_ entries: [PluginIndexEntry], now: Date, shouldStop: () -> Bool, record: (TickRun) -> Void) throws {
        let scheduler = Scheduler(timeZone: timeZone, graceWindow: graceWindow)
        let last = try store.lastOccurrences(of: entries.map(\.plugin))
        var quiet: [(plugin: String, at: Date?)] = []
        for entry in entries {
            if shouldStop() { break }
            guard let text = entry.every, let schedule = try? ScheduleExpression(text) else { continue }
            let lastRun = last[entry.plugin]
            let decision = scheduler.decide(schedule, lastRun: lastRun, now: now)
            // A plugin that never ran missed nothing: only runs after a first one count as skipped.
            let skipped = lastRun == nil ? 0 : decision.skipped
            // A schedule that never runs again needs no more looks until its file changes.
            let nextCheck = decision.next ?? .distantFuture
            if let due = decision.due {
                let firstMissed = lastRun.flatMap { schedule.nextOccurrence(after: $0, in: timeZone) }
                guard let claim = try store.claimOccurrence(
                    plugin: entry.plugin, occurrence: due, after: lastRun, skipped: skipped,
                    skippedAt: firstMissed.flatMap { $0 < due ? $0 : nil }, nextCheck: nextCheck,
                    owner: owner, leaseUntil: lease(), startedAt: realClock.now) else { continue }
                if skipped > 0 { record(TickRun(skippedOf: entry.plugin, count: skipped, at: firstMissed ?? due)) }
                record(try execute(claim.run, token: claim.token, event: nil, now: now))
            } else if skipped > 0 {
                // Everything up to `now` is accounted for: the marker row stands for the last run.
                if try store.recordSkipped(plugin: entry.plugin, count: skipped, at: now, after: lastRun, nextCheck: nextCheck, finishedAt: realClock.now) {
                    record(TickRun(skippedOf: entry.plugin, count: skipped, at: now))
                }
            } else {
                quiet.append((entry.plugin, nextCheck))
            }
        }
        try store.setNextChecks(quiet)
    }

    /// Delivers new events to each listening plugin, in order, stopping at the first
    /// that fails (it holds back the plugin's later events until it succeeds or dies).
    func deliverEvents(_ entries: [PluginIndexEntry], now: Date, shouldStop: () -> Bool, record: (TickRun) -> Void) throws {
        guard !entries.isEmpty else { return }
        let newest = try store.lastEventId()
        var cursors = try store.eventCursors()
        var open = Dictionary(grouping: try store.openRuns().filter { $0.kind == .event }, by: \.plugin)
        for entry in entries {
            while !shouldStop() {
                let waiting = (open[entry.plugin] ?? []).sorted { $0.eventId < $1.eventId }
                if let head = waiting.first {
                    guard let run = try deliverAgain(head, now: now) else { break }
                    record(run)
                    open[entry.plugin] = try store.openRuns(plugin: entry.plugin).filter { $0.kind == .event }
                    if run.state != .done && run.state != .dead { break }
                    // The store moved the cursor past it (a claim left by a killed tick is above it).
                    cursors[entry.plugin] = max(cursors[entry.plugin] ?? newest, head.eventId)
                    continue
                }
                let cursor = cursors[entry.plugin] ?? newest
                guard cursor < newest, let event = try store.nextEvent(after: cursor, kinds: entry.on) else { break }
                guard let claim = try store.claimEvent(plugin: entry.plugin, event: event, owner: owner, leaseUntil: lease(), startedAt: realClock.now) else { break }
                let run = try execute(claim.run, token: claim.token, event: event, now: now)
                record(run)
                guard run.state == .done || run.state == .dead else { break }
                cursors[entry.plugin] = event.id
            }
        }
    }

    /// Runs a plugin's oldest open event delivery again if it may run now.
    private func deliverAgain(_ open: JobRun, now: Date) throws -> TickRun? {
        if let run = try takeOver(open, now: now) { return run }
        guard let id = open.id, let claim = try store.reclaim(id, now: now, realNow: realClock.now, owner: owner, leaseUntil: lease()) else { return nil }
        guard let event = try store.events(after: open.eventId - 1, limit: 1).first, event.id == open.eventId else {
            try store.failRun(claim.run, token: claim.token, error: "event \(open.eventId) is no longer in the store", nextAttemptAt: nil, finishedAt: realClock.now)
            return TickRun(claim.run, state: .dead, error: "event \(open.eventId) is no longer in the store")
        }
        return try execute(claim.run, token: claim.token, event: event, now: now)
    }

    /// A claim left by a process that ended, which has used all its attempts: dead.
    private func takeOver(_ open: JobRun, now: Date) throws -> TickRun? {
        guard open.state == .claimed, open.attempts >= retry.maximumAttempts, let id = open.id else { return nil }
        let error = "the run never finished (its process ended or overran its lease) in \(open.attempts) attempt(s)"
        guard try store.buryStaleClaim(id, realNow: realClock.now, owner: owner, error: error) else { return nil }
        return TickRun(open, state: .dead, error: error)
    }

    /// Runs a claimed job; its writes land with the run's `done` or not at all.
    func execute(_ run: JobRun, token: String, event: StoreEvent?, now: Date) throws -> TickRun {
        let failure: String
        do {
            let outcome = try runner.run(run.plugin, now: now, event: event?.luaValue ?? .nil, dryRun: true)
            do {
                guard let applied = try store.finishRun(run, token: token, effects: outcome.effects, at: now, finishedAt: realClock.now) else {
                    return TickRun(run, state: .claimed, error: "another process took the job over; its writes were not applied")
                }
                return TickRun(run, state: .done, changes: applied.applied)
            } catch let error as StoreError {
                if case .locked = error { throw error }
                failure = "its writes could not be applied: \(error.description)"
            }
        } catch let error as PluginError {
            failure = error.description
        } catch let error as StoreError {
            if case .locked = error { throw error }
            failure = error.description
        } catch {
            failure = "\(error)"
        }
        let policy = retryPolicy(for: run)
        let next = policy.nextAttempt(after: run.attempts, at: now)
        guard try store.failRun(run, token: token, error: failure, nextAttemptAt: next, finishedAt: realClock.now) else {
            return TickRun(run, state: .claimed, error: "another process took the job over")
        }
        return TickRun(run, state: next == nil ? .dead : .failed, error: failure, nextAttemptAt: next, maximumAttempts: policy.maximumAttempts)
    }

    func retryPolicy(for run: JobRun) -> RetryPolicy {
        var policy = retry
        policy.seed = RetryPolicy.seed(for: "\(run.plugin)#\(run.id ?? 0)")
        return policy
    }

    func lease() -> Date { realClock.now + leaseSeconds }
}
