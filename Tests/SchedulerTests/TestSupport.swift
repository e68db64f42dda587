import Foundation
@testable import Scheduler

/// Helpers that let tests speak in readable local times with offsets.
enum Clock {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let bucharest = TimeZone(identifier: "Europe/Bucharest")!
    static let lordHowe = TimeZone(identifier: "Australia/Lord_Howe")!
    static let chatham = TimeZone(identifier: "Pacific/Chatham")!
    static let utc = TimeZone(identifier: "UTC")!

    /// An instant from ISO 8601 text with an offset, e.g. `2026-03-08T03:00:00-04:00`.
    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else {
            preconditionFailure("test date \(text) is not ISO 8601")
        }
        return date
    }

    /// An instant written as local time with offset in `zone`.
    static func text(_ date: Date?, in zone: TimeZone) -> String {
        guard let date else { return "never" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }

    /// The next `count` occurrences of `schedule` after `start`, as local text.
    static func occurrences(_ schedule: String, after start: String, in zone: TimeZone,
                            count: Int) throws -> [String] {
        let expression = try ScheduleExpression(schedule)
        var cursor = instant(start)
        var result: [String] = []
        for _ in 0..<count {
            guard let next = expression.nextOccurrence(after: cursor, in: zone) else {
                result.append("never")
                break
            }
            result.append(text(next, in: zone))
            cursor = next
        }
        return result
    }
}
