import Foundation
import Testing

/// What one run of the real `refer` binary printed and how it exited.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Decodes stdout as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    }
}

/// Runs the `refer` binary built next to this test bundle.
enum ReferRunner {
    /// The built `refer` executable (same products folder as the test bundle).
    static let binary: URL = {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("refer")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("refer")
    }()

    /// The fixture files (Tests/StoreTests/Fixtures), read from the source tree.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StoreTests/Fixtures").appendingPathComponent(name).path
    }

    /// Starts `refer` with `arguments`; the caller waits for it.
    static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "REFER_PRACTICE")
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        // Files, not pipes: a large output can never fill a pipe and stall the child.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("refer-run-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Runs `refer` to the end and captures its output.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
        let (process, out, err) = try start(arguments, in: directory, environment: environment)
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return RunResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// A practice in a temporary folder, made with the real `refer init`, removed at the end.
final class TempPractice {
    let root: URL

    init(timezone: String = "Europe/Bucharest") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("refer-test-\(UUID().uuidString)")
        let made = try ReferRunner.run(["init", root.path, "--name", "Test Practice", "--timezone", timezone])
        guard made.status == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var store: String { root.appendingPathComponent("refer.sqlite").path }

    /// Runs `refer ARGS --practice ROOT`.
    @discardableResult
    func run(_ arguments: String..., environment: [String: String] = [:]) throws -> RunResult {
        try ReferRunner.run(arguments + ["--practice", root.path], environment: environment)
    }

    /// Runs a command that must succeed and returns its stdout.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try ReferRunner.run(arguments + ["--practice", root.path])
        #expect(result.status == 0, "refer \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs a command that must fail and returns its stderr.
    @discardableResult
    func fails(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try ReferRunner.run(arguments + ["--practice", root.path])
        #expect(result.status != 0, "refer \(arguments.joined(separator: " ")) should have failed: \(result.stdout)", sourceLocation: sourceLocation)
        return result.stderr
    }

    /// Runs a command with `--json` and decodes its output.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let result = try ReferRunner.run(arguments + ["--json", "--practice", root.path])
        #expect(result.status == 0, "refer \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return try result.json()
    }

    /// Runs SQL through the sqlite3 command-line tool.
    func sql(_ statement: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", store, statement]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
