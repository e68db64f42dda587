import Foundation
import Testing
@testable import Scheduler

@Suite("Friendly schedule forms")
struct FriendlyScheduleTests {
    // 2026-01-01 is a Thursday.
    private let start = "2026-01-01T10:15:00Z"

    @Test("each friendly form runs when it says", arguments: [
        ("every monday 09:00", ["2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z"]),
        ("every weekday 08:30", ["2026-01-02T08:30:00Z", "2026-01-05T08:30:00Z"]),
        ("every day 07:00", ["2026-01-02T07:00:00Z", "2026-01-03T07:00:00Z"]),
        ("daily at 18:00", ["2026-01-01T18:00:00Z", "2026-01-02T18:00:00Z"]),
        ("daily", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"]),
        ("hourly", ["2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z"]),
        ("weekly", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]),
        ("weekly on friday at noon", ["2026-01-02T12:00:00Z", "2026-01-09T12:00:00Z"]),
        ("mon 09:00", ["2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z"]),
        ("every monday and thursday at 9am", ["2026-01-05T09:00:00Z", "2026-01-08T09:00:00Z"]),
        ("every mon, wed, fri 10:00", ["2026-01-02T10:00:00Z", "2026-01-05T10:00:00Z"]),
        ("EVERY Monday 9AM", ["2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z"]),
        ("monthly on the 1st 10:00", ["2026-02-01T10:00:00Z", "2026-03-01T10:00:00Z"]),
        ("monthly on the 15th at 5:30pm", ["2026-01-15T17:30:00Z", "2026-02-15T17:30:00Z"]),
        ("monthly", ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]),
        ("monthly on the last day", ["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"]),
        ("yearly", ["2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"]),
        ("every 30 minutes", ["2026-01-01T10:30:00Z", "2026-01-01T11:00:00Z"]),
        ("every 3 hours", ["2026-01-01T12:00:00Z", "2026-01-01T15:00:00Z"]),
        ("every hour", ["2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z"]),
        ("every 2 days", ["2026-01-02T00:00:00Z", "2026-01-04T00:00:00Z"]),
        ("every 6 weeks", ["2026-02-09T00:00:00Z", "2026-03-23T00:00:00Z"]),
        ("every 6 weeks starting 2026-01-07 09:00", ["2026-01-07T09:00:00Z", "2026-02-18T09:00:00Z"]),
    ])
    func forms(schedule: String, expected: [String]) throws {
        #expect(try Clock.occurrences(schedule, after: start, in: Clock.utc, count: expected.count) == expected)
    }

    @Test("every 2 weeks on friday counts weeks from Monday 2000-01-03")
    func fortnightlyFromEpochWeek() throws {
        // 2026-01-05 starts week 1357 after 2000-01-03 (odd), so its Friday is skipped.
        #expect(try Clock.occurrences("every 2 weeks on friday", after: "2026-01-01T00:00:00Z",
                                      in: Clock.utc, count: 3) == [
            "2026-01-02T00:00:00Z", "2026-01-16T00:00:00Z", "2026-01-30T00:00:00Z",
        ])
        #expect(try Clock.occurrences("every 2 weeks on friday 5:30pm", after: "2026-01-03T00:00:00Z",
                                      in: Clock.utc, count: 1) == ["2026-01-16T17:30:00Z"])
    }

    @Test("every 2 weeks on friday can count from a stated week")
    func fortnightlyFromStartingWeek() throws {
        #expect(try Clock.occurrences("every 2 weeks on friday starting 2026-01-05", after: "2026-01-01T00:00:00Z",
                                      in: Clock.utc, count: 2) == ["2026-01-09T00:00:00Z", "2026-01-23T00:00:00Z"])
    }

    @Test("monthly on the last day finds February 29 in a leap year")
    func lastDayLeapYear() throws {
        #expect(try Clock.occurrences("monthly on the last day 23:00", after: "2028-02-01T00:00:00Z",
                                      in: Clock.utc, count: 1) == ["2028-02-29T23:00:00Z"])
    }

    @Test("times of day in each accepted spelling", arguments: [
        ("9:00", "09:00"), ("09:00", "09:00"), ("9am", "09:00"), ("9 am", "09:00"), ("5:30pm", "17:30"),
        ("5:30 PM", "17:30"), ("12am", "00:00"), ("12pm", "12:00"), ("12:45am", "00:45"), ("noon", "12:00"),
        ("midnight", "00:00"), ("17", "17:00"), ("23:59", "23:59"),
    ])
    func timeSpellings(time: String, expected: String) throws {
        let next = try ScheduleExpression("every day at \(time)")
            .nextOccurrence(after: Clock.instant("2026-01-01T00:00:00Z"), in: Clock.utc)
        let text = Clock.text(next, in: Clock.utc)
        #expect(text.dropFirst(11).prefix(5) == Substring(expected))
    }

    @Test("intervals can be anchored at an instant, such as a plugin's first run")
    func anchoredInterval() throws {
        let expression = try ScheduleExpression("every 3 hours").anchored(at: Clock.instant("2026-01-01T01:20:00Z"))
        #expect(expression.isInterval)
        let next = expression.nextOccurrence(after: Clock.instant("2026-01-01T02:00:00Z"), in: Clock.utc)
        #expect(next == Clock.instant("2026-01-01T04:20:00Z"))
        #expect(try !ScheduleExpression("every monday 09:00").isInterval)
    }

    @Test("the schedule keeps the text it was written as")
    func source() throws {
        #expect(try ScheduleExpression("every Monday 9am").description == "every Monday 9am")
    }
}
