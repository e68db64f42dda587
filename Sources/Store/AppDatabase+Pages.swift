import Foundation
import GRDB
import Model

/// Rows in pages, in id order, for plugins that walk large tables: each call is
/// bounded, so a plugin's deadline is checked between pages.
extension AppDatabase {
    /// Referrals matching `filter` with an id above `afterId`, in id order.
    public func referrals(_ filter: ReferralFilter, until: Date? = nil, afterId: Int64, limit: Int) throws -> [Referral] {
        try read { db in try Self.referrals(filter, until: until, afterId: afterId, order: "id", limit: limit, db) }
    }

    /// The referrals `filter` selects (arrived before `until`, with an id above
    /// `afterId`), in `order`, read by column index.
    static func referrals(_ filter: ReferralFilter, until: Date? = nil, afterId: Int64? = nil, order: String,
                          limit: Int? = nil, _ db: Database) throws -> [Referral] {
        var conditions: [String] = []
        var arguments: [DirectStatement.Argument] = []
        if let afterId { conditions.append("id > ?"); arguments.append(.integer(afterId)) }
        if let status = filter.status { conditions.append("status = ?"); arguments.append(.text(status.rawValue)) }
        if let partner = filter.partnerId { conditions.append("partner_id = ?"); arguments.append(.integer(partner)) }
        if let direction = filter.direction { conditions.append("direction = ?"); arguments.append(.text(direction.rawValue)) }
        if let since = filter.since { conditions.append("arrived_at >= ?"); arguments.append(.text(UTCDateText.stored(since))) }
        if let until { conditions.append("arrived_at < ?"); arguments.append(.text(UTCDateText.stored(until))) }
        var sql = """
            SELECT id, direction, partner_id, prospect_id, colleague_id, status, arrived_at,
              first_response_at, thanked_at, outcome, value, note
            FROM referrals
            """
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY " + order
        if let limit { sql += " LIMIT ?"; arguments.append(.integer(Int64(limit))) }
        var rows: [Referral] = []
        if let limit { rows.reserveCapacity(limit) }
        try DirectStatement(db, sql: sql).forEachRow(arguments) { row in rows.append(try referral(row)) }
        return rows
    }

    /// A referral from the columns the page query selects, in its order.
    private static func referral(_ row: DirectRow) throws -> Referral {
        let id = row.integer(0) ?? 0
        do {
            guard let direction = row.text(1).flatMap(ReferralDirection.init(rawValue:)),
                  let status = row.text(5).flatMap(ReferralStatus.init(rawValue:)),
                  let prospect = row.integer(3), let arrived = try row.date(6) else {
                throw StoreError.invalid("an unknown direction or status, or no prospect or arrival")
            }
            return Referral(
                id: id, direction: direction, partnerId: row.integer(2), prospectId: prospect, colleagueId: row.integer(4),
                status: status, arrivedAt: arrived, firstResponseAt: try row.date(7), thankedAt: try row.date(8),
                outcome: row.text(9), value: row.double(10), note: row.text(11))
        } catch StoreError.invalid(let problem) {
            throw StoreError.invalid("referral \(id) in the store has \(problem); correct it with `refer referral edit \(id)`")
        }
    }

    /// Contacts matching `filter` with an id above `afterId`, in id order.
    public func contacts(_ filter: ContactFilter, afterId: Int64, limit: Int) throws -> [Contact] {
        try read { db in
            let (conditions, filterArguments) = Self.conditions(filter)
            var sql = "SELECT \(Contact.selection) FROM contacts WHERE " + (["id > ?"] + conditions).joined(separator: " AND ")
            var arguments: StatementArguments = [afterId]
            arguments += filterArguments
            sql += " ORDER BY id LIMIT \(limit)"
            return try Contact.fetchAll(db, sql: sql, arguments: arguments)
        }
    }
}
