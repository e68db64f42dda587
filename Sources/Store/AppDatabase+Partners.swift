import Foundation
import GRDB
import Model

/// A partner with its contact and its relationship bank (R19), for listings.
public struct PartnerDetail: Sendable, Codable, Equatable {
    public var partner: Partner
    public var contact: Contact
    /// Referrals this partner sent the practice.
    public var referralsReceived: Int
    /// Referrals the practice sent this partner.
    public var referralsGiven: Int
}

extension AppDatabase {
    /// Makes a contact a partner and records `partner.added`.
    public func addPartner(_ partner: Partner) throws -> Partner {
        try write { db in try Self.insertPartner(partner, promoted: false, db) }
    }

    /// R12: turns a client (typically one won through a referral) into a referral source.
    public func promoteToPartner(contactId: Int64, tier: PartnerTier = .b, at time: Date = Date()) throws -> Partner {
        try write { db in
            try Self.insertPartner(Partner(contactId: contactId, tier: tier, relationshipStart: time), promoted: true, db)
        }
    }

    static func insertPartner(_ partner: Partner, promoted: Bool, _ db: Database) throws -> Partner {
        let contact = try fetchContact(partner.contactId, db)
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM partners WHERE contact_id = ?", arguments: [partner.contactId]) {
            throw StoreError.alreadyPartner(contactId: partner.contactId, partnerId: existing)
        }
        try Partner.checkPromotable(contact)
        var saved = partner
        saved.id = nil
        try saved.insert(db)
        var payload = ["name": contact.name, "tier": partner.tier.rawValue]
        if promoted {
            payload["promoted"] = "true"
            if let won = try Int64.fetchOne(db, sql: "SELECT id FROM referrals WHERE prospect_id = ? AND status = 'won' ORDER BY arrived_at DESC", arguments: [partner.contactId]) {
                payload["won_referral"] = String(won)
            }
        }
        try record(db, .partnerAdded, contact: partner.contactId, partner: saved.id, payload: payload)
        return saved
    }

    /// Saves changes to a partner and records `partner.updated`.
    public func updatePartner(_ partner: Partner) throws {
        guard let id = partner.id else { throw StoreError.invalid("a partner without an id cannot be updated") }
        try write { db in
            _ = try Self.fetch(Partner.self, id: id, entity: "partner", db)
            try partner.update(db)
            try Self.record(db, .partnerUpdated, contact: partner.contactId, partner: id, payload: ["tier": partner.tier.rawValue])
        }
    }

    /// Ends a partnership (the contact stays); refused while referrals name the partner.
    public func removePartner(id: Int64) throws {
        try write { db in
            let partner = try Self.fetch(Partner.self, id: id, entity: "partner", db)
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals WHERE partner_id = ?", arguments: [id]) ?? 0
            if count > 0 { throw StoreError.inUse(entity: "partner", id: id, reason: "\(count) referral(s) name it") }
            _ = try Partner.deleteOne(db, key: id)
            try Self.record(db, .partnerRemoved, contact: partner.contactId, partner: id)
        }
    }

    /// The partner with `id`, with its contact and counts.
    public func partner(id: Int64) throws -> PartnerDetail {
        try read { db in
            let partner = try Self.fetch(Partner.self, id: id, entity: "partner", db)
            return try Self.detail(partner, db)
        }
    }

    /// The partner record of a contact, if it is one.
    public func partner(contactId: Int64) throws -> Partner? {
        try read { db in try Partner.filter(Column("contact_id") == contactId).fetchOne(db) }
    }

    /// Partners, A list first, then by name; optionally one tier only.
    public func partners(tier: PartnerTier? = nil, category: String? = nil) throws -> [PartnerDetail] {
        try read { db in
            var request = Partner.all()
            if let tier { request = request.filter(Column("tier") == tier.rawValue) }
            var details = try request.fetchAll(db).map { try Self.detail($0, db) }
            if let category {
                details = details.filter { $0.contact.category?.caseInsensitiveCompare(category) == .orderedSame }
            }
            return details.sorted {
                ($0.partner.tier, $0.contact.name.lowercased()) < ($1.partner.tier, $1.contact.name.lowercased())
            }
        }
    }

    static func detail(_ partner: Partner, _ db: Database) throws -> PartnerDetail {
        let contact = try fetchContact(partner.contactId, db)
        let received = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals WHERE partner_id = ? AND direction = 'inbound'", arguments: [partner.id]) ?? 0
        let given = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals WHERE direction = 'outbound' AND (partner_id = ?1 OR colleague_id = ?2)", arguments: [partner.id, partner.contactId]) ?? 0
        return PartnerDetail(partner: partner, contact: contact, referralsReceived: received, referralsGiven: given)
    }

    /// Resolves a partner from what a user typed: a partner id, or `contact:REF` / a name / an email.
    public func resolvePartner(_ reference: String) throws -> Partner {
        let text = reference.trimmingCharacters(in: .whitespaces)
        if let id = Int64(text) { return try partner(id: id).partner }
        let contact = try resolveContact(text)
        guard let partner = try partner(contactId: contact.id!) else {
            throw StoreError.invalid("\(contact.name) (contact \(contact.id!)) is not a partner; make them one with `refer partner add \(contact.id!)`.")
        }
        return partner
    }
}
