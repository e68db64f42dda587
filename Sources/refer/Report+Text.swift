import Foundation
import Model
import Reports

/// The terminal view of the report: each section opens with its headline number, then
/// a few lines of detail, then what to do ("→ …"). Colour only marks what needs action.
struct ReportText {
    let figures: ReportFigures
    let practice: String
    let colour: Bool

    var timeZone: TimeZone { TimeZone(identifier: figures.period.timezone) ?? TimeZone(identifier: "UTC")! }

    func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, "1") }

    func render() -> String {
        let f = figures
        let from = ReportFormat.day(f.period.since, timeZone: timeZone)
        let to = ReportFormat.day(f.period.until.addingTimeInterval(-1), timeZone: timeZone)
        var out = [
            bold("Referral report: \(practice), \(from) to \(to) (\(f.period.timezone))"),
            "\(f.totals.inbound) referrals received, \(f.totals.outbound) sent, \(f.totals.won) won (value \(ReportFormat.decimal(f.totals.wonValue)))"
                + " · \(f.totals.contacts) contacts · \(f.totals.partners) partners",
        ]
        let details = sectionDetails()
        for h in f.headlines {
            out.append("")
            out.append(bold(h.title))
            let figure = paint(h.figure, h.alert ? "1;31" : "1;32")
            out.append("  \(figure)  \(h.label)")
            for line in details[h.id] ?? [] { out.append("    " + line) }
            out.append(paint("  → \(h.advice)", h.alert ? "33" : "2"))
        }
        return out.joined(separator: "\n")
    }

    /// "Jan 2 · Feb 0 · …", months with none marked.
    func months(_ counts: MonthlyCounts) -> [String] {
        let cells = counts.months.map { m -> String in
            let text = "\(ReportFormat.month(m.month).prefix(3)) \(m.count)"
            return m.count == 0 ? paint(text + "!", "31") : text
        }
        return stride(from: 0, to: cells.count, by: 12).map { cells[$0..<min($0 + 12, cells.count)].joined(separator: " · ") }
    }

    func referral(_ r: ReferralLine) -> String {
        "#\(r.id) \(r.prospect)" + (r.partner.map { " from \($0)" } ?? "") + ", \(r.status), \(r.days) d"
    }

    func sectionDetails() -> [String: [String]] {
        let f = figures
        var d: [String: [String]] = [:]
        d["visibility"] = months(f.visibility)
        d["growth"] = months(f.growth)
        d["fit"] = f.fit.categories.prefix(6).map {
            "\(ReportFormat.category($0.category)): \($0.contacts) contacts, \($0.referrals) referrals, \($0.fitting) fit" + ($0.flagged ? paint("  ⚑", "31") : "")
        }
        d["response"] = delays(f.response)
        d["thanks"] = delays(f.thanks)
        d["drought"] = ["last 30 days: \(f.drought.last30Days), usual per 30 days: \(ReportFormat.decimal(f.drought.usualPer30Days))"
            + (f.drought.lastArrivedAt.map { ", last on \(ReportFormat.day($0, timeZone: timeZone))" } ?? "")]
        d["aList"] = f.aList.entries.prefix(10).enumerated().map { i, e in
            "\(i + 1). \(e.name) (tier \(e.tier)\(e.category.map { ", \($0)" } ?? "")): \(e.referrals) referrals, \(e.won) won"
        }
        d["promises"] = ["\(f.promises.kept) kept, \(f.promises.broken) broken"] + f.promises.brokenList.prefix(5).map {
            "\($0.name): \($0.cadence), last service touch "
                + ($0.lastServiceTouch.map { ReportFormat.day($0, timeZone: timeZone) } ?? "never") + ", \($0.overdueDays) d overdue"
        }
        d["openLoops"] = f.openLoops.oldest.prefix(3).map { "open: " + referral($0) }
            + f.openLoops.untold.prefix(3).map { "not told: " + referral($0) }
        d["asks"] = ["\(f.asks.relationshipTouches) relationship and \(f.asks.serviceTouches) service touches with \(f.asks.partners) partners; "
            + "\(ReportFormat.decimal(f.asks.perPartner)) asks per partner; \(f.asks.notAsked) not asked"]
            + f.asks.tooOften.prefix(5).map { "\($0.name): \(Int($0.value)) asks" }
        d["depth"] = f.depth.groups.prefix(5).map {
            "\(ReportFormat.category($0.category)): \($0.partners) partners, \(ReportFormat.decimal($0.averageMonths)) months, "
                + "\(ReportFormat.decimal($0.touchesPerPartner)) touches and \(ReportFormat.decimal($0.referralsPerPartner)) referrals each"
        }
        d["bank"] = f.bank.accounts.prefix(6).map { "\($0.name): received \($0.received), given \($0.given)" }
        d["sources"] = f.sources.kinds.map {
            "\($0.kind): \($0.partners) partners, \($0.referrals) referrals (\(ReportFormat.decimal($0.perPartner)) each), \($0.won) won"
        }
        d["events"] = f.events.events.suffix(5).map {
            "\(ReportFormat.day($0.at, timeZone: timeZone)) \($0.name): \($0.attended) of \($0.invited) came, \($0.referrals) referrals after, \($0.won) won"
        }
        return d
    }

    func delays(_ x: DelayFigures) -> [String] {
        guard x.referrals > 0 else { return [] }
        var lines = ["\(x.done) of \(x.referrals) done, \(x.withinTarget) within target; 90% within \(ReportFormat.hours(x.p90Hours))",
                     x.buckets.map { "\($0.label): \($0.count)" }.joined(separator: " · ")]
        lines += x.overdueList.prefix(3).map { "waiting: " + referral($0) }
        return lines
    }
}
