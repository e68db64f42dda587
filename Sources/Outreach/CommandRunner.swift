import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program with bytes on its stdin and a deadline, collecting stderr.
enum CommandRunner {
    /// How a run ended.
    struct Outcome: Sendable {
        var status: Int32
        var stderr: String
        var timedOut: Bool
    }

    /// Collects a pipe's bytes on a reader thread.
    /// `@unchecked Sendable`: `data` is written by the reader before `group` is left
    /// and read only after waiting on `group`, with `lock` around both.
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
        var bytes: Data { lock.lock(); defer { lock.unlock() }; return data }
    }

    /// A write to a pipe whose reader has exited must fail with EPIPE rather than kill
    /// `refer` with SIGPIPE; ignored once, the first time a command runs.
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

    /// Runs `executable` with `arguments`, feeds `input` on stdin, and waits at most
    /// `timeout` seconds; then it is stopped (SIGTERM, then SIGKILL) and `timedOut` set.
    /// Blocks the calling thread; ``run(_:arguments:input:timeout:)`` is the async face.
    static func runBlocking(_ executable: String, arguments: [String], input: Data, timeout: TimeInterval) throws -> Outcome {
        _ = ignoreSIGPIPE
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let group = DispatchGroup()
        let errors = Sink()
        let writer = stdinPipe.fileHandleForWriting
        DispatchQueue.global().async(group: group) {
            // EPIPE means the command exited early; its exit status tells what happened.
            writeAll(input, to: writer.fileDescriptor)
            try? writer.close()
        }
        let errorReader = stderrPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) {
            errors.append(errorReader.readDataToEndOfFile())
        }
        let outputReader = stdoutPipe.fileHandleForReading
        DispatchQueue.global().async(group: group) {
            _ = outputReader.readDataToEndOfFile()
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        // A grandchild could keep the pipes open; do not wait for it for long.
        _ = group.wait(timeout: .now() + 2)
        let stderr = String(decoding: errors.bytes, as: UTF8.self)
        return Outcome(status: process.terminationStatus, stderr: stderr, timedOut: timedOut)
    }

    /// ``runBlocking(_:arguments:input:timeout:)`` on a background thread.
    static func run(_ executable: String, arguments: [String], input: Data, timeout: TimeInterval) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments: arguments, input: input, timeout: timeout)
                })
            }
        }
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
