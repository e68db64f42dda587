import Foundation
import Model
import Scheduler
import Store
import TestSupport

/// A temporary practice for scheduler tests: plugins copied from Fixtures/, the real
/// `refer tick` and `refer daemon`, and the store opened directly to check results.
final class TickPractice: Sendable {
    let temp: TemporaryDirectory
    let root: URL
    /// An empty folder as the built-in plugins, so only the test's plugins run.
    let builtIns: URL

    /// `scheduler` and `limits` lines go under the practice's `[scheduler]` and `[limits]` sections.
    init(scheduler: String = "", limits: String = "") throws {
        temp = try TemporaryDirectory("refer-tick")
        root = try temp.makePractice()
        builtIns = temp.url.appendingPathComponent("no-built-ins")
        try FileManager.default.createDirectory(at: builtIns, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("refer.toml")
        let config = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "[scheduler]\n", with: "[scheduler]\n\(scheduler)\n")
            .replacingOccurrences(of: "[limits]\n", with: "[limits]\n\(limits)\n")
        try config.write(to: file, atomically: true, encoding: .utf8)
    }

    var environment: [String: String] { ["REFER_BUILTIN_PLUGINS": builtIns.path] }

    /// Copies the fixture plugin `fixture` into plugins/`name`, naming it `name`.
    func addPlugin(_ fixture: String, as name: String? = nil) throws {
        let name = name ?? fixture
        let source = Bundle.module.url(forResource: "Fixtures/\(fixture)/plugin", withExtension: "lua")!
        let text = try String(contentsOf: source, encoding: .utf8).replacingOccurrences(of: "NAME", with: name)
        let dir = root.appendingPathComponent("plugins/\(name)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8)
    }

    /// Runs `refer ARGS --practice ROOT`.
    @discardableResult
    func refer(_ arguments: [String], timeout: Double = 120) throws -> ReferProcess.Result {
        try ReferProcess.run(arguments + ["--practice", root.path], environment: environment, timeout: timeout)
    }

    /// `refer tick --now NOW --json`, decoded; throws when it does not exit 0.
    func tick(_ now: String? = nil) throws -> TickSummary {
        let result = try refer(["tick", "--json"] + (now.map { ["--now", $0] } ?? []))
        guard result.status == 0 else { throw TestSupportError("refer tick exited \(result.status): \(result.stderr)") }
        return try Self.decoder.decode(TickSummary.self, from: Data(result.stdout.utf8))
    }

    /// Starts `refer ARGS` without waiting, its output going to files.
    func launch(_ arguments: [String]) throws -> Launched {
        try Launched(arguments + ["--practice", root.path], environment: environment, folder: temp.url)
    }

    /// A local time in the practice's zone (Europe/Bucharest), as `--now` reads it.
    func instant(_ text: String) throws -> Date {
        try FriendlyDate.parse(text, timeZone: TimeZone(identifier: "Europe/Bucharest")!)
    }

    func store() throws -> AppDatabase { try AppDatabase.open(try Practice.open(at: root)) }

    func tasks() throws -> [FollowUpTask] { try store().tasks(includeDone: true) }

    func runs(_ plugin: String? = nil) throws -> [JobRun] { try store().jobHistory(plugin: plugin, limit: 100_000) }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// `refer tick --json`, as read back.
struct TickSummary: Decodable {
    var ran: Int
    var failed: Int
    var dead: Int
    var skipped: Int
    var problems: [String]
    var runs: [Run]

    struct Run: Decodable {
        var plugin: String
        var id: Int64?
        var state: String
        var attempt: Int
        var eventId: Int64?
        var changes: Int?
        var skipped: Int?
        var error: String?
        var nextAttemptAt: Date?
    }
}

/// A `refer` process started in the background.
final class Launched {
    let process = Process()
    let stdout: URL
    let stderr: URL

    init(_ arguments: [String], environment: [String: String], folder: URL) throws {
        let id = UUID().uuidString
        stdout = folder.appendingPathComponent("\(id).out")
        stderr = folder.appendingPathComponent("\(id).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.executableURL = ReferProcess.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "REFER_PRACTICE")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
    }

    var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// Waits until stdout or stderr contains `text`; false on timeout.
    func waitFor(_ text: String, timeout: Double) -> Bool {
        let deadline = Date() + timeout
        while Date() < deadline {
            if output.contains(text) || errors.contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end; nil when it is still running after `timeout`
    /// (it is then killed).
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date() + timeout
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            send(SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
