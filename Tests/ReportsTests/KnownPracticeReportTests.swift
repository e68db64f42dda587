import Foundation
import Model
import Testing

/// Every figure of the report on the fixture practice, against answers worked out by hand
/// from `Fixtures/known-practice.commands` for 2026-01-01 .. 2026-06-30 (UTC).
@Suite(.serialized) struct KnownPracticeReportTests {
    let f: ReportFigures

    init() throws { f = try KnownPractice.get().figures() }

    @Test func totals() {
        #expect(f.period.months == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"])
        // 16 contacts, 4 partners; referrals 2–7 arrived in the period, 2 and 6 won (1000 + 500); 8 went out.
        #expect(f.totals == ReportTotals(contacts: 16, partners: 4, inbound: 6, outbound: 1, won: 2, wonValue: 1500))
    }

    @Test func visibilityFlagsTheMonthsWithoutAnActivity() {
        #expect(f.visibility.months.map(\.count) == [1, 0, 2, 0, 1, 0])
        #expect(f.visibility.monthsWithNone == ["2026-02", "2026-04", "2026-06"])
        #expect(f.headlines[0].figure == "3")
    }

    @Test func networkGrowthCountsContactsAddedPerMonth() {
        // Jan: Bogdan, Carla, X1; Feb: Dan, X2; Mar: five notaries and X3; Apr: X4; May: X5, X6.
        #expect(f.growth.months.map(\.count) == [3, 2, 6, 1, 2, 0])
        #expect(f.growth.total == 14)
        #expect(f.growth.monthsWithNone == ["2026-06"])
    }

