import Foundation
import Model
import Store
import Testing

/// While the plugin files keep the fingerprint stored with the index, a tick reads only
/// the index rows it needs; it must do exactly what a tick that reads every row does.
@Suite("the plugin index's fingerprint", .serialized)
struct TickIndexTests {
    struct Outcome: Equatable {
        var plugin: String
        var state: String
        var attempt: Int
        var eventId: Int64?
    }

    @Test("ticks on unchanged plugin files run what ticks that reread every plugin run")
    func unchangedFilesMatchAFullRead() throws {
        let trusting = try TickPractice(), rereading = try TickPractice()
        for practice in [trusting, rereading] {
            try practice.addPlugin("hourly-task", as: "first")
            try practice.addPlugin("hourly-task", as: "second")
            try practice.addPlugin("always-fails")
            try practice.addPlugin("thank-referral")
        }
        let times = ["2026-01-01 00:30", "2026-01-01 00:45", "2026-01-01 01:05", "2026-01-01 01:30", "2026-01-01 03:10", "2026-01-02 09:00"]
        var fingerprints: [Int64?] = []
        for (step, time) in times.enumerated() {
            if step == 2 || step == 4 {
                for practice in [trusting, rereading] {
                    let store = try practice.store()
                    let partner = try store.addPartner(.init(contactId: try store.addContact(.init(name: "Partner \(step)", kind: .professional)).id!))
                    _ = try store.addReferral(.init(partnerId: partner.id!, prospectId: try store.addContact(.init(name: "Prospect \(step)")).id!))
                }
            }
            // A new modification time on every file: the index no longer matches and is reread.
            for name in ["first", "second", "always-fails", "thank-referral"] {
                let file = rereading.root.appendingPathComponent("plugins/\(name)/plugin.lua")
                try FileManager.default.setAttributes([.modificationDate: Date() + Double(step + 1)], ofItemAtPath: file.path)
            }
            func outcomes(_ summary: TickSummary) -> [Outcome] {
                summary.runs.map { Outcome(plugin: $0.plugin, state: $0.state, attempt: $0.attempt, eventId: $0.eventId) }
                    .sorted { ($0.plugin, $0.eventId ?? 0) < ($1.plugin, $1.eventId ?? 0) }
            }
            let trusted = outcomes(try trusting.tick(time)), reread = outcomes(try rereading.tick(time))
            #expect(trusted == reread, "at \(time)")
            fingerprints.append(try trusting.store().pluginCatalogFingerprint())
        }
        // The trusting practice's files never changed: one fingerprint throughout, so its
        // later ticks all took the short way.
        #expect(Set(fingerprints).count == 1 && fingerprints[0] != nil)
        #expect(try trusting.runs().count == rereading.runs().count)
        #expect(try trusting.tasks().map(\.title).sorted() == rereading.tasks().map(\.title).sorted())
        #expect(try trusting.runs().contains { $0.plugin == "always-fails" && $0.attempts >= 2 })
        #expect(try trusting.runs().filter { $0.plugin == "thank-referral" }.count == 2)
    }

    @Test("a plugin whose file changes between ticks is read again even when its size does not change")
    func sameSizeEditIsSeen() throws {
        let practice = try TickPractice()
        try practice.addPlugin("hourly-task", as: "edited")
        #expect(try practice.tick("2026-03-02 10:30").ran == 1)
        let before = try practice.store().pluginCatalogFingerprint()
        let file = practice.root.appendingPathComponent("plugins/edited/plugin.lua")
        // "@hourly" and "@weekly" have the same length.
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "@hourly", with: "@weekly")
        try Data(text.utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: Date() + 5], ofItemAtPath: file.path)
        #expect(try practice.tick("2026-03-02 11:30").runs.isEmpty)
        #expect(try practice.store().pluginCatalogFingerprint() != before)
        #expect(try practice.store().pluginIndex()["edited"]?.every == "@weekly")
    }
}
