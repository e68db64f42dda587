import Foundation
import GRDB
import Model

/// Rows in pages, in id order, for plugins that walk large tables: each call is
/// bounded, so a plugin's deadline is checked between pages.
extension AppDatabase {
    /// Referrals matching `filter` with an id above `afterId`, in id order.
    public func referrals(_ filter: ReferralFilter, until: Date? = nil, afterId: Int64, limit: Int) throws -> [Referral] {
        try read { db in
            var request = Self.request(filter).filter(Column("id") > afterId)
            if let until { request = request.filter(Column("arrived_at") < until) }
            return try request.order(Column("id")).limit(limit).fetchAll(db)
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
