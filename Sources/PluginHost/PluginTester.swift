import Foundation
import LuaRuntime
import Model
import Store

/// Runs a plugin's tests: each `tests/CASE/` holds `fixture.json` (data and `now`) and
/// `expected.json` (the effects a dry run must ask for). Each case gets a fresh
/// practice in a temporary folder, so cases never see each other's data.
public struct PluginTester {
    public var catalog: PluginCatalog
    public var limits: LuaLimits

    public init(catalog: PluginCatalog, limits: LuaLimits = LuaLimits()) {
        self.catalog = catalog
        self.limits = limits
    }

    /// The result of one case.
    public struct CaseResult: Sendable {
        public var name: String
        public var failures: [String]
        public var effects: [PluginEffect]
        public var output: [String]
        public var passed: Bool { failures.isEmpty }

        public init(name: String, failures: [String], effects: [PluginEffect] = [], output: [String] = []) {
            self.name = name
            self.failures = failures
            self.effects = effects
            self.output = output
        }
    }

    /// The cases of plugin `name`, in name order.
    public func cases(of name: String) throws -> [URL] {
        let tests = try catalog.locate(name).directory.appendingPathComponent("tests")
        let entries = (try? FileManager.default.contentsOfDirectory(at: tests, includingPropertiesForKeys: nil)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("fixture.json").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Runs one case.
    public func run(_ name: String, case directory: URL) throws -> CaseResult {
        let fixture = try PluginFixture.load(directory.appendingPathComponent("fixture.json"))
        let expected = try Expectation.load(directory.appendingPathComponent("expected.json"))
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("refer-plugin-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temp) }
        let practice = try PracticeSetup.create(at: temp, name: "Fixture Practice", timezone: fixture.practice?.timezone ?? "UTC")
        let store = try AppDatabase.open(practice)
        let refs = try fixture.load(into: store)
        var profile = fixture.profile(base: practice.config.practice)
        if profile.email.isEmpty { profile.email = "office@example.com" }
        if profile.owner.isEmpty { profile.owner = "Fixture Owner" }
        let lines = LineCollector()
        var settings = PluginRunSettings(profile: profile, templateFolders: [])
        settings.giftSelector = practice.config.plugins.giftSelector
        let runner = PluginRunner(catalog: catalog, limits: limits, settings: settings, store: store, output: { lines.append($0) })
        var failures: [String] = []
        var effects: [PluginEffect] = []
        do {
            effects = try runner.run(name, now: fixture.now, dryRun: true).effects
        } catch {
            failures.append("the run failed: \(error)")
        }
        if failures.isEmpty {
            failures += expected.check(effects, refs: refs, output: lines.lines)
        }
        return CaseResult(name: directory.lastPathComponent, failures: failures, effects: effects, output: lines.lines)
    }
}

/// Collects output lines from the plugin (called on the running thread only).
final class LineCollector: @unchecked Sendable {
    // Appended to only from the one thread that runs the plugin; read after it returns.
    var lines: [String] = []
    func append(_ s: String) { lines.append(s) }
}

/// `expected.json`: effects a dry run must ask for, matched field by field.
struct Expectation {
    var effects: [[String: Any]]
    var exact: Bool
    var output: [String]

    static func load(_ file: URL) throws -> Expectation {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw FixtureError.invalid(file: file.path, reason: "missing (write the effects the plugin must ask for)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.invalid(file: file.path, reason: "not a JSON object")
        }
        return Expectation(effects: object["effects"] as? [[String: Any]] ?? [],
                           exact: object["exact"] as? Bool ?? false,
                           output: object["output"] as? [String] ?? [])
    }

    func check(_ actual: [PluginEffect], refs: PluginFixture.Refs, output lines: [String]) -> [String] {
        var failures: [String] = []
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let actualFields: [[String: String]] = actual.map { effect in
            guard let data = try? encoder.encode(effect),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return object.mapValues { "\($0)" }
        }
        var unmatched = Array(actualFields.indices)
        for wanted in effects {
            var fields: [String: String] = [:]
            var unresolved: String?
            for (key, value) in wanted {
                switch key {
                case "contact", "partner", "referral", "gift", "event":
                    let tables = ["contact": refs.contacts, "partner": refs.partners, "referral": refs.referrals, "gift": refs.gifts, "event": refs.events]
                    let table = tables[key] ?? [:]
                    if let ref = value as? String {
                        guard let id = table[ref] else { unresolved = "\(key) '\(ref)'"; continue }
                        fields[key + "Id"] = "\(id)"
                    } else {
                        fields[key + "Id"] = "\(value)"
                    }
                default:
                    fields[key] = "\(value)"
                }
            }
            if let unresolved {
                failures.append("expected.json names \(unresolved), which the fixture does not define")
                continue
            }
            if let i = unmatched.firstIndex(where: { idx in fields.allSatisfy { actualFields[idx][$0.key] == $0.value } }) {
                unmatched.remove(at: i)
            } else {
                failures.append("no effect matches \(Self.describe(fields))")
            }
        }
        if exact && !unmatched.isEmpty {
            for i in unmatched { failures.append("unexpected effect: \(actual[i].summary)") }
        }
        for text in output where !lines.contains(where: { $0.contains(text) }) {
            failures.append("the plugin's output does not contain “\(text)”")
        }
        return failures
    }

    static func describe(_ fields: [String: String]) -> String {
        "{ " + fields.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + " }"
    }
}
