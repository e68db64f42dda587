/// Reading cron expressions and `@` macros.
extension ScheduleExpression {
    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Cron when the first word is made of cron characters, or the text has a `*`.
    static func looksLikeCron(_ text: String) -> Bool {
        if text.contains("*") { return true }
        let first = text.split(whereSeparator: \.isWhitespace).first ?? ""
        return !first.isEmpty && first.allSatisfy { $0.isASCII && ($0.isNumber || ",-/".contains($0)) }
    }

    static func macro(_ text: String) throws(ScheduleError) -> CalendarRule {
        let fields: String
        switch text.lowercased() {
        case "@hourly": fields = "0 * * * *"
        case "@daily", "@midnight": fields = "0 0 * * *"
        case "@weekly": fields = "0 0 * * 0"
        case "@monthly": fields = "0 0 1 * *"
        case "@yearly", "@annually": fields = "0 0 1 1 *"
        default: throw .unknownMacro(text)
        }
        return try cron(fields)
    }

    /// Reads five cron fields into a rule.
    static func cron(_ text: String) throws(ScheduleError) -> CalendarRule {
        let words = ScheduleToken.split(text, separators: [" ", "\t"])
        guard words.count == 5 else { throw .cronNeedsFiveFields(found: words.count) }
        var masks: [UInt64] = []
        for (index, word) in words.enumerated() {
            let field = CronField(rawValue: index + 1)!
            masks.append(try mask(of: word, field: field))
        }
        var daysOfWeek = masks[4]
        if daysOfWeek & (1 << 7) != 0 { daysOfWeek = (daysOfWeek | 1) & ~(1 << 7) }
        let rule = CalendarRule(minutes: masks[0], hours: masks[1], daysOfMonth: masks[2], months: masks[3],
                                daysOfWeek: daysOfWeek,
                                dayOfMonthRestricted: !words[2].text.hasPrefix("*"),
                                dayOfWeekRestricted: !words[4].text.hasPrefix("*"))
        if rule.dayOfMonthRestricted && !rule.dayOfWeekRestricted {
            // A day that no chosen month has (31 in February) would never run.
            let possible = (1...12).reduce(UInt64(0)) { days, month in
                guard rule.months & (1 << UInt64(month)) != 0 else { return days }
                let length = month == 2 ? 29 : CivilDate.daysInMonth(year: 2001, month: month)
                return days | (((1 << UInt64(length + 1)) - 1) & ~1)
            }
            if rule.daysOfMonth & possible == 0 { throw .cronDateNeverOccurs(field: .dayOfMonth, column: words[2].column) }
        }
        return rule
    }

    /// The bit mask a field's text selects: `*`, lists, ranges, steps and names.
    private static func mask(of word: ScheduleToken, field: CronField) throws(ScheduleError) -> UInt64 {
        var mask: UInt64 = 0
        for element in ScheduleToken.split(word.text, separators: [","], column: word.column, keepEmpty: true) {
            var rangeText = element.text
            var step = 1
            if let slash = element.text.firstIndex(of: "/") {
                rangeText = String(element.text[..<slash])
                let stepText = String(element.text[element.text.index(after: slash)...])
                guard let value = Int(stepText), value >= 1 else {
                    throw .cronStepNotUnderstood(stepText, field: field, column: element.column + rangeText.count + 1)
                }
                step = value
            }
            let low: Int, high: Int
            if rangeText == "*" {
                (low, high) = (field.range.lowerBound, field == .dayOfWeek ? 6 : field.range.upperBound)
            } else if let dash = rangeText.firstIndex(of: "-") {
                let lowText = String(rangeText[..<dash])
                let highText = String(rangeText[rangeText.index(after: dash)...])
                low = try value(of: lowText, field: field, column: element.column)
                high = try value(of: highText, field: field, column: element.column + lowText.count + 1)
                guard low <= high else { throw .cronRangeRunsBackwards(rangeText, field: field, column: element.column) }
            } else {
                low = try value(of: rangeText, field: field, column: element.column)
                // `5/15` means from 5 to the end of the field, stepping by 15.
                high = element.text.contains("/") ? field.range.upperBound : low
            }
            for bit in stride(from: low, through: high, by: step) { mask |= 1 << UInt64(bit) }
        }
        return mask
    }

    /// A single number or name in a field, checked against the field's range.
    private static func value(of text: String, field: CronField, column: Int) throws(ScheduleError) -> Int {
        let lower = text.lowercased()
        if field == .month, let index = monthNames.firstIndex(of: lower) { return index + 1 }
        if field == .dayOfWeek, let index = weekdayNames.firstIndex(of: lower) { return index }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .cronElementNotUnderstood(text, field: field, column: column)
        }
        guard let number = Int(text), field.range.contains(number) else {
            throw .cronValueOutOfRange(Int(text) ?? Int.max, field: field, column: column)
        }
        return number
    }
}
