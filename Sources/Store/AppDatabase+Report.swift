import Foundation
import GRDB
import Model

/// `refer report`: every figure comes from one read transaction, so the sections agree
/// with each other. The window's referrals are read once, from an index, and added up
/// here (`ReferralTally`); the partners are read once too; the rest are aggregates and
/// short lists (at most `thresholds.listLimit` rows, or a row per month or category)
/// computed by SQLite, so the cost grows with the size of the window, not of the store.
extension AppDatabase {
    /// The figures of `period` (see `ReportFigures` for what each one means).
    public func reportFigures(for period: ReportPeriod, thresholds: ReportThresholds = ReportThresholds()) throws -> ReportFigures {
        let timeZone = TimeZone(identifier: period.timezone) ?? TimeZone(identifier: "UTC")!
        let q = ReportQuery(period: period, spans: period.spans(timeZone: timeZone), limits: thresholds)
        return try read { db in
            // The sections revisit the same index pages (close times, touches, contacts):
            // a larger page cache for this read keeps them instead of reading them again.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            let partners = try q.partners(db)
            let tally = try q.tally(db, partners: partners)
            return ReportFigures(
                period: period, thresholds: thresholds, totals: try q.totals(db, tally),
                visibility: try q.monthly(db, table: "activities", column: "at"),
                growth: try q.monthly(db, table: "contacts", column: "added_at"),
                fit: try q.fit(db, tally),
                response: try q.delays(db, column: "first_response_at", tally.response, referrals: tally.inbound,
                                       hours: thresholds.responseHours, pendingCondition: "r.status = 'received'"),
                thanks: try q.delays(db, column: "thanked_at", tally.thanks, referrals: tally.inbound,
                                     hours: thresholds.thankYouHours, pendingCondition: "1"),
                drought: try q.drought(db),
                aList: try q.aList(db, partners, tally),
                promises: try q.promises(db),
                openLoops: try q.openLoops(db, tally),
                asks: q.asks(partners),
                depth: try q.depth(db, partners, tally),
                bank: q.bank(partners, tally),
                sources: q.sources(partners, tally),
                events: try q.events(db))
        }
    }
}

/// The SQL behind each section, with the window's bounds as arguments.
struct ReportQuery {
    let period: ReportPeriod
    let spans: [ReportPeriod.MonthSpan]
    let limits: ReportThresholds

    var since: Date { period.since }
    var until: Date { period.until }
    static let day: TimeInterval = 86_400

    /// Inbound referrals of the window, as `r`.
    static let inboundInWindow = "r.direction = 'inbound' AND r.arrived_at >= :since AND r.arrived_at < :until"
    /// Statuses that close a referral.
    static let finalStatuses = "('won', 'lost', 'passed-on')"
    /// When referral `r` closed: the last move to a final status (the arrival, for imported rows).
    static let closedAt = """
        coalesce((SELECT max(s.changed_at) FROM referral_status_changes s
                  WHERE s.referral_id = r.id AND s."to" IN \(finalStatuses)), r.arrived_at)
        """

    /// `:since`, `:until` and `extra`.
    func arguments(_ extra: [String: (any DatabaseValueConvertible)?] = [:]) -> StatementArguments {
        var values: [String: (any DatabaseValueConvertible)?] = ["since": since, "until": until]
        for (k, v) in extra { values[k] = v }
        return StatementArguments(values)
    }

    /// `WITH m(idx, s, e) AS (VALUES …)`: the months as a table SQLite can join.
    func monthsCTE() -> (sql: String, arguments: StatementArguments) {
        var rows: [String] = []
        var args = StatementArguments()
        for (i, span) in spans.enumerated() {
            rows.append("(\(i), ?, ?)")
            _ = args.append(contentsOf: [span.start, span.end])
        }
        return ("WITH m(idx, s, e) AS (VALUES \(rows.joined(separator: ", ")))", args)
    }

