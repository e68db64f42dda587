import Foundation
import Testing
@testable import Scheduler

/// A wall-clock time in a spring-forward gap runs at the first instant after the
/// gap, once; a time that happens twice runs on its first pass only.
@Suite("Daylight saving time")
struct DaylightSavingTests {
    @Test("New York 2026-03-08: 02:30 does not exist and runs at 03:00 once")
    func newYorkSpringForward() throws {
        #expect(try Clock.occurrences("30 2 * * *", after: "2026-03-07T12:00:00-05:00", in: Clock.newYork, count: 2) == [
            "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00",
        ])
        // Four wall-clock times inside the gap still make one run.
        #expect(try Clock.occurrences("*/15 2 * * *", after: "2026-03-08T01:50:00-05:00", in: Clock.newYork,
                                      count: 2) == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"])
        // A job at 03:00 and the gap's run fall on the same instant: one run.
        #expect(try Clock.occurrences("0 2,3 * * *", after: "2026-03-08T01:00:00-05:00", in: Clock.newYork,
                                      count: 2) == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"])
    }

    @Test("New York 2026-11-01: 01:30 happens twice and runs on the first pass only")
    func newYorkFallBack() throws {
        #expect(try Clock.occurrences("every day 1:30am", after: "2026-10-31T12:00:00-04:00", in: Clock.newYork,
                                      count: 2) == ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"])
        // Asked during the second pass, the repeated 01:30 is already over.
        #expect(try Clock.occurrences("30 1 * * *", after: "2026-11-01T01:10:00-05:00", in: Clock.newYork,
                                      count: 1) == ["2026-11-02T01:30:00-05:00"])
        // An hourly wall-clock schedule runs at 01:00 once and skips the repeated hour.
        #expect(try Clock.occurrences("@hourly", after: "2026-11-01T00:30:00-04:00", in: Clock.newYork, count: 3) == [
            "2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00",
        ])
    }

    @Test("Bucharest 2026-03-29: 03:30 does not exist and runs at 04:00")
    func bucharestSpringForward() throws {
        #expect(try Clock.occurrences("30 3 * * *", after: "2026-03-28T12:00:00+02:00", in: Clock.bucharest,
                                      count: 2) == ["2026-03-29T04:00:00+03:00", "2026-03-30T03:30:00+03:00"])
    }

    @Test("Bucharest 2026-10-25: 03:30 happens twice and runs on the first pass only")
    func bucharestFallBack() throws {
        #expect(try Clock.occurrences("30 3 * * *", after: "2026-10-24T12:00:00+03:00", in: Clock.bucharest,
                                      count: 2) == ["2026-10-25T03:30:00+03:00", "2026-10-26T03:30:00+02:00"])
    }

    @Test("Lord Howe 2026-10-04: the clock moves 02:00 to 02:30, so 02:15 runs at 02:30")
    func lordHoweSpringForward() throws {
        #expect(try Clock.occurrences("15 2 * * *", after: "2026-10-03T12:00:00+10:30", in: Clock.lordHowe,
                                      count: 2) == ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"])
        // 02:30 itself exists and is the same instant as the gap's run.
        #expect(try Clock.occurrences("15,30 2 * * *", after: "2026-10-04T01:00:00+10:30", in: Clock.lordHowe,
                                      count: 2) == ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"])
    }

    @Test("Lord Howe 2026-04-05: the clock moves 02:00 back to 01:30, so 01:45 runs once")
    func lordHoweFallBack() throws {
        #expect(try Clock.occurrences("45 1 * * *", after: "2026-04-04T12:00:00+11:00", in: Clock.lordHowe,
                                      count: 2) == ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"])
        // 01:15 happens once (before the repeated half hour) and is not disturbed.
        #expect(try Clock.occurrences("15 1 * * *", after: "2026-04-04T12:00:00+11:00", in: Clock.lordHowe,
                                      count: 1) == ["2026-04-05T01:15:00+11:00"])
    }

    @Test("Chatham (+12:45/+13:45): 03:00 falls in the 2026-09-27 gap and repeats on 2026-04-05")
    func chatham() throws {
        #expect(try Clock.occurrences("0 3 * * *", after: "2026-09-26T12:00:00+12:45", in: Clock.chatham,
                                      count: 2) == ["2026-09-27T03:45:00+13:45", "2026-09-28T03:00:00+13:45"])
        #expect(try Clock.occurrences("0 3 * * *", after: "2026-04-04T12:00:00+13:45", in: Clock.chatham,
                                      count: 2) == ["2026-04-05T03:00:00+13:45", "2026-04-06T03:00:00+12:45"])
        #expect(try Clock.occurrences("every day 9am", after: "2026-01-01T00:00:00+13:45", in: Clock.chatham,
                                      count: 1) == ["2026-01-01T09:00:00+13:45"])
    }

    @Test("weekday schedules keep their wall-clock time on both sides of a change")
    func wallClockAcrossChange() throws {
        #expect(try Clock.occurrences("30 9 * * 1-5", after: "2026-03-06T10:00:00-05:00", in: Clock.newYork,
                                      count: 2) == ["2026-03-09T09:30:00-04:00", "2026-03-10T09:30:00-04:00"])
    }
}
