import Foundation
import GRDB
import Model

extension AppDatabase {
    /// Adds a catalogue entry and records `gift.added`.
    public func addGift(_ gift: Gift) throws -> Gift {
        guard !gift.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.rule(.emptyName) }
        return try write { db in
            var saved = gift
            saved.id = nil
            try saved.insert(db)
            try Self.record(db, .giftAdded, payload: ["gift": String(saved.id!), "name": gift.name])
            return saved
        }
    }

    /// The catalogue entry with `id`.
    public func gift(id: Int64) throws -> Gift {
        try read { db in try Self.fetch(Gift.self, id: id, entity: "gift", db) }
    }

    /// The catalogue, by name; optionally one category.
    public func gifts(category: String? = nil) throws -> [Gift] {
        try read { db in
            var request = Gift.all()
            if let category { request = request.filter(sql: "category = ? COLLATE NOCASE", arguments: [category]) }
            return try request.order(Column("name").collating(.nocase)).fetchAll(db)
        }
    }

    /// Saves changes to a catalogue entry.
    public func updateGift(_ gift: Gift) throws { try update(gift, entity: "gift") }

    /// Removes a catalogue entry; refused once it has been given.
    public func removeGift(id: Int64) throws {
        let given = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gift_log WHERE gift_id = ?", arguments: [id]) ?? 0 }
        if given > 0 { throw StoreError.inUse(entity: "gift", id: id, reason: "it was given \(given) time(s)") }
        try remove(Gift.self, id: id, entity: "gift")
    }

    /// Logs a gift given to a partner and records `gift.given`.
    public func giveGift(_ entry: GiftLogEntry) throws -> GiftLogEntry {
        try write { db in
            _ = try Self.fetch(Gift.self, id: entry.giftId, entity: "gift", db)
            try Self.requirePartner(entry.partnerId, db)
            try Self.requireReferral(entry.referralId, db)
            var saved = entry
            saved.id = nil
            try saved.insert(db)
            try Self.record(db, .giftGiven, partner: entry.partnerId, referral: entry.referralId,
                            payload: ["gift": String(entry.giftId)], at: entry.givenAt)
            return saved
        }
    }

    /// Gifts given, newest first; optionally to one partner.
    public func giftLog(partnerId: Int64? = nil) throws -> [GiftLogEntry] {
        try read { db in
            var request = GiftLogEntry.all()
            if let partnerId { request = request.filter(Column("partner_id") == partnerId) }
            return try request.order(Column("given_at").desc, Column("id").desc).fetchAll(db)
        }
    }
}
