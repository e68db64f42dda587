import Foundation
import Testing
@testable import Scheduler

@Suite("Due jobs and catch-up")
struct SchedulerDueTests {
    private let daily = try! ScheduleExpression("every day 09:00")

    private func scheduler(now: String, grace: TimeInterval = 86_400) -> Scheduler {
        Scheduler(clock: ManualClock(Clock.instant(now)), timeZone: Clock.utc, graceWindow: grace)
    }

    @Test("a daily job whose machine was off for three days runs once and skips two")
    func offForThreeDays() {
        let decision = scheduler(now: "2026-01-08T10:00:00Z")
            .decide(daily, lastRun: Clock.instant("2026-01-05T09:00:00Z"))
        #expect(decision == DueDecision(due: Clock.instant("2026-01-08T09:00:00Z"), skipped: 2,
                                        next: Clock.instant("2026-01-09T09:00:00Z")))
    }

    @Test("a missed run older than the grace window is skipped, not run")
    func outsideGrace() {
        let decision = scheduler(now: "2026-01-08T10:00:00Z", grace: 1800)
            .decide(daily, lastRun: Clock.instant("2026-01-05T09:00:00Z"))
        #expect(decision.due == nil)
        #expect(decision.skipped == 3)
    }

    @Test("a job that already ran for its latest occurrence is not due")
    func alreadyRan() {
        let decision = scheduler(now: "2026-01-08T10:00:00Z").decide(daily, lastRun: Clock.instant("2026-01-08T09:00:00Z"))
        #expect(decision == DueDecision(due: nil, skipped: 0, next: Clock.instant("2026-01-09T09:00:00Z")))
    }

    @Test("an occurrence that has just passed is due, with nothing skipped")
    func onTime() {
        let decision = scheduler(now: "2026-01-08T09:00:05Z").decide(daily, lastRun: Clock.instant("2026-01-07T09:00:00Z"))
        #expect(decision.due == Clock.instant("2026-01-08T09:00:00Z"))
        #expect(decision.skipped == 0)
    }

    @Test("a job that never ran only catches up within the grace window")
    func neverRan() {
        let justAfter = scheduler(now: "2026-01-08T09:00:30Z", grace: 3600).decide(daily, lastRun: nil)
        #expect(justAfter == DueDecision(due: Clock.instant("2026-01-08T09:00:00Z"), skipped: 0,
                                         next: Clock.instant("2026-01-09T09:00:00Z")))
        let before = scheduler(now: "2026-01-08T08:00:00Z", grace: 3600).decide(daily, lastRun: nil)
        #expect(before == DueDecision(due: nil, skipped: 0, next: Clock.instant("2026-01-08T09:00:00Z")))
    }

    @Test("an hourly job off for a day runs its newest hour and counts the rest")
    func hourlyOffForADay() throws {
        let decision = scheduler(now: "2026-01-06T00:30:00Z", grace: 3600)
            .decide(try ScheduleExpression("hourly"), lastRun: Clock.instant("2026-01-05T00:00:00Z"))
        #expect(decision == DueDecision(due: Clock.instant("2026-01-06T00:00:00Z"), skipped: 23,
                                        next: Clock.instant("2026-01-06T01:00:00Z")))
    }

    @Test("the scheduler reads now from its clock, which tests can move")
    func manualClock() {
        let clock = ManualClock(Clock.instant("2026-01-08T08:59:00Z"))
        let scheduler = Scheduler(clock: clock, timeZone: Clock.utc)
        #expect(scheduler.decide(daily, lastRun: Clock.instant("2026-01-07T09:00:00Z")).due == nil)
        clock.advance(by: 120)
        #expect(scheduler.decide(daily, lastRun: Clock.instant("2026-01-07T09:00:00Z")).due
                == Clock.instant("2026-01-08T09:00:00Z"))
        clock.set(to: Clock.instant("2026-01-07T12:00:00Z"))
        #expect(clock.now == Clock.instant("2026-01-07T12:00:00Z"))
    }
}
