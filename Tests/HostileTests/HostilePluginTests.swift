import Foundation
import Testing
import TestSupport

/// Plugins that try to escape or exhaust the host, each run with the real
/// `refer run NAME` in a practice with the default memory and time limits (64 MiB, 5 s)
/// and an instruction budget too large to reach in 5 s, so that a loop is stopped by
/// the deadline on a fast machine as on a slow one (`instructionBudgetFromReferToml`
/// tests the budget).
///
/// Each fixture folder holds `plugin.lua` and `expect.txt`, a phrase the error must
/// contain. Every run must exit with status 1 (not a signal, not 0), name the plugin,
/// and end within the deadline plus one second; a normal plugin then runs fine.
@Suite(.serialized)
struct HostilePluginTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Plugins")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    static let practice: (TemporaryDirectory, URL) = {
        let temp = try! TemporaryDirectory("refer-hostile")
        let dir = try! temp.makePractice()
        let toml = dir.appendingPathComponent("refer.toml")
        try! String(contentsOf: toml, encoding: .utf8)
            .replacingOccurrences(of: "# instructions = 1000000000", with: "instructions = 1000000000000")
            .write(to: toml, atomically: true, encoding: .utf8)
        for name in names {
            try! copyFolder(fixtures.appendingPathComponent(name), to: dir.appendingPathComponent("plugins/\(name)"))
        }
        let good = dir.appendingPathComponent("plugins/well-behaved")
        try! FileManager.default.createDirectory(at: good, withIntermediateDirectories: true)
        try! """
        return { name = "well-behaved", description = "prints one line", run = function(ctx)
          print("still fine", ctx.plugin)
        end }
        """.write(to: good.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8)
        return (temp, dir)
    }()

    @Test(arguments: names)
    func hostilePluginIsStopped(name: String) throws {
        let dir = Self.practice.1
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name)/expect.txt"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try ReferProcess.run(["run", name, "--practice", dir.path], timeout: 20)
        #expect(!result.signaled, "\(name) ended by a signal")
        #expect(result.status == 1, "\(name) exited \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("plugin '\(name)'"), "\(name): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(name): expected “\(expected)” in: \(result.stderr)")
        #expect(result.seconds < 6.0, "\(name) took \(result.seconds) s")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/refer-pwned"))

        let after = try ReferProcess.run(["run", "well-behaved", "--practice", dir.path])
        #expect(after.status == 0)
        #expect(after.stdout == "[well-behaved] still fine\twell-behaved\n")
    }

    @Test func instructionBudgetFromReferToml() throws {
        let dir = Self.practice.1
        let temp = try TemporaryDirectory("refer-budget")
        let practice = try temp.makePractice()
        try copyFolder(dir.appendingPathComponent("plugins/endless-loop"), to: practice.appendingPathComponent("plugins/endless-loop"))
        let toml = practice.appendingPathComponent("refer.toml")
        var text = try String(contentsOf: toml, encoding: .utf8)
        text = text.replacingOccurrences(of: "# instructions = 1000000000", with: "instructions = 100000")
        try text.write(to: toml, atomically: true, encoding: .utf8)
        let result = try ReferProcess.run(["run", "endless-loop", "--practice", practice.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("instruction limit exceeded"), "\(result.stderr)")
        #expect(result.stderr.contains("plugins/endless-loop/plugin.lua:2"), "\(result.stderr)")
        #expect(result.seconds < 2)
    }
}
