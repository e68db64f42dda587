import Foundation
import Model

/// One section of the report as a practitioner reads it (R23): the one number that
/// matters first, what it means, and what to do about it. The text and HTML views
/// both start each section with it, so they never disagree.
public struct ReportHeadline: Sendable, Codable, Equatable {
    /// A stable key: "visibility", "growth", "fit", …
    public var id: String
    public var title: String
    /// The number, formatted ("3", "4.5 h", "—" when there is nothing to measure).
    public var figure: String
    /// What the number counts.
    public var label: String
    /// Whether the number calls for action.
    public var alert: Bool
    /// What to do about it, in one sentence.
    public var advice: String
}

extension ReportFigures {
    /// The sections in reading order, each with its headline.
    public var headlines: [ReportHeadline] {
        [visibilityHeadline, growthHeadline, fitHeadline, responseHeadline, thanksHeadline, droughtHeadline,
         aListHeadline, promisesHeadline, openLoopsHeadline, asksHeadline, depthHeadline, bankHeadline,
         sourcesHeadline, eventsHeadline]
    }

    var visibilityHeadline: ReportHeadline {
        let none = visibility.monthsWithNone
        let advice = none.isEmpty
            ? "Every month had at least one talk, article, meeting or community action: keep the rhythm."
            : "Plan one visible action for \(ReportFormat.month(none.last!)) now: a talk, an article, a professional meeting."
        return ReportHeadline(id: "visibility", title: "Visibility by month (R1)", figure: String(none.count),
                              label: "of \(visibility.months.count) months without a visibility activity",
                              alert: !none.isEmpty, advice: advice)
    }

    var growthHeadline: ReportHeadline {
        let none = growth.monthsWithNone
        let advice = none.isEmpty
            ? "The network grew every month; meet the next ones where ideal prospects' advisers are."
            : "No new contacts in \(none.count) month(s), last \(ReportFormat.month(none.last!)): go where new professionals are this month."
        return ReportHeadline(id: "growth", title: "Network growth (R2)", figure: String(growth.total),
                              label: "new contacts; \(none.count) month(s) with none", alert: !none.isEmpty, advice: advice)
    }

    var fitHeadline: ReportHeadline {
        let flagged = fit.categories.filter(\.flagged)
        let best = fit.categories.first { $0.fitting > 0 }
        var advice: String
        if let first = flagged.first {
            advice = "\(ReportFormat.category(first.category)) (\(first.contacts) contacts) sent nothing that fits: show them the ideal-prospect profile or spend the time elsewhere."
        } else if best == nil {
            advice = "No referral reached a meeting yet in this period: share the ideal-prospect profile with your partners."
        } else {
            advice = "Every large category sends referrals that fit."
        }
        if let best { advice += " Best fit: \(ReportFormat.category(best.category)) (\(best.fitting) of \(best.referrals))." }
        return ReportHeadline(id: "fit", title: "Fit by category (R3)", figure: String(flagged.count),
                              label: "categories with many contacts and no fitting referral", alert: !flagged.isEmpty, advice: advice)
    }

    var responseHeadline: ReportHeadline {
        let advice: String
        if let first = response.overdueList.first {
            advice = "Answer \(first.prospect) (referral \(first.id), \(first.days) d) today, or pass it on to a trusted colleague — and still thank the sender."
        } else if response.referrals == 0 {
            advice = "No referrals in this period to answer."
        } else {
            advice = "Nobody waits longer than \(ReportFormat.hours(thresholds.responseHours)): keep answering the same day."
        }
        return ReportHeadline(id: "response", title: "Response time (R4)", figure: ReportFormat.hours(response.medianHours),
                              label: "median from arrival to first response; \(response.overdue) waiting longer than \(ReportFormat.hours(thresholds.responseHours))",
                              alert: response.overdue > 0, advice: advice)
    }

    var thanksHeadline: ReportHeadline {
        let advice: String
        if let first = thanks.overdueList.first {
            let who = first.partner ?? "the sender"
            advice = "Thank \(who) for \(first.prospect) (referral \(first.id)) today: a note or a call."
        } else if thanks.referrals == 0 {
            advice = "No referrals in this period to thank for."
        } else {
            advice = "Every sender was thanked: keep thanking the day a referral arrives."
        }
        return ReportHeadline(id: "thanks", title: "Thank-you time (R10)", figure: ReportFormat.hours(thanks.medianHours),
                              label: "median from arrival to thank-you; \(thanks.overdue) not thanked after \(ReportFormat.hours(thresholds.thankYouHours))",
                              alert: thanks.overdue > 0, advice: advice)
    }

    var droughtHeadline: ReportHeadline {
        let figure = drought.daysSinceLast.map(String.init) ?? "—"
        let advice: String
        if drought.warning {
            advice = "Referrals have slowed (\(drought.last30Days) in 30 days, usually \(ReportFormat.decimal(drought.usualPer30Days))): call your A list this week."
        } else if drought.lastArrivedAt == nil {
            advice = "No referral has arrived yet: start with the A list of possible sources."
        } else {
            advice = "Referrals arrive at the usual rate (\(drought.last30Days) in 30 days, usually \(ReportFormat.decimal(drought.usualPer30Days)))."
        }
        return ReportHeadline(id: "drought", title: "Drought warning (R5)", figure: figure,
                              label: "days since the last referral", alert: drought.warning, advice: advice)
    }

