import Foundation
import Model
import Reports
import Store
import Testing

/// An empty practice, a single referral and years of data all give a sensible report:
/// no division by zero, no NaN, and every chart either draws or says why it cannot.
struct EdgeCaseReportTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let now = try! FriendlyDate.parse("2026-07-01", timeZone: utc)

    func expectSensible(_ f: ReportFigures, sourceLocation: SourceLocation = #_sourceLocation) throws {
        _ = try JSONEncoder().encode(f)   // throws on NaN or infinity
        for h in f.headlines {
            #expect(!h.figure.isEmpty && !h.label.isEmpty && !h.advice.isEmpty, "\(h.id)", sourceLocation: sourceLocation)
            #expect(!h.figure.contains("nan") && !h.label.contains("nan"), "\(h.id)", sourceLocation: sourceLocation)
        }
        let page = HTMLReport(figures: f, practice: "Edge & Co", generatedAt: Self.now).render()
        for name in HTMLReport.chartNames {
            guard let range = page.range(of: "data-chart=\"\(name)\"") else {
                Issue.record("chart \(name) is missing", sourceLocation: sourceLocation)
                continue
            }
            let rest = page[range.upperBound...]
            let figure = rest[..<(rest.range(of: "</figure>")?.lowerBound ?? rest.endIndex)]
            #expect(figure.contains("<rect") || figure.contains("class=\"empty\">"), "\(name) is neither drawn nor explained",
                    sourceLocation: sourceLocation)
        }
        #expect(page.utf8.count < 1_000_000, sourceLocation: sourceLocation)
        for outside in ["<script", "src=", "href=", "url(", "@import"] {
            #expect(!page.contains(outside), "the page must not load \(outside)", sourceLocation: sourceLocation)
        }
    }

    @Test func anEmptyPracticeSaysThereIsNothingYet() throws {
        let store = try AppDatabase.inMemory()
        let f = try store.reportFigures(for: ReportPeriod(since: nil, until: Self.now, timeZone: Self.utc))
        #expect(f.period.months.count == 12)
        #expect(f.totals == ReportTotals())
        #expect(f.response.medianHours == nil && f.thanks.p90Hours == nil)
        #expect(f.depth.averageMonths == 0 && f.asks.perPartner == 0)
        #expect(f.drought.warning == false && f.drought.daysSinceLast == nil)
        #expect(f.aList.entries.isEmpty)
        #expect(f.headlines.first { $0.id == "response" }?.figure == "—")
        try expectSensible(f)
        let page = HTMLReport(figures: f, practice: "Empty", generatedAt: Self.now).render()
        #expect(page.components(separatedBy: "class=\"empty\"").count - 1 >= HTMLReport.chartNames.count)
    }

    @Test func oneReferral() throws {
        let store = try AppDatabase.inMemory()
        let partner = try store.addContact(Contact(name: "Ana", kind: .professional, category: "attorney", addedAt: Self.now.addingTimeInterval(-100 * 86_400)))
        let p = try store.addPartner(Partner(contactId: partner.id!, tier: .b, relationshipStart: Self.now.addingTimeInterval(-100 * 86_400)))
        let prospect = try store.addContact(Contact(name: "Mihai", addedAt: Self.now.addingTimeInterval(-10 * 86_400)))
        _ = try store.addReferral(Referral(partnerId: p.id, prospectId: prospect.id!, arrivedAt: Self.now.addingTimeInterval(-10 * 86_400)))
        let f = try store.reportFigures(for: ReportPeriod(since: nil, until: Self.now, timeZone: Self.utc))
        #expect(f.totals.inbound == 1)
        #expect(f.response.done == 0 && f.response.buckets.last?.count == 1 && f.response.overdue == 1)
        #expect(f.aList.entries.map(\.name) == ["Ana"])
        #expect(f.aList.toPromote == ["Ana"])
        #expect(f.bank.weOwe == 1)
        #expect(f.openLoops.open == 1 && f.openLoops.stale == 0)
        #expect(f.drought.usualPer30Days == 0 && f.drought.warning == false)
        try expectSensible(f)
    }

    @Test func yearsOfData() throws {
        let store = try AppDatabase.inMemory()
        var partners: [Int64] = []
        for i in 0..<8 {
            let kind: ContactKind = i % 2 == 0 ? .professional : .client
            let c = try store.addContact(Contact(name: "Partner \(i)", kind: kind, category: i % 2 == 0 ? "attorney" : "retail",
                                                 addedAt: Self.now.addingTimeInterval(-7 * 365 * 86_400)))
            partners.append(try store.addPartner(Partner(contactId: c.id!, relationshipStart: c.addedAt)).id!)
        }
        // Six years: a referral every nine days, answered after 1..72 hours, some won.
        for n in 0..<240 {
            let arrived = Self.now.addingTimeInterval(-Double(n) * 9 * 86_400 - 3600)
            let prospect = try store.addContact(Contact(name: "Prospect \(n)", addedAt: arrived))
            let r = try store.addReferral(Referral(partnerId: partners[n % partners.count], prospectId: prospect.id!, arrivedAt: arrived))
            if n > 2 {
                _ = try store.moveReferral(id: r.id!, to: .contacted, at: arrived.addingTimeInterval(Double(n % 72 + 1) * 3600))
                if n % 3 == 0 { _ = try store.moveReferral(id: r.id!, to: .won, at: arrived.addingTimeInterval(20 * 86_400)) }
            }
            if n % 5 == 0 { _ = try store.addActivity(Activity(kind: .talk, title: "Talk \(n)", at: arrived)) }
        }
        let since = try FriendlyDate.parse("2020-07-01", timeZone: Self.utc)
        let f = try store.reportFigures(for: ReportPeriod(since: since, until: Self.now, timeZone: Self.utc))
        #expect(f.period.months.count == 72)
        #expect(f.sources.byMonth.count == 72)
        #expect(f.totals.inbound == 240)
        #expect(f.response.done == 237 && f.response.buckets.last?.count == 3)
        #expect(f.aList.entries.count == 2)    // 20% of 8 partners, rounded up
        #expect(f.visibility.months.count == 72 && f.visibility.total == 48)
        try expectSensible(f)
    }
}
