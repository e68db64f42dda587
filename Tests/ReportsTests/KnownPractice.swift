import Foundation
import Model
import Store
import TestSupport

/// The practice of `Fixtures/known-practice.commands`, built once with the real `refer`
/// and shared by the tests that read it (they only read).
final class KnownPractice: Sendable {
    let temp: TemporaryDirectory
    let dir: URL

    static let shared = Result { try KnownPractice() }

    static func get() throws -> KnownPractice { try shared.get() }

    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static let utc = TimeZone(identifier: "UTC")!

    /// 2026-01-01 up to (not including) 2026-07-01, UTC.
    static let period = ReportPeriod(since: date("2026-01-01"), until: date("2026-07-01"), timeZone: utc)

    static func date(_ text: String) -> Date { try! FriendlyDate.parse(text, timeZone: utc) }

    private init() throws {
        temp = try TemporaryDirectory("refer-report")
        dir = try temp.makePractice(timezone: "UTC")
        let script = try String(contentsOf: Self.fixtures.appendingPathComponent("known-practice.commands"), encoding: .utf8)
        for (number, line) in script.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let result = try ReferProcess.run(Self.words(text) + ["--practice", dir.path])
            guard result.status == 0 else {
                throw TestSupportError("known-practice.commands:\(number + 1): `refer \(text)` failed: \(result.stderr)")
            }
        }
    }

    /// The figures of `period`, straight from the store.
    func figures(_ period: ReportPeriod = KnownPractice.period) throws -> ReportFigures {
        try AppDatabase.open(path: dir.appendingPathComponent("refer.sqlite").path).reportFigures(for: period)
    }

    /// Splits a command line on spaces, keeping "double-quoted words" together.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quoted = false, inWord = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); inWord = true }
            else if ch == " " && !quoted { if inWord { words.append(current) }; current = ""; inWord = false }
            else { current.append(ch); inWord = true }
        }
        if inWord { words.append(current) }
        return words
    }
}