    @Test func fitFlagsManyContactsWithoutFittingReferrals() {
        let rows = f.fit.categories.map { [$0.category, "\($0.contacts)", "\($0.referrals)", "\($0.fitting)", "\($0.flagged)"] }
        #expect(rows == [
            ["attorney", "1", "3", "2", "false"],   // referrals 2 (won) and 3 (meeting) fit, 4 (lost) does not
            ["retail", "2", "1", "1", "false"],     // Carla's referral 6 was won
            ["Notary", "5", "1", "0", "true"],      // five notaries (one spelt "Notary"), one lost referral
            ["banker", "1", "1", "0", "false"],     // referral 5 is still waiting
        ])
    }

    @Test func responseTimes() {
        // Answered after 1 h, 2 h, 48 h, 30 min, 24 h; referral 5 never.
        let r = f.response
        #expect(r.referrals == 6 && r.done == 5 && r.withinTarget == 4)
        #expect(r.medianHours == 2)
        #expect(r.p90Hours == 48)
        #expect(r.buckets.map(\.count) == [1, 2, 0, 2, 0, 0, 1])
        #expect(r.overdue == 1)
        #expect(r.overdueList.map(\.id) == [5])
        #expect(r.overdueList.first?.days == 90)
        #expect(r.overdueList.first?.partner == "Bogdan Banca")
    }

    @Test func thankYouTimes() {
        // Thanked after 3 h, 24 h, 30 min, 120 h; referrals 4 and 6 never.
        let t = f.thanks
        #expect(t.done == 4 && t.withinTarget == 3)
        #expect(t.medianHours == 13.5)
        #expect(t.p90Hours == 120)
        #expect(t.buckets.map(\.count) == [1, 1, 0, 1, 1, 0, 2])
        #expect(t.overdue == 2)
        #expect(t.overdueList.map(\.id) == [4, 6])
    }

    @Test func droughtComparesTheLastThirtyDaysWithTheUsualRate() throws {
        // No referral in June; 7 in the 360 days before; the last on 15 May, 09:00.
        #expect(f.drought.last30Days == 0)
        #expect(abs(f.drought.usualPer30Days - 7.0 / 12) < 1e-9)
        #expect(f.drought.daysSinceLast == 46)
        #expect(f.drought.warning == false)   // 46 days is less than twice the usual gap (103 days)
        // By the end of 2026 the silence is 230 days: a drought.
        let later = try KnownPractice.get().figures(ReportPeriod(since: KnownPractice.date("2026-01-01"),
                                                                 until: KnownPractice.date("2027-01-01"), timeZone: KnownPractice.utc))
        #expect(later.drought.warning == true)
        #expect(later.drought.daysSinceLast == 230)
    }

    @Test func aListIsTheTopFifthOfThePartners() {
        // Four partners: the A list is one — Ana, three referrals; Nora is tier A without earning it.
        #expect(f.aList.partners == 4 && f.aList.active == 4)
        #expect(f.aList.entries.map(\.name) == ["Ana Avocat"])
        #expect(f.aList.entries.first?.referrals == 3 && f.aList.entries.first?.won == 1 && f.aList.entries.first?.value == 1000)
        #expect(f.aList.toPromote.isEmpty)
        #expect(f.aList.tierAOutside == 1)
    }

    @Test func promisesAgainstTheLastServiceTouch() {
        // Carla (weekly) was served 2.6 days before the end; Dan (monthly) 60.6 days before: 29 days overdue.
        #expect(f.promises.promised == 2 && f.promises.kept == 1 && f.promises.broken == 1)
        let dan = f.promises.brokenList.first
        #expect(dan?.name == "Dan Client" && dan?.cadence == "monthly" && dan?.overdueDays == 29)
        #expect(dan?.lastServiceTouch == KnownPractice.date("2026-05-01 10:00"))
    }

    @Test func openLoops() {
        // Open: 3 (meeting) and 5 (received), both older than 30 days. Closed: 2 and 4 (Ana
        // touched since), 6 (Carla touched since), 7 (Nora never touched): one loop untold.
        #expect(f.openLoops.open == 2 && f.openLoops.stale == 2)
        #expect(f.openLoops.oldest.map(\.id) == [3, 5])
        #expect(f.openLoops.oldest.map(\.days) == [145, 90])
        #expect(f.openLoops.closedUntold == 1)
        #expect(f.openLoops.untold.map(\.id) == [7])
        #expect(f.openLoops.untold.first?.days == 45)
    }

    @Test func askFrequencyOverNinetyDays() {
        // From 2 April: Ana 4 relationship touches (too many), Bogdan 1; Carla 1 service touch.
        let a = f.asks
        #expect(a.partners == 4 && a.relationshipTouches == 5 && a.serviceTouches == 1)
        #expect(a.perPartner == 1.25)
        #expect(a.notAsked == 2)
        #expect(a.tooOftenCount == 1)
        #expect(a.tooOften.map(\.name) == ["Ana Avocat"])
        #expect(a.tooOften.first?.value == 4)
    }

    @Test func relationshipDepthPerPartnerAndGroup() {
        // Days of relationship at 1 July: Ana 395, Bogdan 172, Carla 167, Nora 122. Touches in the period: 5, 1, 1, 0.
        let d = f.depth
        #expect(d.partners == 4)
        #expect(abs(d.averageMonths - 214 / 30.436875) < 1e-6)
        #expect(d.touchesPerPartner == 1.75)
        #expect(d.shallow == 3)
        #expect(d.groups.map(\.category) == ["attorney", "banker", "notary", "retail"])
        #expect(d.groups.first?.touchesPerPartner == 5 && d.groups.first?.referralsPerPartner == 3)
    }

    @Test func relationshipBank() {
        // Received: Ana 3, Bogdan 1, Carla 1, Nora 1. Given: Carla sent on to Ana.
        let b = f.bank
        #expect(b.received == 6 && b.given == 1)
        #expect(b.weOwe == 4 && b.theyOwe == 0)
        #expect(b.accounts.map { "\($0.name) \($0.received)/\($0.given)" } == ["Ana Avocat 3/1", "Bogdan Banca 1/0", "Carla Client 1/0", "Nora Notar 1/0"])
    }

    @Test func professionalsVersusClients() {
        let kinds = f.sources.kinds.map { "\($0.kind) \($0.partners) \($0.referrals) \($0.won) \(Int($0.value))" }
        #expect(kinds == ["client 1 1 1 500", "professional 3 5 1 1000"])
        #expect(f.sources.byMonth.map { $0.counts } == [["professional": 1], ["professional": 1], ["professional": 1],
                                                          ["professional": 1], ["professional": 1, "client": 1], [:]])
        #expect(f.headlines.first { $0.id == "sources" }?.figure == "1.7 vs 1")
    }

    @Test func eventsAndWhatFollowed() {
        // The wine tasting (1 March): Ana and Carla came and sent referrals 4 and 6 within 90 days;
        // Bogdan's referral 5 does not count (he did not come). The Christmas dinner is before the period.
        #expect(f.events.events.count == 1)
        let e = f.events.events[0]
        #expect(e.name == "Wine tasting" && e.invited == 3 && e.attended == 2)
        #expect(e.referrals == 2 && e.won == 1 && e.cost == 1200)
    }

    @Test func headlinesCarryAdviceForEverySection() {
        #expect(f.headlines.map(\.id) == ["visibility", "growth", "fit", "response", "thanks", "drought", "aList", "promises",
                                          "openLoops", "asks", "depth", "bank", "sources", "events"])
        for h in f.headlines { #expect(!h.advice.isEmpty && !h.figure.isEmpty, "\(h.id)") }
        #expect(f.headlines.first { $0.id == "response" }?.advice.contains("X4 Prospect") == true)
        #expect(f.headlines.first { $0.id == "promises" }?.advice.contains("Dan Client") == true)
    }
}
