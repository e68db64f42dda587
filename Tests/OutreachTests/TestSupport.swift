import Foundation
import Testing
@testable import Outreach

/// Files under `Tests/OutreachTests/Fixtures`, copied into the test bundle.
enum Fixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func url(_ path: String) -> URL {
        root.appendingPathComponent(path)
    }

    static func templates(_ folder: String) -> URL {
        url("templates/" + folder)
    }

    static func script(_ name: String) -> String {
        url("scripts/" + name).path
    }
}

/// What a finished program left behind.
struct ProgramResult {
    var status: Int32
    var stdout: Data
    var stderr: String

    var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: stdout)) as? [String: Any]) ?? [:]
    }
}

/// Runs a program to completion (tests only: no timeout, output read after exit).
func runProgram(_ executable: String, _ arguments: [String]) throws -> ProgramResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProgramResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
}

/// Runs one of the Python scripts in `Fixtures/scripts`.
func runPython(_ script: String, _ arguments: [String]) throws -> ProgramResult {
    try runProgram("/usr/bin/env", ["python3", Fixtures.script(script)] + arguments)
}

/// A fresh empty folder under the system's temporary folder.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("refer-outreach-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Whether Python's `icalendar` package can be imported here.
let pythonHasICalendar: Bool = {
    (try? runProgram("/usr/bin/env", ["python3", "-c", "import icalendar"]).status) == 0
}()

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    // `@unchecked Sendable`: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_796_000_000)) {
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }
}

/// A transport that keeps every message it is given, optionally after a pause.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    // `@unchecked Sendable`: `delivered` is only touched under `lock`.
    private let lock = NSLock()
    private var delivered: [MailMessage] = []
    let pause: Duration

    init(pause: Duration = .zero) {
        self.pause = pause
    }

    var messages: [MailMessage] {
        lock.lock()
        defer { lock.unlock() }
        return delivered
    }

    func deliver(_ message: MailMessage) async throws {
        if pause > .zero { try await Task.sleep(for: pause) }
        lock.withLock { delivered.append(message) }
    }
}

/// A sample message with Romanian names, an emoji and both bodies.
func sampleMessage(html: String? = "<p>Mulțumim!</p>\n", text: String = "Dragă Ana,\n\nmulțumim!\n") -> MailMessage {
    MailMessage(
        from: MailAddress("office@acme.ro", name: "Biroul Ștefănescu"),
        to: [MailAddress("ana@example.ro", name: "Ana Țăranu")],
        subject: "Mulțumim pentru recomandare 🎉",
        text: text, html: html,
        date: Date(timeIntervalSince1970: 1_796_000_000), timeZone: "Europe/Bucharest",
        messageID: "test-1@acme.ro")
}
