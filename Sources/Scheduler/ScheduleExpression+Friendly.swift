/// Reading the friendly schedule forms (`every monday 09:00`, `every 3 hours`, …).
extension ScheduleExpression {
    static func friendly(_ text: String) throws(ScheduleError) -> Rule {
        var reader = FriendlyReader(text: text)
        let rule = try reader.schedule()
        try reader.expectEnd()
        return rule
    }
}

/// A cursor over the words of a friendly schedule.
struct FriendlyReader {
    private let tokens: [ScheduleToken]
    private var index = 0
    private let endColumn: Int

    private static let dayNames: [(names: Set<String>, weekday: Int)] = [
        (["sunday", "sundays", "sun"], 0),
        (["monday", "mondays", "mon"], 1),
        (["tuesday", "tuesdays", "tue", "tues"], 2),
        (["wednesday", "wednesdays", "wed"], 3),
        (["thursday", "thursdays", "thu", "thur", "thurs"], 4),
        (["friday", "fridays", "fri"], 5),
        (["saturday", "saturdays", "sat"], 6),
    ]
    private static let units: [String: Int] = [
        "minute": 60, "minutes": 60, "min": 60, "mins": 60,
        "hour": 3600, "hours": 3600,
        "day": 86_400, "days": 86_400,
        "week": 604_800, "weeks": 604_800,
    ]
    private static let startExpectation =
        "every, daily, hourly, weekly, monthly, a day such as monday, or cron such as \"30 9 * * 1-5\""

    init(text: String) {
        tokens = ScheduleToken.split(text, separators: [" ", "\t", ","])
        endColumn = text.count + 1
    }

    // MARK: Cursor

    private var peek: String? { index < tokens.count ? tokens[index].text.lowercased() : nil }
    private var column: Int { index < tokens.count ? tokens[index].column : endColumn }

    private mutating func accept(_ words: String...) -> Bool {
        guard let word = peek, words.contains(word) else { return false }
        index += 1
        return true
    }

    /// The next word, or an error saying what should have come.
    private mutating func take(expecting expectation: String) throws(ScheduleError) -> ScheduleToken {
        guard index < tokens.count else { throw .scheduleEndsEarly(column: endColumn, expected: expectation) }
        defer { index += 1 }
        return tokens[index]
    }

    func expectEnd() throws(ScheduleError) {
        if index < tokens.count { throw .unexpectedTextAfterSchedule(tokens[index].text, column: tokens[index].column) }
    }

    // MARK: Forms

    mutating func schedule() throws(ScheduleError) -> ScheduleExpression.Rule {
        let first = try take(expecting: Self.startExpectation)
        switch first.text.lowercased() {
        case "every":
            return try every()
        case "daily":
            return .calendar(try atTime(on: CalendarRule.allDaysOfWeek))
        case "hourly":
            return .calendar(try ScheduleExpression.cron("0 * * * *"))
        case "weekly":
            let days = accept("on") ? try dayList() : 1 << 0
            return .calendar(try atTime(on: days))
        case "monthly":
            return .calendar(try monthly())
        case "yearly", "annually":
            return .calendar(try ScheduleExpression.cron("0 0 1 1 *"))
        default:
            index -= 1
            guard Self.weekdays(of: first.text.lowercased()) != nil else {
                throw .unknownWord(first.text, column: first.column, expected: Self.startExpectation)
            }
            return .calendar(try atTime(on: try dayList()))
        }
    }

    /// After `every`: a day list, `day`, or a count and unit.
    private mutating func every() throws(ScheduleError) -> ScheduleExpression.Rule {
        let word = try take(expecting: "a day, a number or a unit, as in \"every monday 09:00\" or \"every 3 hours\"")
        let lower = word.text.lowercased()
        if lower == "day" {
            return .calendar(try atTime(on: CalendarRule.allDaysOfWeek))
        }
        if let count = Int(lower) {
            guard (1...100_000).contains(count) else {
                throw .numberOutOfRange(count, column: word.column, what: "count", range: 1...100_000)
            }
            let unitWord = try take(expecting: "minutes, hours, days or weeks")
            guard let unit = Self.units[unitWord.text.lowercased()] else {
                throw .unknownWord(unitWord.text, column: unitWord.column, expected: "minutes, hours, days or weeks")
            }
            return try repeating(count: count, unit: unit)
        }
        if let unit = Self.units[lower], lower == "minute" || lower == "hour" || lower == "week" {
            return try repeating(count: 1, unit: unit)
        }
        index -= 1
        guard Self.weekdays(of: lower) != nil else { throw .unknownDay(word.text, column: word.column) }
        return .calendar(try atTime(on: try dayList()))
    }

    /// `N weeks on friday …` (wall clock) or an elapsed-time interval.
    private mutating func repeating(count: Int, unit: Int) throws(ScheduleError) -> ScheduleExpression.Rule {
        if unit == 604_800, accept("on") {
            var rule = try atTime(on: try dayList())
            rule.weekInterval = count
            if let (day, _) = try starting(allowTime: false) { rule.weekAnchorDay = day }
            return .calendar(rule)
        }
        var interval = IntervalRule(seconds: count * unit)
        if let (day, second) = try starting(allowTime: true) { interval.anchor = .local(day: day, second: second) }
        return .interval(interval)
    }

