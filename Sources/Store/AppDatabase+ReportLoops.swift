import Foundation
import GRDB
import Model

/// The "what is left undone" sections of the report: promises (R13) and open loops (R16).
extension ReportQuery {
    /// R13: contacts tagged `promise:CADENCE` whose last service touch (or, never touched,
    /// their joining) is older than the cadence at the end of the window. With several
    /// promise tags, the most frequent cadence counts.
    func promises(_ db: Database) throws -> PromiseFigures {
        let cadences = PromiseFigures.cadences
        // Tags live in contacts.search as "#tag#" (folded); the shortest cadence wins.
        let cases = cadences.sorted { $0.days < $1.days }
            .map { "WHEN instr(search, '#promise:\($0.tag)#') > 0 THEN \($0.days)" }.joined(separator: " ")
        let cte = """
            WITH pr AS (SELECT id, days FROM (SELECT id, CASE \(cases) END AS days
                          FROM contacts WHERE instr(search, '#promise:') > 0) WHERE days IS NOT NULL),
                 st AS (SELECT pr.id, pr.days, c.name, c.added_at,
                          (SELECT max(t.at) FROM touches t WHERE t.contact_id = pr.id AND t.purpose = 'service'
                             AND t.at < :until) AS last
                        FROM pr JOIN contacts c ON c.id = pr.id WHERE c.added_at < :until),
                 ov AS (SELECT *, CAST(julianday(:until) - julianday(coalesce(last, added_at)) AS INTEGER) - days AS overdue FROM st)
            """
        let row = try Row.fetchOne(db, sql: "\(cte) SELECT count(*), total(overdue > 0) FROM ov", arguments: arguments())!
        let promised: Int = row[0]
        let broken = Int(row[1] as Double)
        let list = try Row.fetchAll(db, sql: """
            \(cte) SELECT id, name, days, last, overdue FROM ov WHERE overdue > 0
            ORDER BY overdue DESC, name COLLATE NOCASE LIMIT \(limits.listLimit)
            """, arguments: arguments()).map { row -> PromiseFigures.Broken in
            let days: Int = row[2]
            return PromiseFigures.Broken(contactId: row[0], name: row[1],
                                         cadence: cadences.first { $0.days == days }?.tag ?? "\(days) days",
                                         lastServiceTouch: row[3], overdueDays: row[4])
        }
        return PromiseFigures(promised: promised, kept: promised - broken, broken: broken, brokenList: list)
    }

    /// R16: inbound referrals still open (as they stand now), and the window's closed
    /// referrals whose partner has had no touch logged since the referral closed.
    func openLoops(_ db: Database) throws -> OpenLoopFigures {
        // Named statuses (not NOT IN) so SQLite reads only open rows through referrals_by_status.
        let openWhere = "r.status IN ('received', 'contacted', 'meeting') AND r.direction = 'inbound' AND r.arrived_at < :until"
        let args = arguments(["stale": until.addingTimeInterval(-Double(limits.staleDays) * Self.day)])
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*), total(r.arrived_at < :stale) FROM referrals r WHERE \(openWhere)
            """, arguments: args)!
        let oldest = try referralLines(db, where: openWhere, order: "r.arrived_at, r.id", since: "r.arrived_at", arguments: args)

        // When it closed: the last move to a final status (the arrival, for imported rows).
        let closedAt = """
            coalesce((SELECT max(s.changed_at) FROM referral_status_changes s
                      WHERE s.referral_id = r.id AND s."to" IN \(Self.finalStatuses)), r.arrived_at)
            """
        let untoldWhere = """
            \(Self.inboundInWindow) AND r.status IN \(Self.finalStatuses)
            AND NOT EXISTS (SELECT 1 FROM partners q JOIN touches t ON t.contact_id = q.contact_id
                            WHERE q.id = r.partner_id AND t.at >= \(closedAt) AND t.at < :until)
            """
        let untold = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals r WHERE \(untoldWhere)", arguments: args) ?? 0
        let untoldList = try referralLines(db, where: untoldWhere, order: "r.arrived_at, r.id", since: closedAt, arguments: args)
        return OpenLoopFigures(open: row[0], stale: Int(row[1] as Double), oldest: oldest, closedUntold: untold, untold: untoldList)
    }
}
