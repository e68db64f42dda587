import Foundation
import GRDB
import Model

/// Plugin effects: applied together in one transaction, each at most once per key.
extension AppDatabase {
    static func createPluginTables(_ db: Database) throws {
        try db.execute(sql: """
            -- Idempotency keys of applied effects: a key applied once is never applied again.
            CREATE TABLE effect_keys (
              key TEXT PRIMARY KEY,
              plugin TEXT NOT NULL,
              kind TEXT NOT NULL,
              applied_at TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE alerts (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              plugin TEXT NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL,
              message TEXT NOT NULL, subject TEXT,
              raised_at TEXT NOT NULL, resolved_at TEXT
            );
            CREATE INDEX alerts_open ON alerts(resolved_at, raised_at);

            -- Drafted and delivered mail; message_json is the Outreach module's encoding.
            CREATE TABLE outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              key TEXT NOT NULL UNIQUE,
              plugin TEXT,
              contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
              state TEXT NOT NULL,
              message_json TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              next_attempt_at TEXT,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              sent_at TEXT
            );
            CREATE INDEX outbox_by_state ON outbox(state, id);
            """)
    }

    /// Applies `effects` in one transaction: all of them, or none when one fails.
    /// An effect whose idempotency key was applied before is skipped.
    public func apply(_ effects: [PluginEffect], at time: Date = Date()) throws -> EffectsApplied {
        try write { db in try Self.apply(effects, db, at: time) }
    }

    /// `apply(_:at:)` inside the caller's transaction (the scheduler marks a run done in the same one).
    static func apply(_ effects: [PluginEffect], _ db: Database, at time: Date) throws -> EffectsApplied {
        var result = EffectsApplied()
        for effect in effects {
            if let key = effect.key {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO effect_keys (key, plugin, kind, applied_at) VALUES (?, ?, ?, ?)",
                    arguments: [key, effect.plugin, effect.kind.rawValue, time])
                if db.changesCount == 0 {
                    result.skipped += 1
                    continue
                }
            }
            try applyOne(effect, db, at: time)
            result.applied += 1
        }
        return result
    }

    private static func applyOne(_ effect: PluginEffect, _ db: Database, at time: Date) throws {
        switch effect.kind {
        case .touch:
            guard let contactId = effect.contactId else { throw StoreError.invalid("touch effect without a contact") }
            try requireContact(contactId, db)
            var touch = Touch(
                contactId: contactId,
                channel: Channel(rawValue: (effect.channel ?? "").lowercased()) ?? .note,
                purpose: TouchPurpose(rawValue: effect.purpose ?? "") ?? .relationship,
                note: effect.note, at: effect.at ?? time)
            try touch.insert(db)
            try record(db, .touchLogged, contact: contactId,
                       partner: try Int64.fetchOne(db, sql: "SELECT id FROM partners WHERE contact_id = ?", arguments: [contactId]),
                       payload: ["channel": touch.channel.rawValue, "purpose": touch.purpose.rawValue, "plugin": effect.plugin],
                       at: touch.at)
        case .task:
            try requireContact(effect.contactId, db)
            try requireReferral(effect.referralId, db)
            var task = FollowUpTask(title: effect.title ?? "", dueAt: effect.due, contactId: effect.contactId,
                                    referralId: effect.referralId, note: effect.note, origin: effect.plugin, createdAt: time)
            try task.insert(db)
        case .message:
            try requireContact(effect.contactId, db)
            try db.execute(sql: """
                INSERT INTO outbox (key, plugin, contact_id, state, message_json, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
                """, arguments: [effect.key ?? UUID().uuidString, effect.plugin, effect.contactId,
                                 effect.initialState ?? "draft", effect.payload ?? "{}", time, time])
        case .gift:
            guard let giftId = effect.giftId, let partnerId = effect.partnerId else {
                throw StoreError.invalid("gift effect without a gift or a partner")
            }
            try requirePartner(partnerId, db)
            try requireReferral(effect.referralId, db)
            _ = try fetch(Gift.self, id: giftId, entity: "gift", db)
            var entry = GiftLogEntry(giftId: giftId, partnerId: partnerId, referralId: effect.referralId,
                                     givenAt: effect.at ?? time, note: effect.note)
            try entry.insert(db)
        case .referralStatus:
            guard let id = effect.referralId, let status = ReferralStatus(text: effect.status ?? "") else {
                throw StoreError.invalid("referral status effect without a referral or a known status")
            }
            var referral = try fetch(Referral.self, id: id, entity: "referral", db)
            let from = referral.status
            let change = try referral.move(to: status, at: effect.at ?? time, colleagueId: effect.contactId, note: effect.note)
            try referral.update(db)
            try change.insert(db)
            var payload = ["from": from.rawValue, "to": status.rawValue, "plugin": effect.plugin]
            if let colleague = referral.colleagueId, status == .passedOn { payload["colleague"] = String(colleague) }
            try record(db, .referralStatusChanged, contact: referral.prospectId, partner: referral.partnerId,
                       referral: id, payload: payload, at: effect.at ?? time)
        case .referralThanked:
            guard let id = effect.referralId else { throw StoreError.invalid("thanks effect without a referral") }
            var referral = try fetch(Referral.self, id: id, entity: "referral", db)
            // The first thanks counts: the delay the report measures is to that one.
            guard referral.thankedAt == nil else { return }
            referral.thankedAt = effect.at ?? time
            try referral.update(db)
            try record(db, .referralUpdated, contact: referral.prospectId, partner: referral.partnerId, referral: id,
                       payload: ["thanked": "true", "plugin": effect.plugin], at: effect.at ?? time)
        case .eventInvite:
            guard let eventId = effect.eventId, let contactId = effect.contactId else {
                throw StoreError.invalid("invitation effect without an event or a contact")
            }
            try invite(eventId: eventId, contactIds: [contactId], db)
        case .partnerTier:
            guard let id = effect.partnerId, let tier = PartnerTier(text: effect.tier ?? "") else {
                throw StoreError.invalid("partner tier effect without a partner or a known tier")
            }
            var partner = try fetch(Partner.self, id: id, entity: "partner", db)
            partner.tier = tier
            try partner.update(db)
        case .alert:
            // One open alert per plugin, code and subject: a daily check does not pile them up.
            let open = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM alerts WHERE resolved_at IS NULL AND plugin = ? AND code = ? AND subject IS ?
                """, arguments: [effect.plugin, effect.code ?? "alert", effect.title]) ?? 0
            if open > 0 { return }
            var alert = Alert(plugin: effect.plugin, code: effect.code ?? "alert", severity: effect.severity ?? "warning",
                              message: effect.text ?? "", subject: effect.title, raisedAt: time)
            try alert.insert(db)
        }
    }

    /// Open alerts (not resolved), newest first.
    public func openAlerts() throws -> [Alert] {
        try read { db in try Alert.filter(Column("resolved_at") == nil).order(Column("raised_at").desc, Column("id").desc).fetchAll(db) }
    }
}

extension Alert: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "alerts"
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
