import Foundation
import GRDB
import Model

/// `refer report`: every figure is an aggregate computed by SQLite, in one read
/// transaction so the sections agree with each other. Only aggregates and short lists
/// (at most `thresholds.listLimit` rows, or a row per month, category or kind) leave
/// the database, so the cost grows with the size of the window, not of the store.
extension AppDatabase {
    /// The figures of `period` (see `ReportFigures` for what each one means).
    public func reportFigures(for period: ReportPeriod, thresholds: ReportThresholds = ReportThresholds()) throws -> ReportFigures {
        let timeZone = TimeZone(identifier: period.timezone) ?? TimeZone(identifier: "UTC")!
        let q = ReportQuery(period: period, spans: period.spans(timeZone: timeZone), limits: thresholds)
        return try read { db in
            ReportFigures(
                period: period, thresholds: thresholds, totals: try q.totals(db),
                visibility: try q.monthly(db, table: "activities", column: "at"),
                growth: try q.monthly(db, table: "contacts", column: "added_at"),
                fit: try q.fit(db),
                response: try q.delays(db, column: "first_response_at", hours: thresholds.responseHours,
                                       pendingCondition: "r.status = 'received'"),
                thanks: try q.delays(db, column: "thanked_at", hours: thresholds.thankYouHours, pendingCondition: "1"),
                drought: try q.drought(db),
                aList: try q.aList(db),
                promises: try q.promises(db),
                openLoops: try q.openLoops(db),
                asks: try q.asks(db),
                depth: try q.depth(db),
                bank: try q.bank(db),
                sources: try q.sources(db),
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

    func totals(_ db: Database) throws -> ReportTotals {
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM contacts WHERE added_at < :until),
                   (SELECT count(*) FROM partners),
                   (SELECT count(*) FROM referrals r WHERE \(Self.inboundInWindow)),
                   (SELECT count(*) FROM referrals r WHERE r.direction = 'outbound' AND r.arrived_at >= :since AND r.arrived_at < :until),
                   (SELECT count(*) FROM referrals r WHERE \(Self.inboundInWindow) AND r.status = 'won'),
                   (SELECT total(r.value) FROM referrals r WHERE \(Self.inboundInWindow) AND r.status = 'won')
            """, arguments: arguments())!
        return ReportTotals(contacts: row[0], partners: row[1], inbound: row[2], outbound: row[3], won: row[4], wonValue: row[5])
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
    func fit(_ db: Database) throws -> FitFigures {
        let rows = try Row.fetchAll(db, sql: """
            WITH cc AS (SELECT lower(coalesce(category, '')) AS cat, min(coalesce(category, '')) AS label, count(*) AS n
                        FROM contacts WHERE added_at < :until AND kind <> 'prospect' GROUP BY 1),
                 rr AS (SELECT lower(coalesce(c.category, '')) AS cat, count(*) AS n,
                               sum(r.status IN ('meeting', 'won')) AS fit
                        FROM referrals r JOIN partners p ON p.id = r.partner_id JOIN contacts c ON c.id = p.contact_id
                        WHERE \(Self.inboundInWindow) GROUP BY 1)
            SELECT cc.label, cc.n, coalesce(rr.n, 0), coalesce(rr.fit, 0)
            FROM cc LEFT JOIN rr ON rr.cat = cc.cat
            WHERE cc.n >= :many OR rr.n > 0
            ORDER BY coalesce(rr.fit, 0) DESC, coalesce(rr.n, 0) DESC, cc.n DESC, cc.label
            LIMIT 30
            """, arguments: arguments(["many": limits.manyContacts]))
        return FitFigures(categories: rows.map { row in
            let contacts: Int = row[1], fitting: Int = row[3]
            return FitFigures.Category(category: row[0], contacts: contacts, referrals: row[2], fitting: fitting,
                                       flagged: contacts >= limits.manyContacts && fitting == 0)
        })
    }

    /// R4 / R10: the delay from arrival to `column`, as a histogram by whole minute (rounded:
    /// julianday arithmetic makes an hour 59.99… minutes) that is
    /// summarised here (median, 90th percentile, buckets) without fetching referrals.
    func delays(_ db: Database, column: String, hours: Double, pendingCondition: String) throws -> DelayFigures {
        let histogram = try Row.fetchAll(db, sql: """
            SELECT CAST(round(max(0, julianday(r.\(column)) - julianday(r.arrived_at)) * 1440) AS INTEGER) AS minutes, count(*)
            FROM referrals r
            WHERE \(Self.inboundInWindow) AND r.\(column) IS NOT NULL AND r.\(column) < :until
            GROUP BY 1 ORDER BY 1
            """, arguments: arguments()).map { (minutes: $0[0] as Int, count: $0[1] as Int) }
        let referrals = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals r WHERE \(Self.inboundInWindow)", arguments: arguments()) ?? 0
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
        let args = arguments(["cutoff": until.addingTimeInterval(-hours * 3600)])
        let overdue = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals r WHERE \(overdueWhere)", arguments: args) ?? 0
        let list = try referralLines(db, where: overdueWhere, order: "r.arrived_at, r.id", since: "r.arrived_at", arguments: args)
        return DelayFigures(referrals: referrals, done: done, withinTarget: within, medianHours: median, p90Hours: p90,
                            buckets: buckets, overdue: overdue, overdueList: list)
    }

    /// Referrals `r` matching `condition`, with names, as lines to act on; `days` counts from `since`.
    func referralLines(_ db: Database, where condition: String, order: String, since: String,
                       arguments args: StatementArguments) throws -> [ReferralLine] {
        try Row.fetchAll(db, sql: """
            SELECT r.id, pc.name, sc.name, r.status, r.arrived_at,
                   CAST(julianday(:until) - julianday(\(since)) AS INTEGER)
            FROM referrals r JOIN contacts pc ON pc.id = r.prospect_id
            LEFT JOIN partners p ON p.id = r.partner_id LEFT JOIN contacts sc ON sc.id = p.contact_id
            WHERE \(condition) ORDER BY \(order) LIMIT \(limits.listLimit)
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
