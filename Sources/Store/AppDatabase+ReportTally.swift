import Foundation
import GRDB
import Model

/// A partner as the report's sections see it: read once, so the sections that rank or
/// group partners do not each join partners, contacts and touches again.
struct ReportPartner {
    var id: Int64
    var contactId: Int64
    var name: String
    var tier: String
    var category: String?
    var kind: String
    /// `lower(coalesce(category, ''))`: categories group without regard to case, as SQLite folds it.
    var group: String
    /// Relationship and service touches in the 90 days before the end of the window (R17).
    var asks: Int
    var serviceTouches: Int
    /// The stored text of the last touch before the end of the window (R16).
    var lastTouch: String?
}

/// What one pass over the window's referrals adds up. Each section used to scan the
/// window for itself (a dozen scans); the pass reads it once, from
/// `referrals_by_arrival_for_report` alone, in order of arrival.
struct ReferralTally {
    /// A partner's flow in the window (`received`, `won`, `value`: inbound; `given`: outbound).
    struct Flow {
        var received = 0, won = 0, value = 0.0, given = 0
    }

    /// Inbound referrals of a kind of source, or a category, of partner.
    struct Yield {
        var referrals = 0, won = 0, fitting = 0, value = 0.0
    }

    /// Inbound referrals answered (thanked) by the end of the window, by whole minutes
    /// from arrival; and those not, that are older than the threshold and still pending.
    struct Delays {
        var minutes: [Int: Int] = [:]
        var overdue = 0
    }

    var inbound = 0, outbound = 0, won = 0, wonValue = 0.0
    /// By partner id; `nil` gathers inbound referrals with no partner (R7 ranks them too).
    var flows: [Int64?: Flow] = [:]
    /// Arrival to first response (R4), and to thank-you (R10).
    var response = Delays(), thanks = Delays()
    /// By the partner's contact kind (R20) and by its category group (R3).
    var kinds: [String: Yield] = [:]
    var groups: [String: Yield] = [:]
    /// Inbound referrals per month of the window, by the partner's contact kind (R20).
    var kindsByMonth: [[String: Int]]
    /// Closed inbound referrals whose partner heard nothing since (R16): id and arrival.
    var untold: [(id: Int64, arrivedAt: String)] = []
}

extension ReportQuery {
    /// Every partner with its contact, in id order.
    func partners(_ db: Database) throws -> [ReportPartner] {
        let touches = "SELECT count(*) FROM touches t WHERE t.contact_id = p.contact_id AND t.at >= :from AND t.at < :until"
        return try Row.fetchAll(db, sql: """
            SELECT p.id, p.contact_id, c.name, p.tier, c.category, c.kind, lower(coalesce(c.category, '')),
              (\(touches) AND t.purpose = 'relationship'), (\(touches) AND t.purpose = 'service'),
              (SELECT max(t.at) FROM touches t WHERE t.contact_id = p.contact_id AND t.at < :until)
            FROM partners p JOIN contacts c ON c.id = p.contact_id ORDER BY p.id
            """, arguments: arguments(["from": until.addingTimeInterval(-90 * Self.day)])).map { row in
            ReportPartner(id: row[0], contactId: row[1], name: row[2], tier: row[3], category: row[4], kind: row[5],
                          group: row[6], asks: row[7], serviceTouches: row[8], lastTouch: row[9])
        }
    }