    var aListHeadline: ReportHeadline {
        let advice: String
        if aList.entries.isEmpty {
            advice = "No partner sent a referral in this period: list possible sources and ask the best placed first."
        } else if !aList.toPromote.isEmpty {
            advice = "Move \(aList.toPromote.prefix(3).joined(separator: ", ")) to tier A and give them the A-list plan."
        } else if aList.tierAOutside > 0 {
            advice = "\(aList.tierAOutside) tier-A partner(s) sent less than the A list: review their plans."
        } else {
            advice = "The A list matches your tiers: thank them first, every time."
        }
        return ReportHeadline(id: "aList", title: "The A list (R7)", figure: String(aList.entries.count),
                              label: "partners on the A list, of \(aList.partners)",
                              alert: !aList.toPromote.isEmpty || aList.tierAOutside > 0, advice: advice)
    }

    var promisesHeadline: ReportHeadline {
        let advice: String
        if let first = promises.brokenList.first {
            advice = "Call \(first.name) today (promised \(first.cadence), \(first.overdueDays) d overdue)."
        } else if promises.promised == 0 {
            advice = "Tag clients promise:weekly, promise:monthly… to keep a communication promise per client."
        } else {
            advice = "Every communication promise is kept."
        }
        return ReportHeadline(id: "promises", title: "Promises kept and broken (R13)", figure: String(promises.broken),
                              label: "broken of \(promises.promised) promised", alert: promises.broken > 0, advice: advice)
    }

    var openLoopsHeadline: ReportHeadline {
        let advice: String
        if let first = openLoops.untold.first {
            advice = "Tell \(first.partner ?? "the partner") what happened to \(first.prospect) (referral \(first.id))."
        } else if let first = openLoops.oldest.first, first.days > thresholds.staleDays {
            advice = "Decide on \(first.prospect) (referral \(first.id), open \(first.days) d): win, lose or pass it on."
        } else {
            advice = "Every loop is closed or moving."
        }
        let total = openLoops.open + openLoops.closedUntold
        return ReportHeadline(id: "openLoops", title: "Open loops (R16)", figure: String(total),
                              label: "\(openLoops.open) open (\(openLoops.stale) stale) + \(openLoops.closedUntold) closed, partner not told",
                              alert: openLoops.stale > 0 || openLoops.closedUntold > 0, advice: advice)
    }

    var asksHeadline: ReportHeadline {
        let advice: String
        if let first = asks.tooOften.first {
            advice = "Give \(first.name) a rest from asks (\(Int(first.value)) in 90 days): serve, don't ask."
        } else if asks.partners > 0 && asks.notAsked == asks.partners {
            advice = "No relationship conversation in 90 days: schedule one with each A-list partner."
        } else {
            advice = "Nobody is asked too often."
        }
        return ReportHeadline(id: "asks", title: "Ask frequency (R17)", figure: String(asks.tooOftenCount),
                              label: "partners asked more than \(thresholds.maxAsksPer90Days) times in 90 days",
                              alert: asks.tooOftenCount > 0, advice: advice)
    }

    var depthHeadline: ReportHeadline {
        let advice = depth.shallow > 0
            ? "\(depth.shallow) partner(s) had fewer than two touches in the period: deepen before adding new ones."
            : (depth.partners == 0 ? "No partners yet: promote your best clients and professionals." : "Every partner was met at least twice.")
        return ReportHeadline(id: "depth", title: "Relationship depth (R18)", figure: ReportFormat.decimal(depth.averageMonths),
                              label: "months of relationship on average; \(ReportFormat.decimal(depth.touchesPerPartner)) touches per partner",
                              alert: depth.shallow > 0, advice: advice)
    }

    var bankHeadline: ReportHeadline {
        let owed = bank.accounts.filter { $0.received > $0.given }.sorted { $0.received - $0.given > $1.received - $1.given }
        let advice = owed.first.map { "Find a client to send \($0.name) (sent \($0.received), got \($0.given))." }
            ?? "No partner is owed a referral."
        return ReportHeadline(id: "bank", title: "Relationship bank (R19)", figure: String(bank.weOwe),
                              label: "partners who sent more than they got; \(bank.received) received, \(bank.given) given",
                              alert: bank.weOwe > 0, advice: advice)
    }

    var sourcesHeadline: ReportHeadline {
        let professional = sources.kinds.first { $0.kind == ContactKind.professional.rawValue }
        let clients = sources.kinds.filter { $0.kind == ContactKind.client.rawValue || $0.kind == ContactKind.formerClient.rawValue }
        let clientPartners = clients.reduce(0) { $0 + $1.partners }, clientReferrals = clients.reduce(0) { $0 + $1.referrals }
        let clientYield = clientPartners == 0 ? 0 : Double(clientReferrals) / Double(clientPartners)
        let proYield = professional?.perPartner ?? 0
        let advice: String
        if proYield > clientYield {
            advice = "Professionals send more per partner: cultivate one more attorney, accountant or banker."
        } else if clientYield > proYield {
            advice = "Clients send more per partner: keep them happy and make introductions easy."
        } else {
            advice = "No difference yet between professionals and clients."
        }
        return ReportHeadline(id: "sources", title: "Professionals vs clients (R20)",
                              figure: "\(ReportFormat.decimal(proYield)) vs \(ReportFormat.decimal(clientYield))",
                              label: "referrals per partner, professionals vs clients", alert: false, advice: advice)
    }

    var eventsHeadline: ReportHeadline {
        let advice: String
        if events.events.isEmpty {
            advice = "No appreciation event in this period: invite the A and B tiers to one."
        } else if events.referrals == 0 {
            advice = "No referral followed the events yet: follow up with each attendee personally."
        } else {
            let best = events.events.max { $0.referrals < $1.referrals }!
            advice = "\(best.name) brought \(best.referrals): repeat what worked."
        }
        return ReportHeadline(id: "events", title: "Events and what followed (R21)", figure: String(events.referrals),
                              label: "referrals from attendees within \(thresholds.eventWindowDays) days of \(events.events.count) event(s)",
                              alert: false, advice: advice)
    }
}
