import Foundation

/// UTC timestamps written digit by digit: `DateFormatter` and `String(format:)` were the
/// largest costs of importing and listing 100,000 contacts.
public enum UTCDateText {
    /// `2026-03-01T12:00:00Z`, as `JSONEncoder`'s `.iso8601` strategy writes it.
    public static func iso8601(_ date: Date) -> String {
        format(date, dateTimeSeparator: UInt8(ascii: "T"), milliseconds: false, suffix: UInt8(ascii: "Z"))
    }

    /// `2026-03-01 12:00:00.000`, as GRDB stores dates.
    public static func stored(_ date: Date) -> String {
        format(date, dateTimeSeparator: UInt8(ascii: " "), milliseconds: true, suffix: nil)
    }

    static func format(_ date: Date, dateTimeSeparator: UInt8, milliseconds: Bool, suffix: UInt8?) -> String {
        let totalMs = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = totalMs >= 0 ? totalMs / 1000 : (totalMs - 999) / 1000
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        // Written straight into the string's storage: a listing formats two dates for each
        // of 100,000 contacts, and an array per field showed in its profile.
        return String(unsafeUninitializedCapacity: 24) { bytes in
            var count = 0
            func put(_ value: Int, _ width: Int) {
                var v = value
                for i in stride(from: count + width - 1, through: count, by: -1) {
                    bytes[i] = UInt8(48 + v % 10)
                    v /= 10
                }
                count += width
            }
            func add(_ byte: UInt8) {
                bytes[count] = byte
                count += 1
            }
            put(Int(parts.tm_year) + 1900, 4); add(UInt8(ascii: "-"))
            put(Int(parts.tm_mon) + 1, 2); add(UInt8(ascii: "-"))
            put(Int(parts.tm_mday), 2); add(dateTimeSeparator)
            put(Int(parts.tm_hour), 2); add(UInt8(ascii: ":"))
            put(Int(parts.tm_min), 2); add(UInt8(ascii: ":"))
            put(Int(parts.tm_sec), 2)
            if milliseconds { add(UInt8(ascii: ".")); put(Int(totalMs - seconds * 1000), 3) }
            if let suffix { add(suffix) }
            return count
        }
    }

    /// Reads `YYYY-MM-DD HH:MM:SS.SSS` (or with `T`, or without the milliseconds), UTC;
    /// nil for anything else.
    static func parseStored(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        guard text.count == 19 || text.count == 23 else { return nil }
        func number(_ start: Int, _ width: Int) -> Int? {
            var value = 0
            for i in start..<(start + width) {
                let d = Int(text[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
              text[10] == UInt8(ascii: " ") || text[10] == UInt8(ascii: "T"),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var milliseconds = 0
        if text.count == 23 {
            guard text[19] == UInt8(ascii: "."), let ms = number(20, 3) else { return nil }
            milliseconds = ms
        }
        let seconds = daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds * 1_000 + milliseconds) / 1_000)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        // Count from March 1 of year 0 so that February, with its leap day, comes last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
