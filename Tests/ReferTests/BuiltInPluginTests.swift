import Foundation
import Testing
import TestSupport

/// The built-in plugins in `plugins/`: each loads, has a README and test cases, and its
/// cases pass through the real `refer plugin test`, so a change to the plugin API that
/// breaks one of them fails here and not in a practice.
struct BuiltInPluginTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("plugins", isDirectory: true)

    static var names: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/plugin.lua").path) }.sorted()
    }

    func run(_ arguments: [String], practice: URL) throws -> ReferProcess.Result {
        try ReferProcess.run(arguments + ["--practice", practice.path], environment: ["REFER_BUILTIN_PLUGINS": Self.folder.path])
    }

    @Test func everyPluginTheDomainAsksForIsThere() {
        let wanted = ["visibility", "network-growth", "category-fit", "response-time", "drought", "a-list",
                      "plan-attorney", "plan-accountant", "plan-banker", "plan-client", "thank-you", "gift-picker",
                      "cycle", "promises", "outbound", "referral-kit", "close-the-loop", "ask-frequency", "depth",
                      "reciprocity", "source-yield", "event-invites", "introductions"]
        #expect(Set(Self.names) == Set(wanted))
    }

    @Test(arguments: BuiltInPluginTests.names)
    func hasAReadmeAndTestCases(_ name: String) throws {
        let dir = Self.folder.appendingPathComponent(name)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("README.md").path))
        let cases = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("tests").path)) ?? []
        #expect(!cases.isEmpty, "\(name) has no tests/CASE")
        for c in cases {
            for file in ["fixture.json", "expected.json"] {
                #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("tests/\(c)/\(file)").path), "\(name)/tests/\(c) lacks \(file)")
            }
        }
    }

    @Test(arguments: BuiltInPluginTests.names)
    func checksAndPassesItsOwnTests(_ name: String) throws {
        let temp = try TemporaryDirectory("refer-builtin")
        let practice = try temp.makePractice()
        let check = try run(["plugin", "check", name], practice: practice)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let test = try run(["plugin", "test", name], practice: practice)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains(" passed, 0 failed"))
    }
}
