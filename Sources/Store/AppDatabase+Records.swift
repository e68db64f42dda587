import Foundation
import GRDB
import Model

// Shared plumbing for the small record types (touches, gifts, activities, events, tasks).
extension AppDatabase {
    static func fetch<R: FetchableRecord & TableRecord>(_ type: R.Type, id: Int64, entity: String, _ db: Database) throws -> R {
        guard let record = try R.fetchOne(db, key: id) else { throw StoreError.notFound(entity: entity, id: id) }
        return record
    }

    /// Removes the row `id` of `type`, recording `record.removed` with the entity's name.
    func remove<R: TableRecord>(_ type: R.Type, id: Int64, entity: String) throws {
        try write { db in
            guard try R.deleteOne(db, key: id) else { throw StoreError.notFound(entity: entity, id: id) }
            try Self.record(db, .recordRemoved, payload: ["entity": entity, "id": String(id)])
        }
    }

    /// Saves changes to an existing row, recording `record.updated`.
    func update<R: MutablePersistableRecord & Identifiable>(_ record: R, entity: String) throws where R.ID == Int64? {
        guard let id = record.id else { throw StoreError.invalid("a \(entity) without an id cannot be updated") }
        try write { db in
            guard try R.exists(db, key: id) else { throw StoreError.notFound(entity: entity, id: id) }
            try record.update(db)
            try Self.record(db, .recordUpdated, payload: ["entity": entity, "id": String(id)])
        }
    }

    static func requireContact(_ id: Int64?, _ db: Database) throws {
        guard let id else { return }
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ?", arguments: [id]) != nil else {
            throw StoreError.notFound(entity: "contact", id: id)
        }
    }

    static func requirePartner(_ id: Int64?, _ db: Database) throws {
        guard let id else { return }
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM partners WHERE id = ?", arguments: [id]) != nil else {
            throw StoreError.notFound(entity: "partner", id: id)
        }
    }

    static func requireReferral(_ id: Int64?, _ db: Database) throws {
        guard let id else { return }
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM referrals WHERE id = ?", arguments: [id]) != nil else {
            throw StoreError.notFound(entity: "referral", id: id)
        }
    }
}
