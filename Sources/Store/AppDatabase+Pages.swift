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
        let query = referralQuery(filter, until: until, afterId: afterId, order: order, limit: limit)
        var rows: [Referral] = []
        if let limit { rows.reserveCapacity(limit) }
        try DirectStatement(db, sql: query.sql).forEachRow(query.arguments) { row in rows.append(try referral(row)) }
        return rows
    }

    /// How many referrals `filter` selects (arrived before `until`), counted by SQLite
    /// without reading the rows.
    public func countReferrals(_ filter: ReferralFilter, until: Date? = nil) throws -> Int {
        try read { db in
            let (conditions, arguments) = Self.referralConditions(filter, until: until, afterId: nil)
            var sql = "SELECT count(*) FROM referrals"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            var count: Int64 = 0
            try DirectStatement(db, sql: sql).forEachRow(arguments) { row in count = row.integer(0) ?? 0 }
            return Int(count)
        }
    }

    /// How many contacts `filter` selects, counted by SQLite without reading the rows.
    public func countContacts(_ filter: ContactFilter) throws -> Int {
        try read { db in
            let (conditions, arguments) = Self.conditions(filter)
            var sql = "SELECT count(*) FROM contacts"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
    }

    /// The SQL and arguments of a referral query: `ReferralRows.columns`, filtered.
    private static func referralQuery(_ filter: ReferralFilter, until: Date?, afterId: Int64?, order: String,
                                      limit: Int?) -> (sql: String, arguments: [DirectStatement.Argument]) {
        var (conditions, arguments) = referralConditions(filter, until: until, afterId: afterId)
        var sql = "SELECT " + ReferralRows.columns.joined(separator: ", ") + " FROM referrals"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY " + order
        if let limit { sql += " LIMIT ?"; arguments.append(.integer(Int64(limit))) }
        return (sql, arguments)
    }

    /// The conditions of a referral query, joined by AND, and their arguments.
    private static func referralConditions(_ filter: ReferralFilter, until: Date?,
                                           afterId: Int64?) -> (conditions: [String], arguments: [DirectStatement.Argument]) {
        var conditions: [String] = []
        var arguments: [DirectStatement.Argument] = []
        if let afterId { conditions.append("id > ?"); arguments.append(.integer(afterId)) }
        if let status = filter.status { conditions.append("status = ?"); arguments.append(.text(status.rawValue)) }
        if let partner = filter.partnerId { conditions.append("partner_id = ?"); arguments.append(.integer(partner)) }
        if let direction = filter.direction { conditions.append("direction = ?"); arguments.append(.text(direction.rawValue)) }
        if let since = filter.since { conditions.append("arrived_at >= ?"); arguments.append(.text(UTCDateText.stored(since))) }
        if let until { conditions.append("arrived_at < ?"); arguments.append(.text(UTCDateText.stored(until))) }
        return (conditions, arguments)
    }

    /// Hands `body` the statement of one page of referrals (those `filter` selects,
    /// arrived before `until`, with an id above `afterId`, in id order, at most `limit`),
    /// bound and not yet stepped, for a reader that turns rows into other values without
    /// `Referral`s in between. The statement is valid only inside `body`.
    public func withReferralRows<T>(_ filter: ReferralFilter, until: Date? = nil, afterId: Int64, limit: Int,
                                    _ body: (ReferralRows) throws -> T) throws -> T {
        try read { db in
            let query = Self.referralQuery(filter, until: until, afterId: afterId, order: "id", limit: limit)
            let statement = try DirectStatement(db, sql: query.sql)
            return try statement.withBound(query.arguments) { handle in
                try body(ReferralRows(statement: handle, direct: statement))
            }
        }
    }

    /// A referral from the columns the page query selects, in its order.
    fileprivate static func referral(_ row: DirectRow) throws -> Referral {
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

/// A referral query's statement while a reader steps it (`AppDatabase.withReferralRows`).
public struct ReferralRows {
    /// The columns the statement selects, in order; each is named as the plugin API
    /// names the field.
    public static let columns = [
        "id", "direction", "partner_id", "prospect_id", "colleague_id", "status", "arrived_at",
        "first_response_at", "thanked_at", "outcome", "value", "note",
    ]

    /// SQLite's `sqlite3_stmt *`: step it, read its columns; do not reset or finalize it.
    public let statement: OpaquePointer
    fileprivate let direct: DirectStatement

    /// The row the statement is on, read as the store's listings read it: for a row the
    /// reader does not take as it is. A value that is not what its column holds is an
    /// error naming the referral and how to correct it.
    public func referral() throws -> Referral {
        try AppDatabase.referral(DirectRow(handle: statement))
    }

    /// The error for a step that failed.
    public func stepError() -> Error { direct.error() }
}
