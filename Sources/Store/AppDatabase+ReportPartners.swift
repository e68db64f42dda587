import Foundation
import GRDB
import Model

/// The partner-centred sections of the report: A list, asks, depth, bank, sources, events.
extension ReportQuery {
    /// R7: partners ranked by inbound referrals in the window, then won, then value won.
    func aList(_ db: Database, _ partners: [ReportPartner], _ tally: ReferralTally) throws -> AListFigures {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM partners") ?? 0
        let active = tally.flows.filter { $0.key != nil && $0.value.received > 0 }.count
        let size = count == 0 ? 0 : min(active, max(1, Int((limits.aListShare * Double(count)).rounded(.up))))
        // Rank by partner first (referrals with no partner take a place, as in SQL's GROUP BY),
        // then name the few that made the list.
        let leaders = tally.flows.filter { $0.value.received > 0 }.sorted { a, b in
            if a.value.received != b.value.received { return a.value.received > b.value.received }
            if a.value.won != b.value.won { return a.value.won > b.value.won }
            if a.value.value != b.value.value { return a.value.value > b.value.value }
            return (a.key ?? .min) < (b.key ?? .min)
        }.prefix(size)
        let byId = Dictionary(partners.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let top = leaders.compactMap { entry -> PartnerLine? in
            guard let id = entry.key, let p = byId[id] else { return nil }
            return PartnerLine(partnerId: id, name: p.name, tier: p.tier, category: p.category,
                               referrals: entry.value.received, won: entry.value.won, value: entry.value.value)
        }.sorted { a, b in
            if a.referrals != b.referrals { return a.referrals > b.referrals }
            if a.won != b.won { return a.won > b.won }
            if a.value != b.value { return a.value > b.value }
            let names = SQLiteOrder.nocase(a.name, b.name)
            return names != 0 ? names < 0 : a.partnerId < b.partnerId
        }
        let tierA = partners.filter { $0.tier == PartnerTier.a.rawValue }.count
        let outside = tierA - top.filter { $0.tier == PartnerTier.a.rawValue }.count
        let entries = Array(top.prefix(25))
        return AListFigures(partners: count, active: active, entries: entries,
                            toPromote: entries.filter { $0.tier != PartnerTier.a.rawValue }.map(\.name), tierAOutside: outside)
    }

    /// Orders rows by `count` (most first), then by name (NOCASE, as SQL did), then id.
    func ranked<T>(_ rows: [T], count: (T) -> Int, name: (T) -> String, id: (T) -> Int64) -> [T] {
        rows.sorted { a, b in
            if count(a) != count(b) { return count(a) > count(b) }
            let names = SQLiteOrder.nocase(name(a), name(b))
            return names != 0 ? names < 0 : id(a) < id(b)
        }
    }

    /// R17: relationship touches per partner in the 90 days before the end of the window.
    func asks(_ partners: [ReportPartner]) -> AskFigures {
        let asks = partners.reduce(0) { $0 + $1.asks }
        let tooOften = partners.filter { $0.asks > limits.maxAsksPer90Days }
        let list = ranked(tooOften, count: \.asks, name: \.name, id: \.id).prefix(limits.listLimit).map { p in
            PartnerLine(partnerId: p.id, name: p.name, tier: p.tier, category: p.category,
                        referrals: p.asks, won: 0, value: Double(p.asks))
        }
        return AskFigures(partners: partners.count, relationshipTouches: asks,
                          serviceTouches: partners.reduce(0) { $0 + $1.serviceTouches },
                          perPartner: partners.isEmpty ? 0 : Double(asks) / Double(partners.count),
                          notAsked: partners.filter { $0.asks == 0 }.count, tooOften: Array(list), tooOftenCount: tooOften.count)
    }

    /// R18: months since the relationship began, touches and referrals in the window, per category.
    func depth(_ db: Database, _ partners: [ReportPartner], _ tally: ReferralTally) throws -> DepthFigures {
        // Averages of fractions stay in SQL (the sum's order and precision are SQLite's);
        // referrals per partner come from the tally.
        var referrals: [String: Int] = [:]
        for p in partners { referrals[p.group, default: 0] += tally.flows[p.id]?.received ?? 0 }
        let rows = try Row.fetchAll(db, sql: """
            WITH d AS (
              SELECT lower(coalesce(c.category, '')) AS cat, coalesce(c.category, '') AS label,
                max(0, julianday(:until) - julianday(p.relationship_start)) / 30.436875 AS months,
                (SELECT count(*) FROM touches t WHERE t.contact_id = p.contact_id AND t.at >= :since AND t.at < :until) AS touches
              FROM partners p JOIN contacts c ON c.id = p.contact_id)
            SELECT min(label), count(*), avg(months), avg(touches), total(touches < 2), cat
            FROM d GROUP BY cat ORDER BY count(*) DESC, min(label)
            """, arguments: arguments())
        var counted = 0, shallow = 0
        var months = 0.0, touches = 0.0
        var groups: [DepthFigures.Group] = []
        for row in rows {
            let n: Int = row[1], group: String = row[5]
            let depth = DepthFigures.Group(category: row[0], partners: n, averageMonths: row[2], touchesPerPartner: row[3],
                                           referralsPerPartner: Double(referrals[group] ?? 0) / Double(n))
            counted += n
            months += depth.averageMonths * Double(n)
            touches += depth.touchesPerPartner * Double(n)
            shallow += Int(row[4] as Double)
            if groups.count < 15 { groups.append(depth) }
        }
        return DepthFigures(partners: counted, averageMonths: counted == 0 ? 0 : months / Double(counted),
                            touchesPerPartner: counted == 0 ? 0 : touches / Double(counted), shallow: shallow, groups: groups)
    }

    /// R19: inbound referrals from, and outbound referrals to, each partner in the window.
    /// An outbound referral counts for its partner, or for the partner whose contact it went to.
    /// Partners with no flow in either direction are balanced and need no row.
    func bank(_ partners: [ReportPartner], _ tally: ReferralTally) -> BankFigures {
        var received = 0, given = 0, weOwe = 0, theyOwe = 0
        for (id, flow) in tally.flows where id != nil {
            received += flow.received
            given += flow.given
            if flow.received > flow.given { weOwe += 1 }
            if flow.given > flow.received { theyOwe += 1 }
        }
        let accounts = partners.compactMap { p -> BankFigures.Account? in
            guard let flow = tally.flows[p.id] else { return nil }
            return BankFigures.Account(partnerId: p.id, name: p.name, received: flow.received, given: flow.given)
        }
        let top = ranked(accounts, count: { $0.received + $0.given }, name: \.name, id: \.partnerId).prefix(20)
        return BankFigures(received: received, given: given, weOwe: weOwe, theyOwe: theyOwe, accounts: Array(top))
    }

    /// R20: partners, referrals, wins and value per kind of source; and referrals per month by kind.
    func sources(_ partners: [ReportPartner], _ tally: ReferralTally) -> SourceFigures {
        var kinds: [String: SourceFigures.Kind] = [:]
        for p in partners {
            kinds[p.kind, default: SourceFigures.Kind(kind: p.kind, partners: 0, referrals: 0, won: 0, value: 0)].partners += 1
        }
        for (kind, yield) in tally.kinds {
            var k = kinds[kind] ?? SourceFigures.Kind(kind: kind, partners: 0, referrals: 0, won: 0, value: 0)
            k.referrals = yield.referrals
            k.won = yield.won
            k.value = yield.value
            kinds[kind] = k
        }
        let order = ContactKind.allCases.map(\.rawValue)
        let sorted = kinds.values.sorted { (order.firstIndex(of: $0.kind) ?? 99, $0.kind) < (order.firstIndex(of: $1.kind) ?? 99, $1.kind) }
        let byMonth = zip(spans, tally.kindsByMonth).map { SourceFigures.Month(month: $0.label, counts: $1) }
        return SourceFigures(kinds: sorted, byMonth: byMonth)
    }

    /// R21: events in the window; referrals from attendees in the days after each (up to the window's end).
    func events(_ db: Database) throws -> EventFigures {
        // Each event's end is worked out once (`stop`): compared row by row, strftime ran for
        // every referral of every attendee up to the window's end. `+r.status` keeps the wins
        // on the attendee's own referrals rather than every win in the window.
        let after = """
            FROM referrals r JOIN partners p ON p.id = r.partner_id
            JOIN event_invitations i ON i.contact_id = p.contact_id AND i.event_id = e.id AND i.attended
            WHERE r.direction = 'inbound' AND r.arrived_at >= e.at AND r.arrived_at < e.stop
            """
        let rows = try Row.fetchAll(db, sql: """
            WITH e AS (SELECT id, name, at, cost, min(strftime('%Y-%m-%d %H:%M:%f', at, :days), :until) AS stop
                       FROM appreciation_events WHERE at >= :since AND at < :until)
            SELECT e.id, e.name, e.at, e.cost,
              (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id),
              (SELECT count(*) FROM event_invitations i WHERE i.event_id = e.id AND i.attended),
              (SELECT count(*) \(after)),
              (SELECT count(*) \(after) AND +r.status = 'won')
            FROM e ORDER BY e.at, e.id
            """, arguments: arguments(["days": "+\(limits.eventWindowDays) days"]))
        return EventFigures(events: rows.map { row in
            EventFigures.Event(id: row[0], name: row[1], at: row[2], invited: row[4], attended: row[5],
                               referrals: row[6], won: row[7], cost: row[3])
        })
    }
}
