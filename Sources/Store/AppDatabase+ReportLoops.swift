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
        // One scan of contacts (`+added_at` keeps SQLite off contacts_by_added, which would
        // cost a lookup per contact); the few promised ones are counted and ranked here.
        var promised = 0
        var broken: [PromiseFigures.Broken] = []
        for row in try Row.fetchAll(db, sql: """
            WITH pr AS (SELECT id, name, added_at, days FROM (SELECT id, name, added_at, CASE \(cases) END AS days
                          FROM contacts WHERE instr(search, '#promise:') > 0 AND +added_at < :until) WHERE days IS NOT NULL),
                 st AS (SELECT pr.*,
                          (SELECT max(t.at) FROM touches t WHERE t.contact_id = pr.id AND t.purpose = 'service'
                             AND t.at < :until) AS last
                        FROM pr)
            SELECT id, name, days, last, CAST(julianday(:until) - julianday(coalesce(last, added_at)) AS INTEGER) - days FROM st
            """, arguments: arguments()) {
            promised += 1
            let days: Int = row[2], overdue: Int = row[4]
            guard overdue > 0 else { continue }
            broken.append(PromiseFigures.Broken(contactId: row[0], name: row[1],
                                                cadence: cadences.first { $0.days == days }?.tag ?? "\(days) days",
                                                lastServiceTouch: row[3], overdueDays: overdue))
        }
        let list = ranked(broken, count: \.overdueDays, name: \.name, id: \.contactId).prefix(limits.listLimit)
        return PromiseFigures(promised: promised, kept: promised - broken.count, broken: broken.count, brokenList: Array(list))
    }

    /// R16: inbound referrals still open (as they stand now), and the window's closed
    /// referrals whose partner has had no touch logged since the referral closed.
    func openLoops(_ db: Database, _ tally: ReferralTally) throws -> OpenLoopFigures {
        // Named statuses (not NOT IN) so SQLite reads only open rows, from referrals_by_status_and_arrival.
        let openWhere = "r.status IN ('received', 'contacted', 'meeting') AND r.direction = 'inbound' AND r.arrived_at < :until"
        let args = arguments(["stale": until.addingTimeInterval(-Double(limits.staleDays) * Self.day)])
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*), total(r.arrived_at < :stale) FROM referrals r WHERE \(openWhere)
            """, arguments: args)!
        let oldest = try referralLines(db, where: openWhere, order: "r.arrived_at, r.id", since: "r.arrived_at", arguments: args)

        // The tally found the untold ones; the first few get their names here.
        let first = tally.untold.sorted { ($0.arrivedAt, $0.id) < ($1.arrivedAt, $1.id) }.prefix(limits.listLimit)
        let untoldList = try referralLines(db, where: "r.id IN (\(first.map { String($0.id) }.joined(separator: ", ")))",
                                           order: "r.arrived_at, r.id", since: Self.closedAt, arguments: args)
        return OpenLoopFigures(open: row[0], stale: Int(row[1] as Double), oldest: oldest, closedUntold: tally.untold.count, untold: untoldList)
    }
}
