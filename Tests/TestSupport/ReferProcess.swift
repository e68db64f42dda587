import Foundation

/// Runs the real `refer` binary, as a user would, and captures what it says.
public struct ReferProcess {
    /// The result of one run.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var seconds: Double
        /// True when the process ended by a signal rather than exiting.
        public var signaled: Bool
    }

    /// The built `refer` executable next to the test bundle.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["REFER_BINARY"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        let candidate = dir.appendingPathComponent("refer")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("refer")
    }

    /// Runs `refer` with `arguments`; kills it after `timeout` seconds.
    @discardableResult
    public static func run(
        _ arguments: [String],
        in directory: URL? = nil,
        environment: [String: String] = [:],
        stdin: String? = nil,
        timeout: Double = 60
    ) throws -> Result {
        try runProgram(binary, arguments, in: directory, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// Runs any program the same way.
    public static func runProgram(
        _ program: URL,
        _ arguments: [String],
        in directory: URL? = nil,
        environment: [String: String] = [:],
        stdin: String? = nil,
        timeout: Double = 60
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "REFER_PRACTICE")
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let started = Date()
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a chatty child never blocks.
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            // Own threads: the dispatch pool may be busy with other tests' blocking work.
            Thread.detachNewThread {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        let deadline = DispatchTime.now() + timeout
        if group.wait(timeout: deadline) == .timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            group.wait()
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self),
            seconds: Date().timeIntervalSince(started),
            signaled: process.terminationReason == .uncaughtSignal)
    }
}

/// A byte buffer filled by one thread and read by another after a join.
final class LockedData: @unchecked Sendable {
    // Guarded by `lock`; @unchecked because NSLock is how the guarding is done.
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// A temporary folder removed when the value is dropped.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ prefix: String = "refer-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Makes a practice in a subfolder with the real `refer init` and returns its folder.
    public func makePractice(name: String = "practice", timezone: String = "Europe/Bucharest") throws -> URL {
        let dir = url.appendingPathComponent(name, isDirectory: true)
        let result = try ReferProcess.run(["init", dir.path, "--name", "Test Practice", "--timezone", timezone])
        guard result.status == 0 else {
            throw TestSupportError("refer init failed (\(result.status)): \(result.stderr)")
        }
        return dir
    }
}

/// A failure in the test scaffolding itself.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Copies a folder (plugin fixtures into a practice, for example).
public func copyFolder(_ source: URL, to destination: URL) throws {
    let fm = FileManager.default
    if fm.fileExists(atPath: destination.path) { try fm.removeItem(at: destination) }
    try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
    try fm.copyItem(at: source, to: destination)
}
