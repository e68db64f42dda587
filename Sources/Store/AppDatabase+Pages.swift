import Foundation
import GRDB
import Model

/// Rows in pages, in id order, for plugins that walk large tables: each call is
/// bounded, so a plugin's deadline is checked between pages.
extension AppDatabase {
    /// Referrals matching `filter` with an id above `afterId`, in id order.
    public func referrals(_ filter: ReferralFilter, until: Date? = nil, afterId: Int64, limit: Int) throws -> [Referral] {
        try read { db in
            var request = Referral.filter(Column("id") > afterId)
            if let status = filter.status { request = request.filter(Column("status") == status.rawValue) }
            if let partner = filter.partnerId { request = request.filter(Column("partner_id") == partner) }
            if let direction = filter.direction { request = request.filter(Column("direction") == direction.rawValue) }
            if let since = filter.since { request = request.filter(Column("arrived_at") >= since) }
            if let until { request = request.filter(Column("arrived_at") < until) }
            return try request.order(Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// Contacts matching `filter` with an id above `afterId`, in id order.
    public func contacts(_ filter: ContactFilter, afterId: Int64, limit: Int) throws -> [Contact] {
        try read { db in
            var sql = "SELECT \(Contact.selection) FROM contacts WHERE id > ?"
            var arguments: StatementArguments = [afterId]
            if let kind = filter.kind { sql += " AND kind = ?"; _ = arguments.append(contentsOf: [kind.rawValue]) }
            if let category = filter.category { sql += " AND category = ? COLLATE NOCASE"; _ = arguments.append(contentsOf: [category]) }
            if let since = filter.since { sql += " AND added_at >= ?"; _ = arguments.append(contentsOf: [since]) }
            if let tag = filter.tag {
                sql += " AND id IN (SELECT contact_id FROM contact_keys WHERE kind = 'tag' AND value = ?)"
                _ = arguments.append(contentsOf: [Contact.fold(tag)])
            }
            sql += " ORDER BY id LIMIT \(limit)"
            return try Contact.fetchAll(db, sql: sql, arguments: arguments)
        }
    }
}
