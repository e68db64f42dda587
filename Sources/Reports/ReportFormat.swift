import Foundation

/// How the report writes its numbers, the same in every view.
public enum ReportFormat {
    /// "4.5 h", "2.3 d", or "—" when there is nothing to measure.
    public static func hours(_ value: Double?) -> String {
        guard let value else { return "—" }
        if value >= 48 { return decimal(value / 24) + " d" }
        return decimal(value) + " h"
    }

    /// One decimal, without a trailing ".0".
    public static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// "2026-03" → "Mar 2026".
    public static func month(_ label: String) -> String {
        let parts = label.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return label }
        return "\(monthNames[m - 1]) \(parts[0])"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A category for display; contacts without one are "uncategorised".
    public static func category(_ text: String) -> String { text.isEmpty ? "uncategorised" : text }

    /// A day in `timeZone`, "2026-03-01".
    public static func day(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
