#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import PluginHost
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
        unblock(signals)
        return signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in request() }
            source.resume()
            return source
        }
    }
}

/// `refer daemon`: runs `refer tick` in a child process, then sleeps until the next
/// due time, a new event or a changed plugin.
///
/// The daemon itself never loads a plugin or opens the store for writing: each tick is
/// a fresh process, so the memory a tick uses (Lua states, SQLite caches, the code of
/// everything a plugin can call) is returned when it ends, and the daemon stays small
/// while it waits, which is most of its life. Between ticks it reads two numbers from
/// the store (`SchedulerGlance`) when the store's log is written, and is otherwise woken
/// only by the kernel (`FolderWatch`), by the next due time, or by a signal.
///
/// SIGTERM and SIGINT are passed on to a running tick, which finishes the plugin run in
/// hand and exits; then the daemon exits too.
public struct Daemon {
    /// The practice folder and its store.
    public var practiceRoot: String
    public var storePath: String
    /// The command that runs one tick, program first.
    public var tickCommand: [String]
    /// The catalogue, asked for again after each tick (packs may have been installed).
    public var catalog: () -> PluginCatalog
    /// How often to look when the kernel cannot watch the folders.
    public var pollInterval: TimeInterval
    public var busyTimeout: Double

    public init(practice: Practice, tickCommand: [String], catalog: @escaping () -> PluginCatalog) {
        practiceRoot = practice.root.path
        storePath = practice.storeFile.path
        self.tickCommand = tickCommand
        self.catalog = catalog
        pollInterval = max(0.2, practice.config.scheduler.pollSeconds)
        busyTimeout = practice.config.store.busyTimeoutSeconds
    }

    /// Ticks and sleeps until a stop signal; returns the exit status: 0 when stopped, the
    /// first tick's status when that one failed (the practice or its store cannot be opened).
    /// `log` hears what the daemon itself has to say; ticks write to the same output.
    public func run(log: (String) -> Void) -> Int32 {
        let stopPipe = DaemonSignals.install()
        let watch = FolderWatch(practiceRoot: practiceRoot, storeFileName: (storePath as NSString).lastPathComponent)
        var first = true
        while !DaemonSignals.stopRequested {
            let before = try? SchedulerGlance.read(storePath: storePath, busyTimeout: busyTimeout)
            let status = runTick()
            if DaemonSignals.stopRequested { break }
            if status != 0, first {
                log("refer daemon: the first tick failed (exit status \(status)); see above. Stopping.")
                return status
            }
            let retryAt = status == 0 ? nil : Date() + pollInterval
            if status != 0 { log("refer daemon: the tick failed (exit status \(status)); trying again shortly") }
            first = false
            let catalog = catalog()
            watch.watch(roots: catalog.roots.map(\.url.path), folders: catalog.plugins.map(\.directory.path))
            var stamps = watch.complete ? 0 : Tick.fingerprint(of: Tick.scanCatalog(catalog))
            var seen = before?.newestEvent
            // Sleeps until a tick is needed.
            waiting: while !DaemonSignals.stopRequested {
                var wake = retryAt
                do {
                    let glance = try SchedulerGlance.read(storePath: storePath, busyTimeout: busyTimeout)
                    // Events recorded during the tick (by its own plugins, or by others) may be news to a plugin.
                    if let seen, glance.newestEvent > seen { break waiting }
                    seen = glance.newestEvent
                    if let next = glance.nextWake { wake = min(wake ?? next, next) }
                } catch {
                    log("refer daemon: \(error); trying again shortly")
                    wake = Date() + pollInterval
                }
                if let wake, wake.timeIntervalSinceNow <= 0 { break waiting }
                switch watch.wait(timeout: wake.map { $0.timeIntervalSinceNow }, pollInterval: pollInterval, stopPipe: stopPipe) {
                case .stop:
                    break waiting
                case .storeWritten:
                    continue waiting
                case .filesChanged:
                    // An editor saves in several steps: let it finish before the plugins are read.
                    usleep(100_000)
                    break waiting
                case .timeout:
                    if !watch.complete {
                        let now = Tick.fingerprint(of: Tick.scanCatalog(catalog))
                        if now != stamps { break waiting }
                        stamps = now
                    }
                }
            }
        }
        return 0
    }

    /// Runs one tick to its end; its exit status (128 + the signal when one ended it).
    private func runTick() -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The tick handles SIGTERM and SIGINT itself (it finishes the run in hand).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var arguments: [UnsafeMutablePointer<CChar>?] = tickCommand.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tickCommand[0], nil, &attributes, &arguments, environ)
        guard spawned == 0 else { return 127 }
        DaemonSignals.child = pid
        if DaemonSignals.stopRequested { kill(pid, SIGTERM) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        DaemonSignals.child = 0
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// The daemon's signal handling: SIGTERM and SIGINT set a flag, are passed on to the
/// running tick, and wake the daemon's sleep through a pipe. A plain C handler, as the
/// daemon sleeps in `poll` and waits in `waitpid` on its one thread.
enum DaemonSignals {
    nonisolated(unsafe) static var stop: Int32 = 0
    nonisolated(unsafe) static var child: pid_t = 0
    nonisolated(unsafe) static var pipeWrite: Int32 = -1

    static var stopRequested: Bool { stop != 0 }

    /// Installs the handlers; returns the end of the pipe to wait on.
    static func install() -> Int32 {
        unblock([SIGTERM, SIGINT])
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        pipeWrite = ends[1]
        for number in [SIGTERM, SIGINT] {
            signal(number) { _ in
                DaemonSignals.stop = 1
                let child = DaemonSignals.child
                if child > 0 { kill(child, SIGTERM) }
                var byte: UInt8 = 1
                _ = write(DaemonSignals.pipeWrite, &byte, 1)
            }
        }
        return ends[0]
    }
}

/// Unblocks `signals` in the calling thread (and the threads it starts later). A process
/// may start with them blocked, inherited from whatever started it (a test runner, a
/// supervisor): a stop request would then wait forever.
func unblock(_ signals: [Int32]) {
    var set = sigset_t()
    sigemptyset(&set)
    for number in signals { sigaddset(&set, number) }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}
