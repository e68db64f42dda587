import Foundation
import GRDB
import Model

/// Which referrals a listing shows.
public struct ReferralFilter: Sendable, Equatable {
    public var status: ReferralStatus?
    public var partnerId: Int64?
    public var direction: ReferralDirection?
    /// Only referrals that arrived at or after this time.
    public var since: Date?

    public init(status: ReferralStatus? = nil, partnerId: Int64? = nil, direction: ReferralDirection? = nil, since: Date? = nil) {
        self.status = status
        self.partnerId = partnerId
        self.direction = direction
        self.since = since
    }
}

extension AppDatabase {
    /// Saves a new referral, its first status, and `referral.received` (inbound) or
    /// `referral.sent` (outbound).
    public func addReferral(_ referral: Referral) throws -> Referral {
        try write { db in
            try Self.requireContact(referral.prospectId, db)
            try Self.requireContact(referral.colleagueId, db)
            try Self.requirePartner(referral.partnerId, db)
            if referral.direction == .inbound && referral.partnerId == nil {
                throw StoreError.invalid("an inbound referral needs the partner who sent it; add --partner PARTNER.")
            }
            if referral.direction == .outbound && referral.colleagueId == nil && referral.partnerId == nil {
                throw StoreError.invalid("an outbound referral needs the professional it went to; add --to CONTACT.")
            }
            var saved = referral
            saved.id = nil
            try saved.insert(db)
            let id = saved.id!
            try ReferralStatusChange(referralId: id, from: nil, to: saved.status, changedAt: saved.arrivedAt).insert(db)
            let prospect = try Self.fetchContact(referral.prospectId, db)
            try Self.record(db, referral.direction == .inbound ? .referralReceived : .referralSent,
                            contact: referral.prospectId, partner: referral.partnerId, referral: id,
                            payload: ["prospect": prospect.name, "status": saved.status.rawValue])
            return saved
        }
    }

    /// Moves a referral to `status` if the move is legal, timestamps it, and records
    /// `referral.status_changed` (and `client.won` when a prospect is won).
    public func moveReferral(
        id: Int64, to status: ReferralStatus, at time: Date = Date(), colleagueId: Int64? = nil, note: String? = nil
    ) throws -> Referral {
        try write { db in
            var referral = try Self.fetch(Referral.self, id: id, entity: "referral", db)
            try Self.requireContact(colleagueId, db)
            let from = referral.status
            let change = try referral.move(to: status, at: time, colleagueId: colleagueId, note: note)
            try referral.update(db)
            try change.insert(db)
            var payload = ["from": from.rawValue, "to": status.rawValue]
            if let colleague = referral.colleagueId, status == .passedOn { payload["colleague"] = String(colleague) }
            try Self.record(db, .referralStatusChanged, contact: referral.prospectId, partner: referral.partnerId,
                            referral: id, payload: payload, at: time)
            if status == .won && referral.direction == .inbound {
                var prospect = try Self.fetchContact(referral.prospectId, db)
                if prospect.kind != .client {
                    let old = prospect
                    prospect.kind = .client
                    try Self.update(prospect, replacing: old, db)
                }
                try Self.record(db, .clientWon, contact: referral.prospectId, partner: referral.partnerId,
                                referral: id, payload: ["name": prospect.name], at: time)
            }
            return referral
        }
    }

    /// Saves edits that do not change the status (thanked, outcome, value, note).
    public func updateReferral(_ referral: Referral) throws {
        guard let id = referral.id else { throw StoreError.invalid("a referral without an id cannot be updated") }
        try write { db in
            let old = try Self.fetch(Referral.self, id: id, entity: "referral", db)
            if old.status != referral.status {
                throw StoreError.invalid("change a referral's status with `refer referral status \(id) STATUS`, not with edit.")
            }
            try Self.requireContact(referral.prospectId, db)
            try Self.requireContact(referral.colleagueId, db)
            try Self.requirePartner(referral.partnerId, db)
            try referral.update(db)
            var payload: [String: String] = [:]
            if old.thankedAt == nil && referral.thankedAt != nil { payload["thanked"] = "true" }
            try Self.record(db, .referralUpdated, contact: referral.prospectId, partner: referral.partnerId, referral: id, payload: payload)
        }
    }

    /// Removes a referral with its history.
    public func removeReferral(id: Int64) throws {
        try write { db in
            let referral = try Self.fetch(Referral.self, id: id, entity: "referral", db)
            _ = try Referral.deleteOne(db, key: id)
            try Self.record(db, .referralRemoved, contact: referral.prospectId, partner: referral.partnerId, referral: id)
        }
    }

    /// The referral with `id`.
    public func referral(id: Int64) throws -> Referral {
        try read { db in try Self.fetch(Referral.self, id: id, entity: "referral", db) }
    }

    /// When the referral took its current status: its last recorded status change, or
    /// its arrival when none is recorded. Nil when there is no such referral.
    public func statusChangedAt(referralId: Int64) throws -> Date? {
        try read { db in
            try Date.fetchOne(db, sql: """
                SELECT coalesce((SELECT max(changed_at) FROM referral_status_changes WHERE referral_id = r.id), r.arrived_at)
                FROM referrals AS r WHERE r.id = ?
                """, arguments: [referralId])
        }
    }

    /// Every status the referral has had, oldest first.
    public func statusHistory(referralId: Int64) throws -> [ReferralStatusChange] {
        try read { db in
            _ = try Self.fetch(Referral.self, id: referralId, entity: "referral", db)
            return try ReferralStatusChange.filter(Column("referral_id") == referralId)
                .order(Column("changed_at"), Column("id")).fetchAll(db)
        }
    }

    /// Referrals matching `filter`, newest arrival first.
    public func referrals(_ filter: ReferralFilter = ReferralFilter()) throws -> [Referral] {
        try read { db in try Self.referrals(filter, order: "arrived_at DESC, id DESC", db) }
    }
}
