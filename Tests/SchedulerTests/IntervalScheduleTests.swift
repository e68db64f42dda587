import Foundation
import Testing
@testable import Scheduler

/// Intervals follow elapsed time from their anchor, not the wall clock.
@Suite("Interval schedules")
struct IntervalScheduleTests {
    private func gaps(_ schedule: String, after start: String, in zone: TimeZone, count: Int) throws -> [TimeInterval] {
        let expression = try ScheduleExpression(schedule)
        var cursor = Clock.instant(start)
        var result: [TimeInterval] = []
        for _ in 0..<count {
            let next = try #require(expression.nextOccurrence(after: cursor, in: zone))
            result.append(next.timeIntervalSince(cursor))
            cursor = next
        }
        return Array(result.dropFirst())
    }

    @Test("every 3 hours stays three real hours apart across both New York changes", arguments: [
        "2026-03-07T20:00:00-05:00", "2026-10-31T20:00:00-04:00",
    ])
    func threeHours(start: String) throws {
        #expect(try gaps("every 3 hours", after: start, in: Clock.newYork, count: 6) == Array(repeating: 10_800, count: 5))
    }

    @Test("every 3 hours shows the hour change on the wall clock")
    func threeHoursWallClock() throws {
        #expect(try Clock.occurrences("every 3 hours", after: "2026-03-07T20:00:00-05:00", in: Clock.newYork,
                                      count: 4) == [
            "2026-03-07T21:00:00-05:00", "2026-03-08T00:00:00-05:00",
            "2026-03-08T04:00:00-04:00", "2026-03-08T07:00:00-04:00",
        ])
    }

    @Test("every 30 minutes keeps its pace through Lord Howe's half-hour change")
    func thirtyMinutesLordHowe() throws {
        #expect(try gaps("every 30 minutes", after: "2026-10-04T01:00:00+10:30", in: Clock.lordHowe, count: 6)
                == Array(repeating: 1800, count: 5))
        #expect(try gaps("every 30 minutes", after: "2026-04-05T01:00:00+11:00", in: Clock.lordHowe, count: 6)
                == Array(repeating: 1800, count: 5))
    }

    @Test("every 6 weeks is exactly 42 days of elapsed time across a change")
    func sixWeeks() throws {
        #expect(try gaps("every 6 weeks", after: "2026-01-01T00:00:00+02:00", in: Clock.bucharest, count: 4)
                == Array(repeating: 42 * 86_400, count: 3))
        // Anchored at local midnight in winter, so the summer runs show 01:00.
        #expect(try Clock.occurrences("every 6 weeks", after: "2026-03-01T00:00:00+02:00", in: Clock.bucharest,
                                      count: 2) == ["2026-03-23T00:00:00+02:00", "2026-05-04T01:00:00+03:00"])
    }
}
