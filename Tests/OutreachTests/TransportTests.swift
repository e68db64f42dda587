import Foundation
import Testing
@testable import Outreach

/// The SMTP sink from `Fixtures/scripts/smtp_sink.py`, run for one test.
final class SMTPSink {
    let process = Process()
    let folder: URL
    let port: Int

    init(expecting count: Int) throws {
        folder = try makeTemporaryDirectory()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.script("smtp_sink.py"), folder.path, "\(count)", "30"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = out.fileHandleForReading.availableData
            if more.isEmpty { break }
            line += more
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The DATA of message `index`, once it has arrived (waits up to 10 s).
    func received(_ index: Int) async throws -> Data? {
        let file = folder.appendingPathComponent("\(index).eml")
        for _ in 0..<100 {
            if let data = try? Data(contentsOf: file) { return data }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

@Suite struct TransportTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp"), "msmtp is not installed (apt-get install msmtp)"))
    func msmtpDeliversTheExactBytesToAnSMTPServer() async throws {
        let sink = try SMTPSink(expecting: 1)
        defer { sink.stop() }
        #expect(sink.port > 0)
        let transport = try SendmailTransport(
            commandLine: "msmtp -t --host=127.0.0.1 --port=\(sink.port) --from=office@acme.ro --auth=off --tls=off",
            timeout: 20)
        var message = sampleMessage(text: "Dragă Ana,\n.\n..and a line starting with dots\nmulțumim!\n")
        message.cc = [MailAddress("copy@example.org", name: "Copie")]
        try await transport.deliver(message)

        let arrived = try #require(try await sink.received(0))
        #expect(arrived == (try message.rfc5322Data()))
        let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: sink.folder.appendingPathComponent("0.json"))) as? [String: Any]
        #expect(envelope?["from"] as? String == "<office@acme.ro>")
        #expect(envelope?["to"] as? [String] == ["<ana@example.ro>", "<copy@example.org>"])
    }

    @Test func commandGetsTheMessageOnStdin() async throws {
        let folder = try makeTemporaryDirectory()
        let capture = folder.appendingPathComponent("stdin.eml")
        let transport = try SendmailTransport(commandLine: "sh '\(Fixtures.script("capture-sendmail.sh"))' '\(capture.path)'")
        let message = sampleMessage()
        try await transport.deliver(message)
        #expect(try Data(contentsOf: capture) == message.rfc5322Data())
    }

    @Test func failingCommandReportsStatusAndStderr() async throws {
        let transport = try SendmailTransport(commandLine: "sh \(Fixtures.script("failing-sendmail.sh"))")
        let error = await #expect(throws: OutreachError.self) { try await transport.deliver(sampleMessage()) }
        guard case .deliveryCommandFailed(_, let id, let status, let stderr)? = error else {
            Issue.record("expected deliveryCommandFailed, got \(String(describing: error))")
            return
        }
        #expect(id == "test-1@acme.ro")
        #expect(status == 75)
        #expect(stderr.contains("Connection refused"))
        #expect(error?.description.contains("exit status 75") == true)
    }

    @Test func hangingCommandIsStoppedAtTheTimeout() async throws {
        let transport = try SendmailTransport(commandLine: "sh \(Fixtures.script("slow-sendmail.sh"))", timeout: 0.5)
        let started = Date()
        let error = await #expect(throws: OutreachError.self) { try await transport.deliver(sampleMessage()) }
        // 0.5 s, then SIGTERM and at most 2 s to SIGKILL: anything near a minute is a hang.
        #expect(Date().timeIntervalSince(started) < 30)
        guard case .deliveryCommandTimedOut(_, _, let seconds, _)? = error else {
            Issue.record("expected deliveryCommandTimedOut, got \(String(describing: error))")
            return
        }
        #expect(seconds == 0.5)
    }

    @Test func unknownOrMalformedCommandsAreRefusedUpFront() {
        #expect(throws: OutreachError.deliveryCommandNotFound(command: "no-such-sendmail-here")) {
            try SendmailTransport(commandLine: "no-such-sendmail-here -t")
        }
        #expect(throws: OutreachError.deliveryCommandEmpty) { try SendmailTransport(commandLine: "   ") }
        #expect(throws: OutreachError.self) { try SendmailTransport(commandLine: "sendmail 'unclosed") }
    }

    @Test func commandLinesSplitLikeAShell() throws {
        let words = try CommandLineSplitter.split(#"msmtp -t --from="Ana <a@x.ro>" 'it''s' a\ b "q\"uote""#).get()
        #expect(words == ["msmtp", "-t", "--from=Ana <a@x.ro>", "its", "a b", "q\"uote"])
    }

    @Test func emlFilesAreWrittenWholeAndParseBack() async throws {
        let folder = try makeTemporaryDirectory().appendingPathComponent("outbox")
        let transport = EmlDirectoryTransport(directory: folder)
        let message = sampleMessage()
        try await transport.deliver(message)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files == ["test-1@acme.ro.eml"])
        let file = transport.fileURL(for: message)
        #expect(try Data(contentsOf: file) == message.rfc5322Data())
        let parsed = try runPython("parse_mime.py", [file.path]).json
        #expect(parsed["subject"] as? String == message.subject)
        #expect((parsed["parts"] as? [[String: Any]])?.first?["body"] as? String == message.text)
    }

    @Test func unwritableFolderIsAClearError() async throws {
        let base = try makeTemporaryDirectory()
        let blocker = base.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let transport = EmlDirectoryTransport(directory: blocker.appendingPathComponent("outbox"))
        let error = await #expect(throws: OutreachError.self) { try await transport.deliver(sampleMessage()) }
        guard case .emlWriteFailed(let directory, let id, _)? = error else {
            Issue.record("expected emlWriteFailed, got \(String(describing: error))")
            return
        }
        #expect(directory == blocker.appendingPathComponent("outbox").path)
        #expect(id == "test-1@acme.ro")
        #expect(error?.description.contains("the message stays in the outbox") == true)
    }
}
