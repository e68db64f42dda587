import Foundation
import Testing
@testable import Outreach

@Suite struct ICalendarWriterTests {
    // 2026-07-15 18:00 and 2026-12-10 19:30 in Bucharest (summer +03:00, winter +02:00).
    let summer = Date(timeIntervalSince1970: 1_784_127_600)
    let winter = Date(timeIntervalSince1970: 1_796_923_800)
    let stamp = Date(timeIntervalSince1970: 1_796_000_000)

    var events: [CalendarEvent] {
        [
            CalendarEvent(
                kind: "appreciation-event", id: "12",
                summary: "Degustare de vinuri pentru cei mai buni clienți 🍷 — Crama Ștefănești, seara de vară cu prieteni",
                details: "Back\\slash; semi, comma\nsecond line\r\nthird line",
                location: "Crama Ștefănești, Argeș",
                start: .dateTime(summer), end: .dateTime(summer.addingTimeInterval(3 * 3600))),
            CalendarEvent(kind: "follow-up", id: "referral:42", summary: "Follow up with Ana Țăranu", start: .dateTime(winter)),
        ]
    }

    let tasks = [
        CalendarTask(kind: "task", id: "7", summary: "Call Ana to say thanks", details: "Mention the gift", due: .date(year: 2026, month: 12, day: 1)),
        CalendarTask(kind: "task", id: "8", summary: "Send the kit", completed: true),
    ]

    func write(_ text: String) throws -> URL {
        let file = try makeTemporaryDirectory().appendingPathComponent("refer.ics")
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test(.enabled(if: pythonHasICalendar, "the Python package icalendar is not installed: pip install icalendar"))
    func pythonICalendarReadsBackTheSameItems() throws {
        let writer = try ICalendarWriter(practice: "Acme Advisers", timeZoneIdentifier: "Europe/Bucharest")
        let text = writer.calendar(events: events, tasks: tasks, stamp: stamp)
        let result = try runPython("parse_ics.py", [try write(text).path])
        #expect(result.status == 0, "parse_ics.py failed: \(result.stderr)")
        let parsed = result.json
        #expect(parsed["timezones"] as? [String] == ["Europe/Bucharest"])
        let items = parsed["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["type"] as? String } == ["VEVENT", "VEVENT", "VTODO", "VTODO"])
        #expect(items.map { $0["uid"] as? String } == [
            "appreciation-event-12@acme-advisers.refer", "follow-up-referral-42@acme-advisers.refer",
            "task-7@acme-advisers.refer", "task-8@acme-advisers.refer",
        ])
        #expect(items[0]["summary"] as? String == events[0].summary)
        #expect(items[0]["description"] as? String == "Back\\slash; semi, comma\nsecond line\nthird line")
        #expect(items[0]["location"] as? String == "Crama Ștefănești, Argeș")
        let start = items[0]["dtstart"] as? [String: Any]
        #expect(start?["value"] as? String == "2026-07-15T18:00:00+03:00")
        #expect(start?["tzid"] as? String == "Europe/Bucharest")
        #expect((items[0]["dtend"] as? [String: Any])?["value"] as? String == "2026-07-15T21:00:00+03:00")
        #expect((items[1]["dtstart"] as? [String: Any])?["value"] as? String == "2026-12-10T19:30:00+02:00")
        #expect((items[2]["due"] as? [String: Any])?["value"] as? String == "2026-12-01")
        #expect(items[2]["status"] as? String == "NEEDS-ACTION")
        #expect(items[3]["status"] as? String == "COMPLETED")
        #expect((items[0]["dtstamp"] as? [String: Any])?["value"] as? String == "2026-11-30T00:53:20+00:00")
    }

    @Test func uidsAreStableAcrossRuns() throws {
        let first = try ICalendarWriter(practice: "Acme Advisers", timeZoneIdentifier: "Europe/Bucharest")
        let second = try ICalendarWriter(practice: "Acme Advisers", timeZoneIdentifier: "Europe/Bucharest")
        func uids(_ text: String) -> [String] {
            text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        let a = first.calendar(events: events, tasks: tasks, stamp: stamp)
        let b = second.calendar(events: events, tasks: tasks, stamp: stamp.addingTimeInterval(86_400))
        #expect(uids(a) == uids(b))
        #expect(uids(a).count == 4)
        #expect(first.uid(kind: "follow-up", id: "referral:42") == "follow-up-referral-42@acme-advisers.refer")
    }

    @Test func linesAreFoldedAt75OctetsWithoutSplittingCharacters() throws {
        let writer = try ICalendarWriter(practice: "Acme", timeZoneIdentifier: "Europe/Bucharest")
        let text = writer.calendar(events: events, tasks: tasks, stamp: stamp)
        #expect(text.hasSuffix("\r\n"))
        let bytes = Array(text.utf8)
        var lines: [[UInt8]] = [[]]
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 10, "bare CR")
                lines.append([])
                index += 2
                continue
            }
            #expect(bytes[index] != 10, "bare LF")
            lines[lines.count - 1].append(bytes[index])
            index += 1
        }
        #expect(lines.contains { $0.first == 32 }, "the long summary should be folded")
        for line in lines {
            #expect(line.count <= 75)
            #expect(String(validating: line, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
        }
    }

    @Test func textIsEscaped() {
        #expect(ICalendarText.escape("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng")
    }

    @Test func utcPracticeUsesZFormsAndNoTimeZoneBlock() throws {
        let writer = try ICalendarWriter(practice: "Acme", timeZoneIdentifier: "UTC")
        let text = writer.calendar(events: events, tasks: [], stamp: stamp)
        #expect(!text.contains("VTIMEZONE"))
        #expect(text.contains("DTSTART:20260715T150000Z\r\n"))
    }

    @Test func localTimesCarryTheZoneAndItsChanges() throws {
        let writer = try ICalendarWriter(practice: "Acme", timeZoneIdentifier: "Europe/Bucharest")
        let text = writer.calendar(events: events, tasks: [], stamp: stamp)
        #expect(text.contains("DTSTART;TZID=Europe/Bucharest:20260715T180000\r\n"))
        #expect(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\n"))
        #expect(text.contains("BEGIN:STANDARD\r\nDTSTART:20261025T040000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\n"))
    }

    @Test func unknownZoneIsRefused() {
        #expect(throws: OutreachError.unknownTimeZone("Mars/Olympus")) {
            try ICalendarWriter(practice: "Acme", timeZoneIdentifier: "Mars/Olympus")
        }
    }
}
