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
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(48 + v % 10)
                v /= 10
            }
            bytes += digits
        }
        put(Int(parts.tm_year) + 1900, 4); bytes.append(UInt8(ascii: "-"))
        put(Int(parts.tm_mon) + 1, 2); bytes.append(UInt8(ascii: "-"))
        put(Int(parts.tm_mday), 2); bytes.append(dateTimeSeparator)
        put(Int(parts.tm_hour), 2); bytes.append(UInt8(ascii: ":"))
        put(Int(parts.tm_min), 2); bytes.append(UInt8(ascii: ":"))
        put(Int(parts.tm_sec), 2)
        if milliseconds { bytes.append(UInt8(ascii: ".")); put(Int(totalMs - seconds * 1000), 3) }
        if let suffix { bytes.append(suffix) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
