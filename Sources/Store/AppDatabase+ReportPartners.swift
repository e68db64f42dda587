import Foundation
import GRDB
import Model

/// The partner-centred sections of the report: A list, asks, depth, bank, sources, events.
extension ReportQuery {
    /// R7: partners ranked by inbound referrals in the window, then won, then value won.
    func aList(_ db: Database) throws -> AListFigures {
        let counts = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM partners),
                   (SELECT count(DISTINCT r.partner_id) FROM referrals r WHERE \(Self.inboundInWindow))
            """, arguments: arguments())!
        let partners: Int = counts[0], active: Int = counts[1]
        let size = partners == 0 ? 0 : min(active, max(1, Int((limits.aListShare * Double(partners)).rounded(.up))))
        // Rank by partner first, then look names up for the few that made the list.
        let top = try Row.fetchAll(db, sql: """
            WITH t AS (SELECT r.partner_id AS pid, count(*) AS n, total(r.status = 'won') AS w,
                              total(CASE WHEN r.status = 'won' THEN r.value END) AS v
                       FROM referrals r WHERE \(Self.inboundInWindow)
                       GROUP BY r.partner_id ORDER BY n DESC, w DESC, v DESC, r.partner_id LIMIT :size)
            SELECT p.id, c.name, p.tier, c.category, t.n, t.w, t.v
            FROM t JOIN partners p ON p.id = t.pid JOIN contacts c ON c.id = p.contact_id
            ORDER BY t.n DESC, t.w DESC, t.v DESC, c.name COLLATE NOCASE, p.id
            """, arguments: arguments(["size": size])).map(partnerLine)
        let tierA = try Int.fetchOne(db, sql: "SELECT count(*) FROM partners WHERE tier = 'A'") ?? 0
        let outside = tierA - top.filter { $0.tier == PartnerTier.a.rawValue }.count
        let entries = Array(top.prefix(25))
        return AListFigures(partners: partners, active: active, entries: entries,
                            toPromote: entries.filter { $0.tier != PartnerTier.a.rawValue }.map(\.name), tierAOutside: outside)
    }

    /// A `PartnerLine` from id, name, tier, category, referrals, won, value.
    func partnerLine(_ row: Row) -> PartnerLine {
        PartnerLine(partnerId: row[0], name: row[1], tier: row[2], category: row[3],
                    referrals: row[4], won: Int(row[5] as Double), value: row[6])
    }

    /// R17: relationship touches per partner in the 90 days before the end of the window.
    func asks(_ db: Database) throws -> AskFigures {
        let cte = """
            WITH a AS (
              SELECT p.id, c.name, p.tier, c.category,
                (SELECT count(*) FROM touches t WHERE t.contact_id = p.contact_id AND t.purpose = 'relationship'
                   AND t.at >= :from AND t.at < :until) AS asks,
                (SELECT count(*) FROM touches t WHERE t.contact_id = p.contact_id AND t.purpose = 'service'
                   AND t.at >= :from AND t.at < :until) AS service
              FROM partners p JOIN contacts c ON c.id = p.contact_id)
            """
        let args = arguments(["from": until.addingTimeInterval(-90 * Self.day), "max": limits.maxAsksPer90Days])
        let row = try Row.fetchOne(db, sql: """
            \(cte) SELECT count(*), total(asks), total(service), total(asks = 0), total(asks > :max) FROM a
            """, arguments: args)!
        let partners: Int = row[0]
        let asks = Int(row[1] as Double)
        let list = try Row.fetchAll(db, sql: """
            \(cte) SELECT id, name, tier, category, asks, 0, asks FROM a WHERE asks > :max
            ORDER BY asks DESC, name COLLATE NOCASE LIMIT \(limits.listLimit)
            """, arguments: args).map(partnerLine)
        return AskFigures(partners: partners, relationshipTouches: asks, serviceTouches: Int(row[2] as Double),
                          perPartner: partners == 0 ? 0 : Double(asks) / Double(partners), notAsked: Int(row[3] as Double),
                          tooOften: list, tooOftenCount: Int(row[4] as Double))
    }

    /// R18: months since the relationship began, touches and referrals in the window, per category.
    func depth(_ db: Database) throws -> DepthFigures {
        let rows = try Row.fetchAll(db, sql: """
            WITH d AS (
              SELECT lower(coalesce(c.category, '')) AS cat, coalesce(c.category, '') AS label,
                max(0, julianday(:until) - julianday(p.relationship_start)) / 30.436875 AS months,
                (SELECT count(*) FROM touches t WHERE t.contact_id = p.contact_id AND t.at >= :since AND t.at < :until) AS touches,
                (SELECT count(*) FROM referrals r WHERE r.partner_id = p.id AND \(Self.inboundInWindow)) AS refs
              FROM partners p JOIN contacts c ON c.id = p.contact_id)
            SELECT min(label), count(*), avg(months), avg(touches), avg(refs), total(touches < 2)
            FROM d GROUP BY cat ORDER BY count(*) DESC, min(label)
            """, arguments: arguments())
        var partners = 0, shallow = 0
        var months = 0.0, touches = 0.0
        var groups: [DepthFigures.Group] = []
        for row in rows {
            let n: Int = row[1]
            let group = DepthFigures.Group(category: row[0], partners: n, averageMonths: row[2],
                                           touchesPerPartner: row[3], referralsPerPartner: row[4])
            partners += n
            months += group.averageMonths * Double(n)
            touches += group.touchesPerPartner * Double(n)
            shallow += Int(row[5] as Double)
            if groups.count < 15 { groups.append(group) }
        }
        return DepthFigures(partners: partners, averageMonths: partners == 0 ? 0 : months / Double(partners),
                            touchesPerPartner: partners == 0 ? 0 : touches / Double(partners), shallow: shallow, groups: groups)
    }

    /// R19: inbound referrals from, and outbound referrals to, each partner in the window.
    /// An outbound referral counts for its partner, or for the partner whose contact it went to.
    func bank(_ db: Database) throws -> BankFigures {
        // One pass over the window's referrals, grouped by partner; partners with no
        // flow in either direction are balanced and need no row.
        let cte = """
            WITH f AS (SELECT r.partner_id AS pid, 1 AS rec, 0 AS giv FROM referrals r WHERE \(Self.inboundInWindow)
                       UNION ALL
                       SELECT coalesce(r.partner_id, q.id), 0, 1 FROM referrals r LEFT JOIN partners q ON q.contact_id = r.colleague_id
                       WHERE r.direction = 'outbound' AND r.arrived_at >= :since AND r.arrived_at < :until),
                 b AS (SELECT pid, sum(rec) AS received, sum(giv) AS given FROM f WHERE pid IS NOT NULL GROUP BY pid)
            """
        let row = try Row.fetchOne(db, sql: """
            \(cte) SELECT total(received), total(given), total(received > given), total(given > received) FROM b
            """, arguments: arguments())!
        let accounts = try Row.fetchAll(db, sql: """
            \(cte) SELECT p.id, c.name, b.received, b.given FROM b JOIN partners p ON p.id = b.pid JOIN contacts c ON c.id = p.contact_id
            ORDER BY b.received + b.given DESC, c.name COLLATE NOCASE LIMIT 20
            """, arguments: arguments()).map { BankFigures.Account(partnerId: $0[0], name: $0[1], received: $0[2], given: $0[3]) }
        return BankFigures(received: Int(row[0] as Double), given: Int(row[1] as Double),
                           weOwe: Int(row[2] as Double), theyOwe: Int(row[3] as Double), accounts: accounts)
    }

    /// R20: partners, referrals, wins and value per kind of source; and referrals per month by kind.
    func sources(_ db: Database) throws -> SourceFigures {
        var kinds: [String: SourceFigures.Kind] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT c.kind, count(*) FROM partners p JOIN contacts c ON c.id = p.contact_id GROUP BY 1") {
            let kind: String = row[0]
            kinds[kind] = SourceFigures.Kind(kind: kind, partners: row[1], referrals: 0, won: 0, value: 0)
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT c.kind, count(*), total(r.status = 'won'), total(CASE WHEN r.status = 'won' THEN r.value END)
            FROM referrals r JOIN partners p ON p.id = r.partner_id JOIN contacts c ON c.id = p.contact_id
            WHERE \(Self.inboundInWindow) GROUP BY 1
            """, arguments: arguments()) {
            let kind: String = row[0]
            var k = kinds[kind] ?? SourceFigures.Kind(kind: kind, partners: 0, referrals: 0, won: 0, value: 0)
            k.referrals = row[1]
            k.won = Int(row[2] as Double)
            k.value = row[3]
            kinds[kind] = k
        }
        let order = ContactKind.allCases.map(\.rawValue)
        let sorted = kinds.values.sorted { (order.firstIndex(of: $0.kind) ?? 99, $0.kind) < (order.firstIndex(of: $1.kind) ?? 99, $1.kind) }

        let cte = monthsCTE()
        var byMonth = spans.map { SourceFigures.Month(month: $0.label, counts: [:]) }
        for row in try Row.fetchAll(db, sql: """
            \(cte.sql)
            SELECT m.idx, c.kind, count(*) FROM m
            JOIN referrals r ON r.arrived_at >= m.s AND r.arrived_at < m.e AND r.direction = 'inbound'
            JOIN partners p ON p.id = r.partner_id JOIN contacts c ON c.id = p.contact_id
            GROUP BY 1, 2
            """, arguments: cte.arguments) {
            let index: Int = row[0], kind: String = row[1], count: Int = row[2]
            byMonth[index].counts[kind] = count
        }
        return SourceFigures(kinds: sorted, byMonth: byMonth)
    }

    /// R21: events in the window; referrals from attendees in the days after each (up to the window's end).
    func events(_ db: Database) throws -> EventFigures {
        let after = """
            FROM referrals r JOIN partners p ON p.id = r.partner_id
            JOIN event_invitations i ON i.contact_id = p.contact_id AND i.event_id = e.id AND i.attended
            WHERE r.direction = 'inbound' AND r.arrived_at >= e.at AND r.arrived_at < :until
              AND r.arrived_at < strftime('%Y-%m-%d %H:%M:%f', e.at, :days)
            """
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.id, e.name, e.at, e.cost,
              (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id),
              (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id AND i.attended),
              (SELECT count(*) \(after)),
              (SELECT count(*) \(after) AND r.status = 'won')
            FROM appreciation_events e WHERE e.at >= :since AND e.at < :until ORDER BY e.at, e.id
            """, arguments: arguments(["days": "+\(limits.eventWindowDays) days"]))
        return EventFigures(events: rows.map { row in
            EventFigures.Event(id: row[0], name: row[1], at: row[2], invited: row[4], attended: row[5],
                               referrals: row[6], won: row[7], cost: row[3])
        })
    }
}
