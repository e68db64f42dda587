import Foundation
import Testing
import TestSupport

/// `refer export ics` through the real binary, read back with Python's `icalendar`.
@Suite struct CalendarExportTests {
    @Test(.enabled(if: pythonHasICalendar, "the Python package icalendar is not installed"))
    func tasksAndEventsExportAndParseBack() async throws {
        let practice = try await OutboxPractice(partners: [])
        try await practice.check(["task", "add", "Call Radu to say thanks", "--due", "2026-12-03 10:00"])
        try await practice.check(["task", "add", "Someday: tidy the gift catalogue"])
        try await practice.check(["task", "add", "Send the referral kit", "--due", "2027-06-15 09:30"])
        try await practice.check(["task", "done", "3"])
        try await practice.check(["event", "add", "Wine tasting", "--at", "2026-12-10 19:00", "--venue", "Davino cellar"])
        try await practice.check(["event", "add", "Cinema night", "--at", "2027-06-20 20:00"])

        let file = practice.temp.url.appendingPathComponent("refer.ics")
        let exported = try await practice.check(["export", "ics", "--output", file.path])
        #expect(exported.stdout.contains("Exported 2 event(s) and 2 task(s)"))
        let parsed = try runPython("parse_ics.py", [file.path]).json
        #expect(parsed["timezones"] as? [String] == ["Europe/Bucharest"])
        let items = try #require(parsed["items"] as? [[String: Any]])
        func item(_ summary: String) -> [String: Any]? { items.first { $0["summary"] as? String == summary } }
        func time(_ summary: String, _ field: String) -> String? {
            (item(summary)?[field] as? [String: Any])?["value"] as? String
        }
        #expect(items.filter { $0["type"] as? String == "VEVENT" }.count == 2)
        #expect(items.filter { $0["type"] as? String == "VTODO" }.count == 2)
        #expect(item("Someday: tidy the gift catalogue") == nil)
        #expect(time("Wine tasting", "dtstart") == "2026-12-10T19:00:00+02:00")
        #expect(item("Wine tasting")?["location"] as? String == "Davino cellar")
        #expect(time("Cinema night", "dtstart") == "2027-06-20T20:00:00+03:00")
        #expect(time("Call Radu to say thanks", "due") == "2026-12-03T10:00:00+02:00")
        #expect(item("Call Radu to say thanks")?["status"] as? String == "NEEDS-ACTION")
        #expect(item("Send the referral kit")?["status"] as? String == "COMPLETED")

        // A second export names every item the same, so calendars update instead of copying.
        let again = try await practice.check(["export", "ics"]).stdout
        for uid in items.compactMap({ $0["uid"] as? String }) {
            #expect(again.contains("UID:\(uid)\r\n"))
        }
        let mixed = try await practice.refer(["export", "ics", "--kind", "client"])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("--kind and --tag choose contacts"))
    }
}
