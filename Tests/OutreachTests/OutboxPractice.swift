import Foundation
import TestSupport

/// A temporary practice for the outbox commands: partners, the `thank-partners` plugin
/// from `Fixtures/plugins`, and the real `refer` binary to drive it.
final class OutboxPractice {
    let temp: TemporaryDirectory
    let dir: URL

    /// A practice whose partners are `partners` (name, and email when they have one).
    init(partners: [(name: String, email: String?)], requireApproval: Bool = true) async throws {
        temp = try TemporaryDirectory("refer-outbox")
        dir = try temp.makePractice()
        var config = try String(contentsOf: configFile, encoding: .utf8)
        config = config.replacingOccurrences(
            of: "[practice]\n", with: "[practice]\nemail = \"office@acme.test\"\nowner = \"Maria Ștefănescu\"\n")
        config = config.replacingOccurrences(of: "[delivery]\n", with: "[delivery]\nrequire_approval = \(requireApproval)\n")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        try copyFolder(Fixtures.url("plugins/thank-partners"), to: dir.appendingPathComponent("plugins/thank-partners"))
        for partner in partners {
            var add = ["contact", "add", partner.name, "--kind", "professional"]
            if let email = partner.email { add += ["--email", email] }
            try await check(add)
            try await check(["partner", "add", partner.email ?? partner.name])
        }
    }

    var configFile: URL { dir.appendingPathComponent("refer.toml") }

    /// Sets `[delivery] command` (a TOML literal string, so paths need no escaping).
    func setDeliveryCommand(_ command: String) throws {
        var lines = try String(contentsOf: configFile, encoding: .utf8).components(separatedBy: "\n")
        lines.removeAll { $0.hasPrefix("command = ") }
        guard let section = lines.firstIndex(of: "[delivery]") else { throw TestSupportError("no [delivery] in refer.toml") }
        lines.insert("command = '\(command)'", at: section + 1)
        try lines.joined(separator: "\n").write(to: configFile, atomically: true, encoding: .utf8)
    }

    /// Runs `refer ARGS --practice DIR` on a thread of its own: waiting for the process
    /// must not hold one of the few threads (Swift concurrency's, or Dispatch's global
    /// queue, which sendmail commands use) that the other tests of the process need.
    @discardableResult
    func refer(_ arguments: [String], environment: [String: String] = [:]) async throws -> ReferProcess.Result {
        let all = arguments + ["--practice", dir.path]
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try ReferProcess.run(all, environment: environment) })
            }.start()
        }
    }

    /// Runs `refer ARGS` and fails the setup unless it exits 0.
    @discardableResult
    func check(_ arguments: [String]) async throws -> ReferProcess.Result {
        let result = try await refer(arguments)
        guard result.status == 0 else {
            throw TestSupportError("refer \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// `refer ARGS --json`, parsed.
    func json(_ arguments: [String]) async throws -> Any {
        let result = try await check(arguments + ["--json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// Every message in the outbox (`refer outbox --all --json`), by id.
    func messages() async throws -> [[String: Any]] {
        (try await json(["outbox", "--all"]) as? [[String: Any]]) ?? []
    }

    /// The states of all messages, in id order.
    func states() async throws -> [String] {
        try await messages().map { $0["state"] as? String ?? "?" }
    }

    /// Makes every failed message due for its next attempt now, as if the back-off had passed.
    func expireRetryWaits() throws {
        let result = try ReferProcess.runProgram(
            URL(fileURLWithPath: "/usr/bin/sqlite3"),
            [dir.appendingPathComponent("refer.sqlite").path,
             "UPDATE outbox SET next_attempt_at = '2000-01-01 00:00:00.000' WHERE state = 'failed'"])
        guard result.status == 0 else { throw TestSupportError("sqlite3: \(result.stderr)") }
    }
}
