import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program with bytes on its stdin and a deadline, collecting stderr.
///
/// Built on `posix_spawn` rather than `Process` because a timeout must stop the whole
/// command: the program is started in a process group of its own, and the group is
/// signalled, so a shell wrapper's children (which would otherwise keep the pipes
/// open and the caller waiting) stop too.
enum CommandRunner {
    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status, or 128 + the signal number when a signal ended it.
        var status: Int32
        var stderr: String
        var timedOut: Bool
    }

    /// Bytes or a status handed from a helper thread to the waiting one.
    /// `@unchecked Sendable`: every access to `data` and `status` holds `lock`.
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private var exitStatus: Int32 = 0
        func append(_ more: Data) { lock.withLock { data.append(more) } }
        var bytes: Data { lock.withLock { data } }
        var status: Int32 {
            get { lock.withLock { exitStatus } }
            set { lock.withLock { exitStatus = newValue } }
        }
    }

    /// A write to a pipe whose reader has exited must fail with EPIPE rather than kill
    /// `refer` with SIGPIPE; ignored once, the first time a command runs. The child
    /// gets the default disposition back (see `POSIX_SPAWN_SETSIGDEF` below).
    private static let ignoreSIGPIPE: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// The full path of `program`: as given when it contains `/`, else found on `PATH`.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// ``runBlocking(_:arguments:input:timeout:)`` on a background thread.
    static func run(_ executable: String, arguments: [String], input: Data, timeout: TimeInterval) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments: arguments, input: input, timeout: timeout)
                })
            }
        }
    }

    /// Runs `executable` with `arguments`, feeds `input` on stdin, and waits at most
    /// `timeout` seconds; then its process group gets SIGTERM, two seconds later
    /// SIGKILL, and `timedOut` is set. Blocks the calling thread.
    static func runBlocking(_ executable: String, arguments: [String], input: Data, timeout: TimeInterval) throws -> Outcome {
        _ = ignoreSIGPIPE
        let stdinPipe = try makePipe(), stdoutPipe = try makePipe(), stderrPipe = try makePipe()
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, stdin: stdinPipe.read, stdout: stdoutPipe.write, stderr: stderrPipe.write)
        } catch {
            [stdinPipe.read, stdinPipe.write, stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write].forEach { _ = close($0) }
            throw error
        }
        [stdinPipe.read, stdoutPipe.write, stderrPipe.write].forEach { _ = close($0) }

        let group = DispatchGroup()
        let errors = Sink()
        let writeEnd = stdinPipe.write, outEnd = stdoutPipe.read, errEnd = stderrPipe.read
        onOwnThread(group) {
            // EPIPE means the command exited early; its exit status tells what happened.
            writeAll(input, to: writeEnd)
            close(writeEnd)
        }
        onOwnThread(group) { drain(errEnd, into: errors) }
        onOwnThread(group) { drain(outEnd, into: Sink()) }

        let exited = DispatchSemaphore(value: 0)
        let exit = Sink()
        onOwnThread(nil) {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exit.status = status
            exited.signal()
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(-pid, SIGTERM)
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(-pid, SIGKILL)
                exited.wait()
            }
        }
        // Something that left the group could still hold the pipes; do not wait long.
        _ = group.wait(timeout: .now() + 2)
        let raw = exit.status
        let status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        return Outcome(status: status, stderr: String(decoding: errors.bytes, as: UTF8.self), timedOut: timedOut)
    }

    /// Runs blocking work on a thread of its own. The shared dispatch pool can be
    /// exhausted by other blocked work, and a reaper or a pipe reader that never gets
    /// a thread would turn a timeout into a hang.
    private static func onOwnThread(_ group: DispatchGroup?, _ body: @escaping @Sendable () -> Void) {
        group?.enter()
        Thread.detachNewThread {
            body()
            group?.leave()
        }
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // Close-on-exec everywhere: the child gets its ends through dup2 only.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func spawn(_ executable: String, _ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        return pid
    }

    /// Reads `fd` to its end into `sink`, then closes it.
    private static func drain(_ fd: Int32, into sink: Sink) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            sink.append(Data(buffer[0..<count]))
        }
        close(fd)
    }

    /// Writes all of `data` to `fd`, retrying on EINTR. Returns `errno` of a failed
    /// write, `nil` when all was written.
    @discardableResult
    static func writeAll(_ data: Data, to fd: Int32) -> Int32? {
        data.withUnsafeBytes { raw -> Int32? in
            guard var pointer = raw.baseAddress else { return nil }
            var left = raw.count
            while left > 0 {
                let written = write(fd, pointer, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                pointer += written
                left -= written
            }
            return nil
        }
    }
}