    func totals(_ db: Database, _ tally: ReferralTally) throws -> ReportTotals {
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM contacts WHERE added_at < :until), (SELECT count(*) FROM partners)
            """, arguments: arguments())!
        return ReportTotals(contacts: row[0], partners: row[1], inbound: tally.inbound, outbound: tally.outbound,
                            won: tally.won, wonValue: tally.wonValue)
    }

    /// Rows of `table` per month by `column` (R1 activities, R2 contacts).
    func monthly(_ db: Database, table: String, column: String) throws -> MonthlyCounts {
        let cte = monthsCTE()
        let counts = try Int.fetchAll(db, sql: """
            \(cte.sql)
            SELECT (SELECT count(*) FROM \(table) x WHERE x.\(column) >= m.s AND x.\(column) < m.e) FROM m ORDER BY m.idx
            """, arguments: cte.arguments)
        return MonthlyCounts(months: zip(spans, counts).map { MonthlyCounts.Month(month: $0.label, count: $1) })
    }

    /// R3: contacts per category (prospects aside: they are not the network the practice
    /// cultivates) against the referrals their partners sent, and how many fit.
    func fit(_ db: Database, _ tally: ReferralTally) throws -> FitFigures {
        // `+added_at`: most contacts qualify, so one scan of the table beats a lookup per
        // contact through contacts_by_added.
        let categories = try Row.fetchAll(db, sql: """
            SELECT lower(coalesce(category, '')), min(coalesce(category, '')), count(*)
            FROM contacts WHERE +added_at < :until AND kind <> 'prospect' GROUP BY 1
            """, arguments: arguments()).compactMap { row -> FitFigures.Category? in
            let contacts: Int = row[2], yield = tally.groups[row[0]] ?? ReferralTally.Yield()
            guard contacts >= limits.manyContacts || yield.referrals > 0 else { return nil }
            return FitFigures.Category(category: row[1], contacts: contacts, referrals: yield.referrals, fitting: yield.fitting,
                                       flagged: contacts >= limits.manyContacts && yield.fitting == 0)
        }
        let ranked = categories.sorted { a, b in
            if a.fitting != b.fitting { return a.fitting > b.fitting }
            if a.referrals != b.referrals { return a.referrals > b.referrals }
            if a.contacts != b.contacts { return a.contacts > b.contacts }
            return SQLiteOrder.binaryLess(a.category, b.category)
        }
        return FitFigures(categories: Array(ranked.prefix(30)))
    }

    /// R4 / R10: the delay from arrival to `column`, from the tally's histogram by whole
    /// minute, summarised here (median, 90th percentile, buckets); the oldest overdue ones from SQL.
    func delays(_ db: Database, column: String, _ tally: ReferralTally.Delays, referrals: Int,
                hours: Double, pendingCondition: String) throws -> DelayFigures {
        let histogram = tally.minutes.sorted { $0.key < $1.key }.map { (minutes: $0.key, count: $0.value) }
        let done = histogram.reduce(0) { $0 + $1.count }

        func minutes(atRank rank: Int) -> Double {
            var seen = 0
            for bin in histogram {
                seen += bin.count
                if seen > rank { return Double(bin.minutes) }
            }
            return Double(histogram.last?.minutes ?? 0)
        }
        var median: Double?, p90: Double?
        if done > 0 {
            median = (minutes(atRank: (done - 1) / 2) + minutes(atRank: done / 2)) / 2 / 60
            p90 = minutes(atRank: Int((0.9 * Double(done)).rounded(.up)) - 1) / 60
        }
        var buckets = DelayFigures.bucketLabels.map { DelayFigures.Bucket(label: $0, count: 0) }
        var within = 0
        for bin in histogram {
            let h = Double(bin.minutes) / 60
            let index = DelayFigures.bucketLimits.firstIndex { h < $0 } ?? DelayFigures.bucketLimits.count
            buckets[index].count += bin.count
            if h <= hours { within += bin.count }
        }
        buckets[buckets.count - 1].count = referrals - done

        let overdueWhere = """
            \(Self.inboundInWindow) AND (r.\(column) IS NULL OR r.\(column) >= :until)
            AND r.arrived_at < :cutoff AND \(pendingCondition)
            """
        let args = arguments(["cutoff": cutoff(hours: hours)])
        let list = try referralLines(db, where: overdueWhere, order: "r.arrived_at, r.id", since: "r.arrived_at", arguments: args)
        return DelayFigures(referrals: referrals, done: done, withinTarget: within, medianHours: median, p90Hours: p90,
                            buckets: buckets, overdue: tally.overdue, overdueList: list)
    }

    /// A referral that arrived before this and is still pending at the end of the window
    /// is overdue by `hours`.
    func cutoff(hours: Double) -> Date {
        until.addingTimeInterval(-hours * 3600)
    }

    /// Referrals `r` matching `condition`, with names, as lines to act on; `days` counts from `since`.
    func referralLines(_ db: Database, where condition: String, order: String, since: String,
                       arguments args: StatementArguments) throws -> [ReferralLine] {
        // The few ids first: joining names before the limit cost a lookup per matching row.
        try Row.fetchAll(db, sql: """
            WITH x AS (SELECT r.id FROM referrals r WHERE \(condition) ORDER BY \(order) LIMIT \(limits.listLimit))
            SELECT r.id, pc.name, sc.name, r.status, r.arrived_at,
                   CAST(julianday(:until) - julianday(\(since)) AS INTEGER)
            FROM x JOIN referrals r ON r.id = x.id JOIN contacts pc ON pc.id = r.prospect_id
            LEFT JOIN partners p ON p.id = r.partner_id LEFT JOIN contacts sc ON sc.id = p.contact_id
            ORDER BY \(order)
            """, arguments: args).map { row in
            ReferralLine(id: row[0], prospect: row[1], partner: row[2], status: row[3], arrivedAt: row[4], days: max(0, row[5] as Int))
        }
    }

    /// R5: the last 30 days against the usual rate of the 360 days before them.
    func drought(_ db: Database) throws -> DroughtFigures {
        let recentStart = until.addingTimeInterval(-30 * Self.day)
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM referrals WHERE direction = 'inbound' AND arrived_at >= :recent AND arrived_at < :until),
                   (SELECT count(*) FROM referrals WHERE direction = 'inbound' AND arrived_at >= :usual AND arrived_at < :recent),
                   (SELECT max(arrived_at) FROM referrals WHERE direction = 'inbound' AND arrived_at < :until)
            """, arguments: arguments(["recent": recentStart, "usual": recentStart.addingTimeInterval(-360 * Self.day)]))!
        let recent: Int = row[0], before: Int = row[1]
        let last: Date? = row[2]
        let usual = Double(before) / 12
        let daysSince = last.map { Int(until.timeIntervalSince($0) / Self.day) }
        let warning: Bool
        if usual >= 1 {
            warning = Double(recent) < usual * limits.droughtShare
        } else {
            // Rare referrals: warn when the silence is twice the usual gap.
            warning = before > 0 && Double(daysSince ?? 0) > 2 * 360 / Double(before)
        }
        return DroughtFigures(last30Days: recent, usualPer30Days: usual, lastArrivedAt: last, daysSinceLast: daysSince, warning: warning)
    }
}
