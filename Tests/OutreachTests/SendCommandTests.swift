import Foundation
import Testing
import TestSupport

/// `refer outbox` and `refer send` through the real binary: plugin drafts to delivery,
/// through msmtp to an SMTP server, into .eml files, and across a killed send.
@Suite struct SendCommandTests {
    static let partners: [(name: String, email: String?)] = [
        ("Radu Popa", "radu@lex.test"), ("Ioana Țăranu", "ioana@banca.test"), ("Mihai Ene", "mihai@audit.test"),
        ("Elena Dobre", "elena@broker.test"), ("Sorin Pavel", "sorin@notar.test"),
    ]

    /// The message ids, in order, whose Message-ID is in `data` (one RFC 5322 message).
    static func messageID(in data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("Message-ID: ") }) else { return nil }
        return String(line.dropFirst("Message-ID: <".count).dropLast())
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp"), "msmtp is not installed (apt-get install msmtp)"))
    func pluginDraftsAreApprovedAndArriveByteForByteThroughMsmtp() async throws {
        let practice = try await OutboxPractice(partners: Array(Self.partners.prefix(2)))
        try await practice.check(["run", "thank-partners"])
        // Running the plugin again must not draft the same thanks twice.
        try await practice.check(["run", "thank-partners"])

        let listed = try #require(try await practice.json(["outbox"]) as? [[String: Any]])
        #expect(listed.map { $0["state"] as? String } == ["draft", "draft"])
        #expect(Set(listed.compactMap { ($0["to"] as? [String])?.first }) == ["Radu Popa <radu@lex.test>", "Ioana Țăranu <ioana@banca.test>"])
        #expect(Set(listed.compactMap { $0["subject"] as? String }) == ["Mulțumim, Radu Popa", "Mulțumim, Ioana Țăranu"])
        #expect(Set(listed.compactMap { $0["key"] as? String }) == ["thank-partners/contact:1/thank-you", "thank-partners/contact:2/thank-you"])

        let sink = try SMTPSink(expecting: 2)
        defer { sink.stop() }
        try await practice.setDeliveryCommand("msmtp -t --host=127.0.0.1 --port=\(sink.port) --from=office@acme.test --auth=off --tls=off")
        let early = try await practice.refer(["send"])
        #expect(early.status == 0)
        #expect(early.stdout.contains("Sent 0, failed 0, uncertain 0, waiting 0, awaiting approval 2."))

        let approved = try await practice.check(["outbox", "approve", "--all"])
        #expect(approved.stdout.contains("Approved message 1 to "))
        #expect(approved.stdout.contains("Approved message 2 to "))
        let sent = try await practice.refer(["send"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("Sent 2, failed 0"))
        #expect(try await practice.states() == ["sent", "sent"])

        for index in 0..<2 {
            let arrived = try #require(try await sink.received(index))
            let id = try #require(try await practice.messages().first { $0["messageID"] as? String == Self.messageID(in: arrived) }?["id"] as? Int)
            let shown = try await practice.check(["outbox", "show", String(id)])
            #expect(Data(shown.stdout.utf8) == arrived)
        }
    }

    @Test func withoutACommandMessagesBecomeEmlFilesThatPythonReads() async throws {
        let practice = try await OutboxPractice(partners: Array(Self.partners.prefix(1)), requireApproval: false)
        try await practice.check(["run", "thank-partners"])
        #expect(try await practice.states() == ["approved"])
        let sent = try await practice.check(["send"])
        #expect(sent.stdout.contains("Sent 1,"))

        let entry = try #require(try await practice.json(["outbox", "show", "1"]) as? [String: Any])
        let file = practice.dir.appendingPathComponent("outbox/\(entry["messageID"] as? String ?? "?").eml")
        let parsed = try runPython("parse_mime.py", [file.path]).json
        #expect(parsed["subject"] as? String == "Mulțumim, Radu Popa")
        #expect(parsed["to"] as? [[String]] == [["Radu Popa", "radu@lex.test"]])
        #expect(parsed["from"] as? [[String]] == [["Maria Ștefănescu", "office@acme.test"]])
        #expect(parsed["refer_key"] as? String == "thank-partners/contact:1/thank-you")
        #expect((parsed["defects"] as? [Any])?.isEmpty == true)
        let body = (parsed["parts"] as? [[String: Any]])?.first?["body"] as? String
        #expect(body == entry["text"] as? String)
        #expect(body?.contains("thank you for the introductions you made this autumn") == true)
        #expect(try Data(contentsOf: file) == Data(try await practice.check(["outbox", "show", "1"]).stdout.utf8))
    }

    enum Stall: String, CaseIterable, CustomTestStringConvertible {
        /// Killed after the third message reached the command: it went out.
        case after
        /// Killed before the command took it: it did not.
        case before
        var testDescription: String { "stalled \(rawValue) delivery" }
    }

    @Test(arguments: Stall.allCases)
    func aSendKilledMidBatchNeitherRepeatsNorLosesAMessage(stall: Stall) async throws {
        let practice = try await OutboxPractice(partners: Self.partners)
        try await practice.check(["run", "thank-partners"])
        try await practice.check(["outbox", "approve", "--all"])
        let capture = practice.temp.url.appendingPathComponent("delivered")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        try await practice.setDeliveryCommand("sh \(Fixtures.script("stall-sendmail.sh")) \(capture.path) 3 \(stall.rawValue)")

        // Start `refer send`, wait until the command hangs on message 3, and SIGKILL refer.
        let send = Process()
        send.executableURL = ReferProcess.binary
        send.arguments = ["send", "--practice", practice.dir.path]
        send.standardOutput = FileHandle.nullDevice
        send.standardError = FileHandle.nullDevice
        try send.run()
        let marker = capture.appendingPathComponent("stalled.pid")
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: marker.path) {
            try await Task.sleep(for: .milliseconds(100))
        }
        let pid = try #require(Int32(try String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(send.processIdentifier, SIGKILL)
        // The hanging command outlives refer (it has a process group of its own); stop it
        // too, or it would hold open the descriptors it inherited (Foundation watches one
        // of them to see refer end) for two minutes.
        kill(-pid, SIGKILL)
        send.waitUntilExit()
        #expect(send.terminationReason == .uncaughtSignal)
        #expect(try await practice.states() == ["sent", "sent", "sending", "approved", "approved"])

        // The next send delivers the rest and leaves the uncertain one alone.
        let next = try await practice.refer(["send"])
        #expect(next.status == 0)
        #expect(next.stdout.contains("Sent 2, failed 0, uncertain 1"))
        #expect(next.stdout.contains("uncertain 3 to "))
        #expect(next.stdout.contains("refer outbox resolve ID --sent"))
        #expect(try await practice.states() == ["sent", "sent", "sending", "sent", "sent"])

        // The user checks (here: the command's folder) and settles it.
        try await practice.check(["outbox", "resolve", "3", stall == .after ? "--sent" : "--retry"])
        let last = try await practice.refer(["send"])
        #expect(last.stdout.contains(stall == .after ? "Sent 0, failed 0, uncertain 0" : "Sent 1, failed 0, uncertain 0"))
        #expect(try await practice.states() == Array(repeating: "sent", count: 5))

        let files = try FileManager.default.contentsOfDirectory(atPath: capture.path).filter { $0.hasSuffix(".eml") }
        let delivered = try files.map { Self.messageID(in: try Data(contentsOf: capture.appendingPathComponent($0))) }
        let expected = try await practice.messages().map { $0["messageID"] as? String }
        #expect(delivered.count == 5)
        #expect(Set(delivered) == Set(expected))
    }

    @Test func aFailingCommandKeepsTheErrorAndIsRetriedLater() async throws {
        let practice = try await OutboxPractice(partners: Array(Self.partners.prefix(1)), requireApproval: false)
        try await practice.check(["run", "thank-partners"])
        try await practice.setDeliveryCommand("sh \(Fixtures.script("failing-sendmail.sh"))")
        let first = try await practice.refer(["send"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("Sent 0, failed 1"))
        #expect(first.stdout.contains("exit status 75"))
        var message = try #require(try await practice.messages().first)
        #expect(message["state"] as? String == "failed")
        #expect(message["attempts"] as? Int == 1)
        #expect((message["lastError"] as? String)?.contains("Connection refused") == true)
        #expect(message["nextAttemptAt"] != nil)

        // Before its retry time the message waits, with its error.
        let early = try await practice.refer(["send"])
        #expect(early.stdout.contains("Sent 0, failed 0, uncertain 0, waiting 1"))
        #expect(try await practice.messages().first?["attempts"] as? Int == 1)
        let listed = try await practice.check(["outbox"])
        #expect(listed.stdout.contains("failed"))

        // The mail server is back and the wait is over: the next send delivers it.
        let capture = practice.temp.url.appendingPathComponent("stdin.eml")
        try await practice.setDeliveryCommand("sh \(Fixtures.script("capture-sendmail.sh")) \(capture.path)")
        try await practice.expireRetryWaits()
        let retried = try await practice.refer(["send"])
        #expect(retried.stdout.contains("Sent 1, failed 0"))
        message = try #require(try await practice.messages().first)
        #expect(message["state"] as? String == "sent")
        #expect(message["attempts"] as? Int == 2)
        #expect(message["lastError"] == nil)
        #expect(try Data(contentsOf: capture) == Data(try await practice.check(["outbox", "show", "1"]).stdout.utf8))
    }

    @Test func aDeliveryCommandThatIsNotInstalledStopsBeforeAnyMessageIsTouched() async throws {
        let practice = try await OutboxPractice(partners: Array(Self.partners.prefix(1)), requireApproval: false)
        try await practice.check(["run", "thank-partners"])
        try practice.setDeliveryCommand("no-such-mailer-here -t")
        let send = try await practice.refer(["send"])
        #expect(send.status == 1)
        #expect(send.stderr.contains("[delivery] command: the delivery command \"no-such-mailer-here\" was not found on PATH"))
        #expect(send.stderr.contains("Nothing was sent."))
        let message = try #require(try await practice.messages().first)
        #expect(message["state"] as? String == "approved")
        #expect(message["attempts"] as? Int == 0)
    }

    @Test func anUnwritableOutboxFolderFailsClearlyAndLosesNothing() async throws {
        let practice = try await OutboxPractice(partners: Array(Self.partners.prefix(2)), requireApproval: false)
        try await practice.check(["run", "thank-partners"])
        let folder = practice.dir.appendingPathComponent("outbox")
        try FileManager.default.removeItem(at: folder)
        try Data("not a folder".utf8).write(to: folder)

        let blocked = try await practice.refer(["send"])
        #expect(blocked.status == 0)
        #expect(blocked.stdout.contains("Sent 0, failed 2"))
        #expect(blocked.stdout.contains("cannot write message"))
        #expect(blocked.stdout.contains("the message stays in the outbox"))
        #expect(try await practice.states() == ["failed", "failed"])

        try FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await practice.expireRetryWaits()
        let sent = try await practice.refer(["send"])
        #expect(sent.stdout.contains("Sent 2, failed 0"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.count == 2)
    }

    @Test func aPartnerWithoutAnEmailStopsTheDraftAtThePluginLine() async throws {
        let practice = try await OutboxPractice(partners: [("Radu Popa", "radu@lex.test"), ("Dan Fără-Email", nil)])
        let source = try String(contentsOf: Fixtures.url("plugins/thank-partners/plugin.lua"), encoding: .utf8)
        let line = try #require(source.components(separatedBy: "\n").firstIndex { $0.contains("ctx.outreach.draft") }) + 1
        let run = try await practice.refer(["run", "thank-partners"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("plugins/thank-partners/plugin.lua:\(line)"))
        #expect(run.stderr.contains("'Dan Fără-Email' has no email address"))
        #expect(run.stderr.contains("refer contact edit 2 --email ADDRESS"))
        // All or nothing: Radu's draft was not written either.
        #expect(try await practice.messages().isEmpty)
    }
}
