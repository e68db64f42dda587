import Foundation

/// A contact the practice cultivates as a referral source (R6–R9).
public struct Partner: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    /// The contact this partner is.
    public var contactId: Int64
    public var tier: PartnerTier
    /// What the partner gains from referring ("what's in it for them").
    public var benefit: String?
    /// What the practice asks the partner to do: call the prospect, set up a meeting…
    public var actionsWanted: [String]
    /// When the relationship began (R18).
    public var relationshipStart: Date
    /// The name of the referral plan (a Lua plugin) assigned to this partner.
    public var plan: String?
    public var note: String?

    public init(
        id: Int64? = nil, contactId: Int64, tier: PartnerTier = .b, benefit: String? = nil,
        actionsWanted: [String] = [], relationshipStart: Date = Date(), plan: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.contactId = contactId
        self.tier = tier
        self.benefit = benefit
        self.actionsWanted = actionsWanted
        self.relationshipStart = relationshipStart
        self.plan = plan
        self.note = note
    }
}

/// A partner's rank; the top 10–20% form the A list (R7).
public enum PartnerTier: String, Sendable, Codable, CaseIterable, Comparable {
    case a = "A", b = "B", c = "C"

    public static func < (lhs: PartnerTier, rhs: PartnerTier) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Accepts "a", "A", "a-list".
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let first = t.hasSuffix("-LIST") ? String(t.dropLast(5)) : t
        self.init(rawValue: first)
    }
}

extension Partner {
    /// R12: a client won through a referral (or any client) may become a partner.
    /// Prospects are refused: they have not experienced the practice yet.
    public static func checkPromotable(_ contact: Contact) throws {
        switch contact.kind {
        case .client, .formerClient, .professional, .friend:
            return
        case .prospect:
            throw ModelError.notPromotable(contactId: contact.id ?? 0, name: contact.name, kind: contact.kind)
        }
    }
}
