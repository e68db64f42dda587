import Foundation
import GRDB
import Model

extension AppDatabase {
    /// Logs a touch and records `touch.logged`.
    public func addTouch(_ touch: Touch) throws -> Touch {
        try write { db in
            try Self.requireContact(touch.contactId, db)
            var saved = touch
            saved.id = nil
            try saved.insert(db)
            try Self.record(db, .touchLogged, contact: touch.contactId,
                            partner: try Int64.fetchOne(db, sql: "SELECT id FROM partners WHERE contact_id = ?", arguments: [touch.contactId]),
                            payload: ["channel": touch.channel.rawValue, "purpose": touch.purpose.rawValue, "touch": String(saved.id!)],
                            at: touch.at)
            return saved
        }
    }

    /// The touch with `id`.
    public func touch(id: Int64) throws -> Touch {
        try read { db in try Self.fetch(Touch.self, id: id, entity: "touch", db) }
    }

    /// Touches, newest first, optionally for one contact, one purpose, or since a time.
    public func touches(contactId: Int64? = nil, purpose: TouchPurpose? = nil, since: Date? = nil) throws -> [Touch] {
        try read { db in
            var request = Touch.all()
            if let contactId { request = request.filter(Column("contact_id") == contactId) }
            if let purpose { request = request.filter(Column("purpose") == purpose.rawValue) }
            if let since { request = request.filter(Column("at") >= since) }
            return try request.order(Column("at").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// Saves changes to a touch.
    public func updateTouch(_ touch: Touch) throws {
        try write { db in try Self.requireContact(touch.contactId, db) }
        try update(touch, entity: "touch")
    }

    /// Removes a touch.
    public func removeTouch(id: Int64) throws { try remove(Touch.self, id: id, entity: "touch") }
}
