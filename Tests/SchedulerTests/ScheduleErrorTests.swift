import Foundation
import Testing
@testable import Scheduler

@Suite("Schedule errors say where and what was expected")
struct ScheduleErrorTests {
    private func error(_ schedule: String) -> ScheduleError? {
        do {
            _ = try ScheduleExpression(schedule)
            return nil
        } catch {
            return error
        }
    }

    @Test("a misspelt day names the column and the day words")
    func misspeltDay() {
        let error = error("every mondey 09:00")
        #expect(error == .unknownDay("mondey", column: 7))
        #expect(error?.description == "column 7: unknown day \"mondey\" (expected monday..sunday, weekday, day)")
        #expect(error?.localizedDescription == error?.description)
    }

    @Test("a cron value out of range names the field and its range")
    func cronOutOfRange() {
        let error = error("61 * * * *")
        #expect(error?.description == "field 1 (minute): 61 is out of range 0-59")
        #expect(error?.column == 1)
        #expect(self.error("0 24 * * *") == .cronValueOutOfRange(24, field: .hour, column: 3))
        #expect(self.error("0 9 * * 8")?.description == "field 5 (day of week): 8 is out of range 0-7")
        #expect(self.error("0 9 0 * *") == .cronValueOutOfRange(0, field: .dayOfMonth, column: 5))
        #expect(self.error("0 9 * 13 *") == .cronValueOutOfRange(13, field: .month, column: 7))
    }

    @Test("cron shapes that cannot be read", arguments: [
        ("0 9 * foo *", ScheduleError.cronElementNotUnderstood("foo", field: .month, column: 7)),
        ("0 9 * * 5-1", .cronRangeRunsBackwards("5-1", field: .dayOfWeek, column: 9)),
        ("*/0 * * * *", .cronStepNotUnderstood("0", field: .minute, column: 3)),
        ("0 9 * *", .cronNeedsFiveFields(found: 4)),
        ("0 9 * * * *", .cronNeedsFiveFields(found: 6)),
        ("0 9 1,,2 * *", .cronElementNotUnderstood("", field: .dayOfMonth, column: 7)),
        ("0 0 30 2 *", .cronDateNeverOccurs(field: .dayOfMonth, column: 5)),
        ("0 0 31 4,6 *", .cronDateNeverOccurs(field: .dayOfMonth, column: 5)),
        ("@fortnightly", .unknownMacro("@fortnightly")),
    ])
    func cronShapes(schedule: String, expected: ScheduleError) {
        #expect(error(schedule) == expected)
    }

    @Test("friendly forms that cannot be read", arguments: [
        ("", ScheduleError.scheduleIsEmpty),
        ("   ", .scheduleIsEmpty),
        ("sometimes", .unknownWord("sometimes", column: 1, expected:
            "every, daily, hourly, weekly, monthly, a day such as monday, or cron such as \"30 9 * * 1-5\"")),
        ("every 3 fortnights", .unknownWord("fortnights", column: 9, expected: "minutes, hours, days or weeks")),
        ("every 0 hours", .numberOutOfRange(0, column: 7, what: "count", range: 1...100_000)),
        ("every monday 25:00", .numberOutOfRange(25, column: 14, what: "hour", range: 0...23)),
        ("every monday 9:75", .numberOutOfRange(75, column: 14, what: "minute", range: 0...59)),
        ("every monday 13pm", .numberOutOfRange(13, column: 14, what: "hour", range: 1...12)),
        ("every monday 9:7", .timeNotUnderstood("9:7", column: 14)),
        ("every monday at", .scheduleEndsEarly(column: 16, expected: "a time such as 09:00, 9am or 5:30pm")),
        ("every", .scheduleEndsEarly(column: 6, expected:
            "a day, a number or a unit, as in \"every monday 09:00\" or \"every 3 hours\"")),
        ("every monday and funday", .unknownDay("funday", column: 18)),
        ("every 3 hours 09:00", .unexpectedTextAfterSchedule("09:00", column: 15)),
        ("monthly on the 32nd", .numberOutOfRange(32, column: 16, what: "day of month", range: 1...31)),
        ("monthly on the first", .unknownWord("first", column: 16, expected:
            "a day of the month such as 1st, 15th or last day")),
        ("every 2 weeks on friday starting 2026-02-30", .dateNotUnderstood("2026-02-30", column: 34)),
    ])
    func friendlyShapes(schedule: String, expected: ScheduleError) {
        #expect(error(schedule) == expected)
    }

    @Test("every message starts with where the problem is")
    func messagesSayWhere() {
        #expect(error("every monday 25:00")?.description == "column 14: hour 25 is out of range 0-23")
        #expect(error("every 3 hours 09:00")?.description.hasPrefix("column 15: unexpected \"09:00\"") == true)
        #expect(error("0 9 * foo *")?.description.hasPrefix("field 4 (month), column 7:") == true)
    }
}
