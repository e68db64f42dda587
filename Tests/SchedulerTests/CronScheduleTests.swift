import Foundation
import Testing
@testable import Scheduler

@Suite("Cron expressions")
struct CronScheduleTests {
    @Test("weekdays at 09:30 skip the weekend")
    func weekdays() throws {
        // 2026-01-02 is a Friday.
        #expect(try Clock.occurrences("30 9 * * 1-5", after: "2026-01-02T09:30:00Z", in: Clock.utc, count: 3) == [
            "2026-01-05T09:30:00Z", "2026-01-06T09:30:00Z", "2026-01-07T09:30:00Z",
        ])
    }

    @Test("the next occurrence is strictly after the given instant")
    func strictlyAfter() throws {
        let expression = try ScheduleExpression("0 12 * * *")
        let noon = Clock.instant("2026-05-01T12:00:00Z")
        #expect(expression.nextOccurrence(after: noon, in: Clock.utc) == Clock.instant("2026-05-02T12:00:00Z"))
        let justBefore = noon - 0.25
        #expect(expression.nextOccurrence(after: justBefore, in: Clock.utc) == noon)
    }

    @Test("when both day fields are restricted a day matches if either does")
    func dayOfMonthOrDayOfWeek() throws {
        // The 13th, or any Friday; 2026-04-13 is a Monday.
        #expect(try Clock.occurrences("0 0 13 * 5", after: "2026-04-01T00:00:00Z", in: Clock.utc, count: 5) == [
            "2026-04-03T00:00:00Z", "2026-04-10T00:00:00Z", "2026-04-13T00:00:00Z",
            "2026-04-17T00:00:00Z", "2026-04-24T00:00:00Z",
        ])
    }

    @Test("a day field starting with * still restricts, and both fields must then match")
    func starredStepIsAnd() throws {
        // Odd days of the month that are also Mondays: 2026-06-01, 06-15, 06-29.
        #expect(try Clock.occurrences("0 8 */2 * mon", after: "2026-05-31T00:00:00Z", in: Clock.utc, count: 3) == [
            "2026-06-01T08:00:00Z", "2026-06-15T08:00:00Z", "2026-06-29T08:00:00Z",
        ])
    }

    @Test("steps, ranges with steps and lists")
    func stepsRangesLists() throws {
        #expect(try Clock.occurrences("*/20 * * * *", after: "2026-01-01T10:05:00Z", in: Clock.utc, count: 3) == [
            "2026-01-01T10:20:00Z", "2026-01-01T10:40:00Z", "2026-01-01T11:00:00Z",
        ])
        #expect(try Clock.occurrences("10-40/15 8,17 * * *", after: "2026-01-01T08:30:00Z", in: Clock.utc, count: 4) == [
            "2026-01-01T08:40:00Z", "2026-01-01T17:10:00Z", "2026-01-01T17:25:00Z", "2026-01-01T17:40:00Z",
        ])
        #expect(try Clock.occurrences("5/30 0 1 1 *", after: "2026-01-01T00:00:00Z", in: Clock.utc, count: 2) == [
            "2026-01-01T00:05:00Z", "2026-01-01T00:35:00Z",
        ])
    }

    @Test("month and day names in any case, and 7 as Sunday")
    func names() throws {
        let named = try Clock.occurrences("0 6 * JAN,jul Sun", after: "2026-01-01T00:00:00Z", in: Clock.utc, count: 2)
        let numbered = try Clock.occurrences("0 6 * 1,7 7", after: "2026-01-01T00:00:00Z", in: Clock.utc, count: 2)
        #expect(named == ["2026-01-04T06:00:00Z", "2026-01-11T06:00:00Z"])
        #expect(numbered == named)
        #expect(try Clock.occurrences("0 6 * * fri-sat", after: "2026-01-01T00:00:00Z", in: Clock.utc, count: 2) == [
            "2026-01-02T06:00:00Z", "2026-01-03T06:00:00Z",
        ])
    }

    @Test("February 29 runs only in leap years")
    func leapDay() throws {
        #expect(try Clock.occurrences("0 0 29 2 *", after: "2025-01-01T00:00:00Z", in: Clock.utc, count: 3) == [
            "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z",
        ])
        #expect(try Clock.occurrences("0 0 29 2 *", after: "2096-03-01T00:00:00Z", in: Clock.utc, count: 1) == [
            "2104-02-29T00:00:00Z",
        ])
    }

    @Test("the 31st skips months that are shorter")
    func thirtyFirst() throws {
        #expect(try Clock.occurrences("0 9 31 * *", after: "2026-01-31T10:00:00Z", in: Clock.utc, count: 3) == [
            "2026-03-31T09:00:00Z", "2026-05-31T09:00:00Z", "2026-07-31T09:00:00Z",
        ])
    }

    @Test("the @ macros", arguments: [
        ("@hourly", "2026-01-01T11:00:00Z"), ("@daily", "2026-01-02T00:00:00Z"),
        ("@midnight", "2026-01-02T00:00:00Z"), ("@weekly", "2026-01-04T00:00:00Z"),
        ("@monthly", "2026-02-01T00:00:00Z"), ("@yearly", "2027-01-01T00:00:00Z"),
        ("@ANNUALLY", "2027-01-01T00:00:00Z"),
    ])
    func macros(schedule: String, expected: String) throws {
        #expect(try Clock.occurrences(schedule, after: "2026-01-01T10:15:00Z", in: Clock.utc, count: 1) == [expected])
    }

    @Test("schedules are read in the practice's zone")
    func practiceZone() throws {
        #expect(try Clock.occurrences("30 9 * * 1-5", after: "2026-01-05T12:00:00Z", in: Clock.newYork, count: 1) == [
            "2026-01-05T09:30:00-05:00",
        ])
    }

    @Test("day numbers convert to civil dates and back")
    func civilDates() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate.date(dayNumber: day)
            #expect(CivilDate.dayNumber(year: date.year, month: date.month, day: date.day) == day)
        }
        #expect(CivilDate.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.weekday(dayNumber: CivilDate.dayNumber(year: 2000, month: 1, day: 3)) == 1)
        let newYearsEve = CivilDate.date(dayNumber: -1)
        let parts: [Int] = [newYearsEve.year, newYearsEve.month, newYearsEve.day]
        #expect(parts == [1969, 12, 31])
    }
}

@Suite("Edges of time")
struct EdgesOfTimeTests {
    @Test("instants outside the years 1 to 9999 have no next occurrence")
    func outsideCalendar() throws {
        let expression = try ScheduleExpression("0 9 * * *")
        #expect(expression.nextOccurrence(after: Date(timeIntervalSince1970: 3e11), in: Clock.utc) == nil)
        #expect(expression.nextOccurrence(after: Date(timeIntervalSince1970: .infinity), in: Clock.utc) == nil)
        #expect(expression.nextOccurrence(after: Clock.instant("9999-12-31T10:00:00Z"), in: Clock.utc) != nil)
    }
}
