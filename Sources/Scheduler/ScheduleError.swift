import Foundation

/// Why a schedule string could not be read, and where.
///
/// Columns count characters from 1. `description` is the message a plugin author
/// sees, e.g. `column 7: unknown day "mondey" (expected monday..sunday, weekday, day)`
/// or `field 1 (minute): 61 is out of range 0-59`.
public enum ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The schedule is empty or only blanks.
    case scheduleIsEmpty
    /// A word where a day name was expected is not one.
    case unknownDay(String, column: Int)
    /// A word is not one the schedule language knows at this place.
    case unknownWord(String, column: Int, expected: String)
    /// The schedule ends where more was needed.
    case scheduleEndsEarly(column: Int, expected: String)
    /// Something follows a complete schedule.
    case unexpectedTextAfterSchedule(String, column: Int)
    /// A time of day cannot be read.
    case timeNotUnderstood(String, column: Int)
    /// A number in a friendly schedule is outside what it may be.
    case numberOutOfRange(Int, column: Int, what: String, range: ClosedRange<Int>)
    /// A date (after `starting`) cannot be read or does not exist.
    case dateNotUnderstood(String, column: Int)
    /// A cron expression does not have five fields.
    case cronNeedsFiveFields(found: Int)
    /// A value in a cron field is outside the field's range.
    case cronValueOutOfRange(Int, field: CronField, column: Int)
    /// A cron field element is not a number, name, range, list or step.
    case cronElementNotUnderstood(String, field: CronField, column: Int)
    /// A cron range runs backwards, e.g. `fri-mon`.
    case cronRangeRunsBackwards(String, field: CronField, column: Int)
    /// A cron step is zero or not a number.
    case cronStepNotUnderstood(String, field: CronField, column: Int)
    /// The day-of-month and month fields name no date that exists, e.g. `30 2`.
    case cronDateNeverOccurs(field: CronField, column: Int)
    /// An `@` macro other than the known ones.
    case unknownMacro(String)

    /// The character position (from 1) the problem was found at.
    public var column: Int {
        switch self {
        case .scheduleIsEmpty, .unknownMacro, .cronNeedsFiveFields: return 1
        case .unknownDay(_, let column), .unknownWord(_, let column, _),
             .scheduleEndsEarly(let column, _), .unexpectedTextAfterSchedule(_, let column),
             .timeNotUnderstood(_, let column), .numberOutOfRange(_, let column, _, _),
             .dateNotUnderstood(_, let column), .cronValueOutOfRange(_, _, let column),
             .cronElementNotUnderstood(_, _, let column), .cronRangeRunsBackwards(_, _, let column),
             .cronStepNotUnderstood(_, _, let column), .cronDateNeverOccurs(_, let column):
            return column
        }
    }

    /// The message for the plugin author: where, what went wrong, what was expected.
    public var description: String {
        switch self {
        case .scheduleIsEmpty:
            return "the schedule is empty (expected cron such as \"30 9 * * 1-5\" or a form such as \"every monday 09:00\")"
        case .unknownDay(let word, let column):
            return "column \(column): unknown day \"\(word)\" (expected monday..sunday, weekday, day)"
        case .unknownWord(let word, let column, let expected):
            return "column \(column): unknown word \"\(word)\" (expected \(expected))"
        case .scheduleEndsEarly(let column, let expected):
            return "column \(column): the schedule ends early (expected \(expected))"
        case .unexpectedTextAfterSchedule(let word, let column):
            return "column \(column): unexpected \"\(word)\" after a complete schedule (remove it or see the schedule forms)"
        case .timeNotUnderstood(let text, let column):
            return "column \(column): \"\(text)\" is not a time (expected 09:00, 9:00, 9am or 5:30pm)"
        case .numberOutOfRange(let value, let column, let what, let range):
            return "column \(column): \(what) \(value) is out of range \(range.lowerBound)-\(range.upperBound)"
        case .dateNotUnderstood(let text, let column):
            return "column \(column): \"\(text)\" is not a date (expected YYYY-MM-DD, e.g. 2026-01-05)"
        case .cronNeedsFiveFields(let found):
            return "a cron schedule has 5 fields (minute hour day-of-month month day-of-week), found \(found)"
        case .cronValueOutOfRange(let value, let field, _):
            return "\(field.label): \(value) is out of range \(field.range.lowerBound)-\(field.range.upperBound)"
        case .cronElementNotUnderstood(let text, let field, let column):
            return "\(field.label), column \(column): \"\(text)\" is not understood (expected \(field.expectation))"
        case .cronRangeRunsBackwards(let text, let field, let column):
            return "\(field.label), column \(column): range \(text) runs backwards (write the low end first)"
        case .cronStepNotUnderstood(let text, let field, let column):
            return "\(field.label), column \(column): step \"\(text)\" is not understood (expected a whole number from 1, as in */15)"
        case .cronDateNeverOccurs(let field, let column):
            return "\(field.label), column \(column): no month in the month field has these days, so the schedule would never run"
        case .unknownMacro(let word):
            return "column 1: unknown macro \"\(word)\" (expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually)"
        }
    }
}

extension ScheduleError: LocalizedError {
    /// The same message as `description`, for code that shows `localizedDescription`.
    public var errorDescription: String? { description }
}

/// One of the five fields of a cron expression, in order.
public enum CronField: Int, Sendable, CaseIterable {
    case minute = 1, hour, dayOfMonth, month, dayOfWeek

    /// The values the field accepts (7 in day-of-week is read as Sunday).
    public var range: ClosedRange<Int> {
        switch self {
        case .minute: return 0...59
        case .hour: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 0...7
        }
    }

    /// How the field is named in messages, e.g. `field 1 (minute)`.
    var label: String {
        let name: String
        switch self {
        case .minute: name = "minute"
        case .hour: name = "hour"
        case .dayOfMonth: name = "day of month"
        case .month: name = "month"
        case .dayOfWeek: name = "day of week"
        }
        return "field \(rawValue) (\(name))"
    }

    var expectation: String {
        switch self {
        case .month: return "*, 1-12 or jan..dec, with lists, ranges and steps"
        case .dayOfWeek: return "*, 0-7 or sun..sat, with lists, ranges and steps"
        default: return "*, \(range.lowerBound)-\(range.upperBound), with lists, ranges and steps"
        }
    }
}
