import Foundation

/// Reads the dates people type: ISO 8601 (`2026-03-01T14:00:00Z`), `2026-03-01`,
/// `2026-03-01 14:00`, `today`, `yesterday`, `tomorrow`, `now`, `3 days ago`,
/// all in the practice's time zone unless the text carries its own offset.
public enum FriendlyDate {
    /// Parses `text` relative to `now` in `timeZone`.
    public static func parse(_ text: String, timeZone: TimeZone, now: Date = Date()) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let startOfToday = calendar.startOfDay(for: now)
        switch t {
        case "now": return now
        case "today": return startOfToday
        case "yesterday": return calendar.date(byAdding: .day, value: -1, to: startOfToday)!
        case "tomorrow": return calendar.date(byAdding: .day, value: 1, to: startOfToday)!
        default: break
        }
        let words = t.split(separator: " ")
        if words.count == 3, words[2] == "ago", let n = Int(words[0]), n >= 0 {
            let unit: Calendar.Component
            switch words[1] {
            case "day", "days": unit = .day
            case "week", "weeks": unit = .weekOfYear
            case "month", "months": unit = .month
            case "year", "years": unit = .year
            default: throw ModelError.badDate(text, reason: "unknown unit \"\(words[1])\"")
            }
            return calendar.date(byAdding: unit, value: -n, to: startOfToday)!
        }
        return try parseAbsolute(text.trimmingCharacters(in: .whitespaces), calendar: calendar)
    }

    private static func parseAbsolute(_ text: String, calendar: Calendar) throws -> Date {
        let bytes = Array(text.utf8)
        var i = 0
        func number(_ count: Int, _ what: String) throws -> Int {
            guard i + count <= bytes.count else { throw ModelError.badDate(text, reason: "the \(what) is missing") }
            var n = 0
            for b in bytes[i..<(i + count)] {
                guard b >= 48 && b <= 57 else { throw ModelError.badDate(text, reason: "the \(what) is not a number") }
                n = n * 10 + Int(b - 48)
            }
            i += count
            return n
        }
        func expect(_ c: UInt8, _ what: String) throws {
            guard i < bytes.count, bytes[i] == c else { throw ModelError.badDate(text, reason: "expected \(what)") }
            i += 1
        }
        var parts = DateComponents()
        parts.calendar = calendar
        parts.timeZone = calendar.timeZone
        parts.year = try number(4, "year")
        try expect(UInt8(ascii: "-"), "- after the year")
        parts.month = try number(2, "month")
        try expect(UInt8(ascii: "-"), "- after the month")
        parts.day = try number(2, "day")
        parts.hour = 0; parts.minute = 0; parts.second = 0
        if i < bytes.count {
            guard bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t") else {
                throw ModelError.badDate(text, reason: "unexpected text after the date")
            }
            i += 1
            parts.hour = try number(2, "hour")
            try expect(UInt8(ascii: ":"), ": after the hour")
            parts.minute = try number(2, "minute")
            if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
                i += 1
                parts.second = try number(2, "second")
                if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < bytes.count, bytes[i] >= 48 && bytes[i] <= 57 { i += 1 }
                }
            }
            if i < bytes.count {
                if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
                    i += 1
                    parts.timeZone = TimeZone(identifier: "UTC")
                } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                    let sign = bytes[i] == UInt8(ascii: "+") ? 1 : -1
                    i += 1
                    let h = try number(2, "offset hours")
                    if i < bytes.count, bytes[i] == UInt8(ascii: ":") { i += 1 }
                    let m = try number(2, "offset minutes")
                    guard let zone = TimeZone(secondsFromGMT: sign * (h * 3600 + m * 60)) else {
                        throw ModelError.badDate(text, reason: "the offset is out of range")
                    }
                    parts.timeZone = zone
                }
            }
            guard i == bytes.count else { throw ModelError.badDate(text, reason: "unexpected text after the time") }
        }
        guard (1...12).contains(parts.month!), (1...31).contains(parts.day!),
              (0...23).contains(parts.hour!), (0...59).contains(parts.minute!), (0...60).contains(parts.second!) else {
            throw ModelError.badDate(text, reason: "a field is out of range")
        }
        var zoned = calendar
        zoned.timeZone = parts.timeZone!
        guard parts.isValidDate(in: zoned), let date = zoned.date(from: parts) else {
            throw ModelError.badDate(text, reason: "no such day")
        }
        return date
    }

    /// Formats `date` as `YYYY-MM-DD HH:mm` in `timeZone`, for tables.
    public static func format(_ date: Date, timeZone: TimeZone, withTime: Bool = true) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        return withTime ? day + String(format: " %02d:%02d", c.hour!, c.minute!) : day
    }
}