    /// `monthly [on the] (1st|15th|last day) [at] [time]`.
    private mutating func monthly() throws(ScheduleError) -> CalendarRule {
        var rule = try ScheduleExpression.cron("0 0 1 * *")
        if accept("on") {
            _ = accept("the")
            let word = try take(expecting: "a day of the month such as 1st, 15th or last day")
            let lower = word.text.lowercased()
            if lower == "last" {
                _ = accept("day")
                rule.daysOfMonth = 0
                rule.lastDayOfMonth = true
            } else {
                let digits = lower.prefix { $0.isASCII && $0.isNumber }
                let suffix = lower.dropFirst(digits.count)
                guard let day = Int(digits), ["", "st", "nd", "rd", "th"].contains(suffix) else {
                    throw .unknownWord(word.text, column: word.column,
                                       expected: "a day of the month such as 1st, 15th or last day")
                }
                guard (1...31).contains(day) else {
                    throw .numberOutOfRange(day, column: word.column, what: "day of month", range: 1...31)
                }
                _ = accept("day")
                rule.daysOfMonth = 1 << UInt64(day)
            }
        }
        let time = try optionalTime()
        rule.hours = 1 << UInt64(time.hour)
        rule.minutes = 1 << UInt64(time.minute)
        return rule
    }

    // MARK: Parts

    /// The weekdays a day word names (bits, 0 = Sunday), or nil.
    private static func weekdays(of word: String) -> UInt64? {
        if word == "weekday" || word == "weekdays" { return 0b0111110 }
        if word == "day" || word == "days" { return CalendarRule.allDaysOfWeek }
        return dayNames.first { $0.names.contains(word) }.map { 1 << UInt64($0.weekday) }
    }

    /// `monday`, `monday and friday`, `mon, wed, fri`, `weekday`.
    private mutating func dayList() throws(ScheduleError) -> UInt64 {
        let word = try take(expecting: "monday..sunday, weekday or day")
        guard var days = Self.weekdays(of: word.text.lowercased()) else { throw .unknownDay(word.text, column: word.column) }
        while true {
            if let next = peek, let more = Self.weekdays(of: next) {
                days |= more
                index += 1
            } else if peek == "and" {
                index += 1
                let word = try take(expecting: "monday..sunday, weekday or day")
                guard let more = Self.weekdays(of: word.text.lowercased()) else {
                    throw .unknownDay(word.text, column: word.column)
                }
                days |= more
            } else {
                return days
            }
        }
    }

    /// A daily rule on `days` at the time that follows, 00:00 if none does.
    private mutating func atTime(on days: UInt64) throws(ScheduleError) -> CalendarRule {
        let time = try optionalTime()
        return CalendarRule.daily(hour: time.hour, minute: time.minute, daysOfWeek: days)
    }

    /// `[at] 09:00 | 9:00 | 9am | 5:30pm | 9 am | noon | midnight`, or 00:00 when absent.
    private mutating func optionalTime() throws(ScheduleError) -> (hour: Int, minute: Int) {
        if accept("at") { return try time() }
        guard let word = peek, word.first?.isNumber == true || word == "noon" || word == "midnight" else {
            return (0, 0)
        }
        return try time()
    }

    private mutating func time() throws(ScheduleError) -> (hour: Int, minute: Int) {
        let word = try take(expecting: "a time such as 09:00, 9am or 5:30pm")
        var text = word.text.lowercased()
        if text == "noon" { return (12, 0) }
        if text == "midnight" { return (0, 0) }
        var meridiem: String?
        for suffix in ["am", "pm"] where text.hasSuffix(suffix) {
            meridiem = suffix
            text.removeLast(2)
        }
        if meridiem == nil, let next = peek, next == "am" || next == "pm" {
            meridiem = next
            index += 1
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              (1...2).contains(parts[0].count), let hour = Int(parts[0]),
              parts.count == 1 || parts[1].count == 2, let minute = parts.count == 2 ? Int(parts[1]) : 0,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { throw .timeNotUnderstood(word.text, column: word.column) }
        guard (0...59).contains(minute) else {
            throw .numberOutOfRange(minute, column: word.column, what: "minute", range: 0...59)
        }
        guard let meridiem else {
            guard (0...23).contains(hour) else {
                throw .numberOutOfRange(hour, column: word.column, what: "hour", range: 0...23)
            }
            return (hour, minute)
        }
        guard (1...12).contains(hour) else {
            throw .numberOutOfRange(hour, column: word.column, what: "hour", range: 1...12)
        }
        return (hour % 12 + (meridiem == "pm" ? 12 : 0), minute)
    }

    /// `starting YYYY-MM-DD [time]`: a day number and second of day, or nil.
    private mutating func starting(allowTime: Bool) throws(ScheduleError) -> (Int, Int)? {
        guard accept("starting", "from") else { return nil }
        let word = try take(expecting: "a date such as 2026-01-05")
        let parts = word.text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2],
              (1900...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { throw .dateNotUnderstood(word.text, column: word.column) }
        let time = allowTime ? try optionalTime() : (hour: 0, minute: 0)
        return (CivilDate.dayNumber(year: year, month: month, day: day), time.hour * 3600 + time.minute * 60)
    }
}
