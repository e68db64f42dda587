import Foundation
import Testing
import TestSupport

/// `refer tick` on a temporary practice, with the time given by `--now`.
@Suite("refer tick")
struct TickTests {
    @Test("a due plugin runs once, and not again for the same occurrence")
    func dueRunsOnce() throws {
        let practice = try TickPractice()
        try practice.addPlugin("daily-note")
        let first = try practice.tick("2026-03-02 00:30")
        #expect(first.ran == 1)
        #expect(first.runs.first?.changes == 1)
        #expect(try practice.tick("2026-03-02 00:30").runs.isEmpty)
        #expect(try practice.tick("2026-03-02 23:59").runs.isEmpty)
        #expect(try practice.tasks().count == 1)
        #expect(try practice.tick("2026-03-03 00:01").ran == 1)
        #expect(try practice.tasks().count == 2)
    }

    @Test("after three days off, the newest missed run is caught up once and two are logged as skipped")
    func catchUpOnce() throws {
        let practice = try TickPractice()
        try practice.addPlugin("daily-note")
        #expect(try practice.tick("2026-03-02 00:30").ran == 1)
        let back = try practice.tick("2026-03-05 00:30")
        #expect(back.ran == 1)
        #expect(back.skipped == 2)
        let runs = try practice.runs("daily-note")
        #expect(runs.filter { $0.state == .done }.count == 2)
        let skipped = runs.filter { $0.state == .skipped }
        #expect(skipped.count == 1)
        #expect(skipped.first?.skippedCount == 2)
        #expect(try practice.tick("2026-03-05 00:31").runs.isEmpty)
        #expect(try practice.tasks().count == 2)
    }

    @Test("a failing plugin is retried with growing back-off, then lands in the dead list; retry makes it due again")
    func failuresRetryThenDie() throws {
        let practice = try TickPractice()
        try practice.addPlugin("always-fails")
        let first = try practice.tick("2026-01-01 00:30:00")
        let failure = try #require(first.runs.first)
        #expect(failure.state == "failed")
        #expect(failure.error?.contains("the report service is down") == true)
        let firstDelay = try #require(failure.nextAttemptAt).timeIntervalSince(try practice.instant("2026-01-01 00:30:00"))
        #expect(firstDelay >= 48 && firstDelay <= 72)
        // Not before its retry time.
        #expect(try practice.tick("2026-01-01 00:30:30").runs.isEmpty)
        let second = try #require(try practice.tick("2026-01-01 01:00").runs.first)
        #expect(second.state == "failed")
        #expect(second.attempt == 2)
        let secondDelay = try #require(second.nextAttemptAt).timeIntervalSince(try practice.instant("2026-01-01 01:00"))
        #expect(secondDelay >= 96 && secondDelay <= 144)
        for hour in 2...3 { #expect(try practice.tick("2026-01-01 0\(hour):00").runs.first?.state == "failed") }
        let last = try #require(try practice.tick("2026-01-01 04:00").runs.first)
        #expect(last.state == "dead")
        #expect(last.attempt == 5)
        #expect(try practice.tick("2026-01-01 05:00").runs.isEmpty)
        #expect(try practice.tasks().isEmpty)

        let dead = try practice.refer(["jobs", "dead", "--json"])
        #expect(dead.status == 0)
        #expect(dead.stdout.contains("the report service is down"))
        let id = try #require(last.id)
        #expect(try practice.refer(["jobs", "retry", String(id)]).status == 0)
        let again = try #require(try practice.tick().runs.first)
        #expect(again.id == id)
        #expect(again.state == "failed")
        #expect(again.attempt == 1)
    }

    @Test("events reach a plugin in order with their fields; a plugin hears only events after it was first seen")
    func eventsDelivered() throws {
        let practice = try TickPractice()
        let store = try practice.store()
        let partner = try store.addPartner(.init(contactId: try store.addContact(.init(name: "Radu Popa", kind: .professional)).id!))
        _ = try store.addReferral(.init(partnerId: partner.id!, prospectId: try store.addContact(.init(name: "Before")).id!))
        try practice.addPlugin("thank-referral")
        #expect(try practice.tick().runs.isEmpty)
        for name in ["Ana", "Ion", "Maria"] {
            _ = try store.addReferral(.init(partnerId: partner.id!, prospectId: try store.addContact(.init(name: name)).id!))
        }
        let result = try practice.refer(["tick"])
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("ran ") }
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("(referral.received): 1 change(s)") })
        let ids = try practice.runs("thank-referral").compactMap(\.eventId).reversed()
        #expect(Array(ids) == ids.sorted())
        #expect(try practice.tasks().count == 3)
        #expect(try practice.tick().runs.isEmpty)
    }

    @Test("a plugin edited in place is read again, one removed leaves the index, one added joins it")
    func indexFollowsPluginFiles() throws {
        let practice = try TickPractice()
        try practice.addPlugin("hourly-task", as: "edited")
        try practice.addPlugin("hourly-task", as: "removed")
        #expect(try practice.tick("2026-03-02 10:30").ran == 2)
        // Same size, same inode, same folder: only the file's modification time tells.
        let file = practice.root.appendingPathComponent("plugins/edited/plugin.lua")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "@hourly", with: "@weekly")
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Date() + 2], ofItemAtPath: file.path)
        try FileManager.default.removeItem(at: practice.root.appendingPathComponent("plugins/removed"))
        try practice.addPlugin("hourly-task", as: "added")
        let next = try practice.tick("2026-03-02 11:30")
        #expect(next.runs.map(\.plugin) == ["added"])
        let jobs = try practice.refer(["jobs", "--json"]).stdout
        #expect(jobs.contains("\"every\" : \"@weekly\"") || jobs.contains("\"every\":\"@weekly\""))
        #expect(!jobs.contains("\"removed\""))
    }

    @Test("refer tick exits 1 when the practice cannot be opened")
    func missingPractice() throws {
        let result = try ReferProcess.run(["tick", "--practice", "/nonexistent/practice"])
        #expect(result.status == 1)
    }
}