    /// The one pass over the window's referrals, both directions.
    func tally(_ db: Database, partners: [ReportPartner]) throws -> ReferralTally {
        var byId: [Int64: Int] = [:], byContact: [Int64: Int64] = [:]
        for (i, p) in partners.enumerated() {
            byId[p.id] = i
            byContact[p.contactId] = p.id
        }
        // Month bounds as GRDB writes dates, so arrivals compare as text, as in SQL.
        let monthEnds = spans.map { String.fromDatabaseValue($0.end.databaseValue) ?? "" }
        var t = ReferralTally(kindsByMonth: Array(repeating: [:], count: spans.count))
        var month = 0
        // Whole minutes, rounded: julianday arithmetic makes an hour 59.99… minutes.
        func delay(_ column: String) -> String {
            """
            CASE WHEN r.\(column) < :until
              THEN CAST(round(max(0, julianday(r.\(column)) - julianday(r.arrived_at)) * 1440) AS INTEGER) END
            """
        }
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.direction = 'inbound', r.partner_id, r.status, r.value, r.colleague_id, r.arrived_at,
              \(delay("first_response_at")), \(delay("thanked_at")),
              CASE WHEN r.direction = 'inbound' AND r.status IN \(Self.finalStatuses) THEN \(Self.closedAt) END,
              r.arrived_at < :responseCutoff, r.arrived_at < :thanksCutoff
            FROM referrals r WHERE r.arrived_at >= :since AND r.arrived_at < :until ORDER BY r.arrived_at
            """, arguments: arguments(["responseCutoff": cutoff(hours: limits.responseHours),
                                        "thanksCutoff": cutoff(hours: limits.thankYouHours)]))
        while let row = try cursor.next() {
            let partnerId: Int64? = row[2]
            guard row[1] as Bool else {
                t.outbound += 1
                let colleague: Int64? = row[5]
                if let id = partnerId ?? colleague.flatMap({ byContact[$0] }) { t.flows[id, default: .init()].given += 1 }
                continue
            }
            let status: String = row[3], won = status == "won"
            let value: Double? = won ? row[4] : nil
            t.inbound += 1
            if won {
                t.won += 1
                if let value { t.wonValue += value }
            }
            t.flows[partnerId, default: .init()].add(won: won, value: value)
            let response: Int? = row[7], thanks: Int? = row[8], closedAt: String? = row[9]
            if let response {
                t.response.minutes[response, default: 0] += 1
            } else if row[10] && status == "received" {
                t.response.overdue += 1
            }
            if let thanks {
                t.thanks.minutes[thanks, default: 0] += 1
            } else if row[11] {
                t.thanks.overdue += 1
            }
            let partner = partnerId.flatMap { byId[$0] }.map { partners[$0] }
            // Untold: no touch of the partner from the close to the end of the window.
            if let closedAt, partner?.lastTouch.map({ $0 < closedAt }) ?? true {
                t.untold.append((id: row[0], arrivedAt: row[6]))
            }
            guard let partner else { continue }
            t.kinds[partner.kind, default: .init()].add(won: won, value: value, fitting: false)
            t.groups[partner.group, default: .init()].add(won: won, value: value, fitting: won || status == "meeting")
            let arrivedAt: String = row[6]
            while month + 1 < monthEnds.count && arrivedAt >= monthEnds[month] { month += 1 }
            t.kindsByMonth[month][partner.kind, default: 0] += 1
        }
        return t
    }
}

extension ReferralTally.Flow {
    mutating func add(won: Bool, value: Double?) {
        received += 1
        if won { self.won += 1 }
        if let value { self.value += value }
    }
}

extension ReferralTally.Yield {
    mutating func add(won: Bool, value: Double?, fitting: Bool) {
        referrals += 1
        if won { self.won += 1 }
        if fitting { self.fitting += 1 }
        if let value { self.value += value }
    }
}

/// SQLite's orderings, for lists ranked here rather than in SQL.
enum SQLiteOrder {
    /// `COLLATE NOCASE`: bytes compared with ASCII letters folded, then the shorter first.
    static func nocase(_ a: String, _ b: String) -> Int {
        var i = a.utf8.makeIterator(), j = b.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?):
                let fx = x >= 65 && x <= 90 ? x + 32 : x, fy = y >= 65 && y <= 90 ? y + 32 : y
                if fx != fy { return fx < fy ? -1 : 1 }
            }
        }
    }

    /// `COLLATE BINARY`: bytes compared, then the shorter first.
    static func binaryLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
