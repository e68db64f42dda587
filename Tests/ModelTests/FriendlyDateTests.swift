import Foundation
import Model
import Testing

@Suite struct FriendlyDateTests {
    let bucharest = TimeZone(identifier: "Europe/Bucharest")!
    // 2026-03-10 15:30 in Bucharest (UTC+2).
    let now = Date(timeIntervalSince1970: 1_773_149_400)

    func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    @Test func friendlyWordsAreDaysInThePracticeTimeZone() throws {
        #expect(iso(try FriendlyDate.parse("today", timeZone: bucharest, now: now)) == "2026-03-09T22:00:00Z")
        #expect(iso(try FriendlyDate.parse("yesterday", timeZone: bucharest, now: now)) == "2026-03-08T22:00:00Z")
        #expect(iso(try FriendlyDate.parse("Tomorrow", timeZone: bucharest, now: now)) == "2026-03-10T22:00:00Z")
        #expect(iso(try FriendlyDate.parse("3 days ago", timeZone: bucharest, now: now)) == "2026-03-06T22:00:00Z")
        #expect(try FriendlyDate.parse("now", timeZone: bucharest, now: now) == now)
    }

    @Test func absoluteFormsAreLocalUnlessTheyCarryAnOffset() throws {
        #expect(iso(try FriendlyDate.parse("2026-03-01", timeZone: bucharest)) == "2026-02-28T22:00:00Z")
        #expect(iso(try FriendlyDate.parse("2026-03-01 14:00", timeZone: bucharest)) == "2026-03-01T12:00:00Z")
        #expect(iso(try FriendlyDate.parse("2026-07-01T14:00:30", timeZone: bucharest)) == "2026-07-01T11:00:30Z")
        #expect(iso(try FriendlyDate.parse("2026-03-01T14:00:00Z", timeZone: bucharest)) == "2026-03-01T14:00:00Z")
        #expect(iso(try FriendlyDate.parse("2026-03-01T14:00:00+05:30", timeZone: bucharest)) == "2026-03-01T08:30:00Z")
    }

    @Test(arguments: ["", "2026-02-30", "2026-13-01", "01/03/2026", "2026-03-01 25:00", "next week", "2026-03-01 14:00 extra", "5 fortnights ago"])
    func badDatesAreRefused(_ text: String) {
        #expect(throws: ModelError.self) { try FriendlyDate.parse(text, timeZone: bucharest) }
    }
}
