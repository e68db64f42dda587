import Foundation
import Testing
@testable import Scheduler

@Suite("Zone offsets")
struct ZoneTableTests {
    @Test("offsets far from the first question extend the table, in both directions")
    func extendsBothWays() throws {
        // US rules differ by era: 2040 changes on the second Sunday of March, 1995 on the first Sunday of April.
        #expect(try Clock.occurrences("30 2 * * *", after: "2026-06-01T00:00:00-04:00", in: Clock.newYork, count: 1)
                == ["2026-06-01T02:30:00-04:00"])
        #expect(try Clock.occurrences("30 2 * * *", after: "2040-03-10T12:00:00-05:00", in: Clock.newYork, count: 1)
                == ["2040-03-11T03:00:00-04:00"])
        #expect(try Clock.occurrences("30 2 * * *", after: "1995-04-01T12:00:00-05:00", in: Clock.newYork, count: 1)
                == ["1995-04-02T03:00:00-04:00"])
    }

    @Test("the table agrees with Foundation at every hour of a year", arguments: [
        "America/New_York", "Europe/Bucharest", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata",
    ])
    func agreesWithFoundation(identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let start = 1_767_225_600 // 2026-01-01T00:00Z
        let table = ZoneTableCache.shared.table(for: zone, covering: start)
        for instant in stride(from: start, to: start + 366 * 86_400, by: 3600) {
            #expect(table.offset(at: instant) == zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
        }
    }

    @Test("many tasks may ask at once")
    func concurrentQuestions() async throws {
        let expression = try ScheduleExpression("30 9 * * 1-5")
        let zones = ["America/New_York", "Europe/Bucharest", "Australia/Lord_Howe", "Pacific/Chatham"]
            .compactMap(TimeZone.init(identifier:))
        let answers = await withTaskGroup(of: Date?.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let zone = zones[index % zones.count]
                    let after = Date(timeIntervalSince1970: 2_500_000_000 + Double(index) * 86_400)
                    return expression.nextOccurrence(after: after, in: zone)
                }
            }
            return await group.reduce(into: [Date?]()) { $0.append($1) }
        }
        #expect(answers.count == 64)
        #expect(answers.allSatisfy { $0 != nil })
    }
}

@Suite("Zone table reuse")
struct ZoneTableReuseTests {
    @Test("a question far away replaces the table instead of growing it over centuries")
    func farQuestionReplaces() {
        let cache = ZoneTableCache()
        let zone = Clock.bucharest
        let now = 1_767_225_600 // 2026-01-01T00:00Z
        let anchor = CivilDate.dayNumber(year: 2000, month: 1, day: 3) * CivilDate.secondsPerDay
        let merged = cache.table(for: zone, covering: anchor)
        #expect(merged.covers(anchor))
        #expect(cache.table(for: zone, covering: now).covers(anchor))
        let far = 7_258_118_400 // 2200-01-01T00:00Z
        let replaced = cache.table(for: zone, covering: far)
        #expect(replaced.covers(far))
        #expect(!replaced.covers(now))
    }
}
