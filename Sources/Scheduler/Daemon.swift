import Dispatch
import Foundation
import Store

/// A request to stop, set from a signal handler and waited on by the daemon's sleep.
public final class StopRequest: @unchecked Sendable {
    // @unchecked: `requested` is only touched while `lock` is held; the semaphore is thread-safe.
    private let lock = NSLock()
    private var requested = false
    private let wakeUp = DispatchSemaphore(value: 0)

    public init() {}

    /// Asks the daemon to stop after the run in hand.
    public func request() {
        lock.lock()
        requested = true
        lock.unlock()
        wakeUp.signal()
    }

    /// Whether a stop was asked for.
    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    /// Sleeps up to `seconds`; returns early (true) when a stop is asked for.
    func sleep(_ seconds: TimeInterval) -> Bool {
        if isRequested { return true }
        _ = wakeUp.wait(timeout: .now() + max(0, seconds))
        return isRequested
    }

    /// Turns SIGTERM and SIGINT into stop requests. The signals' default action is
    /// ignored so that they reach the dispatch sources instead of ending the process
    /// in the middle of a run. Keep the returned sources alive while the daemon runs.
    public func installSignalHandlers(_ signals: [Int32] = [SIGTERM, SIGINT]) -> [any DispatchSourceSignal] {
        signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in request() }
            source.resume()
            return source
        }
    }
}

/// `refer daemon`: ticks, then sleeps until the next due time.
///
/// While it sleeps it polls, every `pollInterval` seconds, the newest event id (one
/// indexed `max(id)` read) and the plugin files' modification times, and ticks at once
/// when either changed; it makes no other wake-ups. A stop request (SIGTERM, SIGINT)
/// ends the sleep at once, or lets the plugin run in hand finish, then `run` returns.
public struct Daemon {
    public var tick: Tick
    public var pollInterval: TimeInterval
    public var clock: any ReferClock = SystemClock()

    public init(tick: Tick, pollInterval: TimeInterval) {
        self.tick = tick
        self.pollInterval = max(0.2, pollInterval)
    }

    /// Loops until `stop` is requested; `report` hears each tick's result and
    /// `problem` each error that kept a tick from finishing (the store busy for
    /// longer than its timeout, say): the daemon says so and tries again a poll later.
    public func run(until stop: StopRequest, report: (TickReport) -> Void, onRun: (TickRun) -> Void, problem: (any Error) -> Void) {
        while !stop.isRequested {
            let wake: Date
            do {
                let result = try tick.run(now: clock.now, shouldStop: { stop.isRequested }, onRun: onRun)
                report(result)
                if stop.isRequested { break }
                wake = try tick.nextWake() ?? .distantFuture
            } catch {
                problem(error)
                wake = clock.now + pollInterval
            }
            let lastEvent = (try? tick.store.lastEventId()) ?? 0
            let fingerprint = tick.catalogFingerprint()
            // Idle for most of its life: the store's caches and read connections can go.
            tick.store.releaseMemory()
            while true {
                let remaining = wake.timeIntervalSince(clock.now)
                if remaining <= 0 { break }
                if stop.sleep(min(pollInterval, remaining)) { return }
                if (try? tick.store.lastEventId()) != lastEvent || tick.catalogFingerprint() != fingerprint { break }
            }
        }
    }
}
