import Foundation
import Model
import Store

/// Test data for a plugin, as `plugins/NAME/tests/CASE/fixture.json` describes it.
///
/// Rows name each other by `ref` (a partner by its contact's ref); loading the fixture
/// into a store turns refs into ids, and `expected.json` can use the same refs.
public struct PluginFixture: Decodable, Sendable {
    public var now: Date
    public var practice: ProfileOverrides?
    public var contacts: [ContactRow]?
    public var partners: [PartnerRow]?
    public var referrals: [ReferralRow]?
    public var touches: [TouchRow]?
    public var gifts: [GiftRow]?
    public var giftLog: [GiftLogRow]?
    public var activities: [ActivityRow]?
    public var events: [EventRow]?
    public var tasks: [TaskRow]?

    enum CodingKeys: String, CodingKey {
        case now, practice, contacts, partners, referrals, touches, gifts, activities, events, tasks
        case giftLog = "gift_log"
    }

    public struct ProfileOverrides: Decodable, Sendable {
        public var name: String?
        public var timezone: String?
        public var owner: String?
        public var email: String?
        public var phone: String?
        public var website: String?
        public var ideal_prospect: String?
        public var problems_solved: [String]?
        public var process_steps: [String]?
    }
    public struct ContactRow: Decodable, Sendable {
        public var ref: String?
        public var name: String
        public var kind: String?
        public var category: String?
        public var market: String?
        public var company: String?
        public var email: String?
        public var emails: [String]?
        public var phone: String?
        public var tags: [String]?
        public var channel: String?
        public var added: Date?
        public var source: String?
    }
    public struct PartnerRow: Decodable, Sendable {
        public var contact: String
        public var tier: String?
        public var since: Date?
        public var benefit: String?
        public var plan: String?
        public var actions: [String]?
    }
    public struct ReferralRow: Decodable, Sendable {
        public var ref: String?
        public var partner: String?
        public var prospect: String
        public var arrived: Date
        public var status: String?
        public var direction: String?
        public var colleague: String?
        public var first_response: Date?
        public var thanked: Date?
        public var value: Double?
        public var outcome: String?
        public var note: String?
    }
    public struct TouchRow: Decodable, Sendable {
        public var contact: String
        public var channel: String?
        public var purpose: String?
        public var at: Date
        public var note: String?
    }
    public struct GiftRow: Decodable, Sendable {
        public var ref: String?
        public var name: String
        public var cost: Double?
        public var category: String?
        public var sold: Bool?
    }
    public struct GiftLogRow: Decodable, Sendable {
        public var gift: String
        public var partner: String
        public var referral: String?
        public var at: Date
        public var note: String?
    }
    public struct ActivityRow: Decodable, Sendable {
        public var kind: String
        public var title: String
        public var at: Date
        public var audience: String?
        public var note: String?
    }
    public struct EventRow: Decodable, Sendable {
        public var ref: String?
        public var name: String
        public var at: Date
        public var venue: String?
        public var cost: Double?
        public var invited: [String]?
        public var attended: [String]?
    }
    public struct TaskRow: Decodable, Sendable {
        public var title: String
        public var due: Date?
        public var contact: String?
        public var referral: String?
        public var done: Date?
    }

    /// Reads a fixture file; dates are ISO 8601 ("2026-03-15T09:00:00Z" or "2026-03-15").
    public static func load(_ file: URL) throws -> PluginFixture {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            let c = try d.singleValueContainer()
            let text = try c.decode(String.self)
            if let date = ISO8601DateFormatter().date(from: text) { return date }
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            if let date = day.date(from: text) { return date }
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "\"\(text)\" is not an ISO 8601 date")
        }
        do {
            return try decoder.decode(PluginFixture.self, from: Data(contentsOf: file))
        } catch let error as DecodingError {
            throw FixtureError.invalid(file: file.path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let c): return "\(path(c.codingPath + [key])): missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        case .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// Ids of the rows the fixture made, by ref.
    public struct Refs: Sendable {
        public var contacts: [String: Int64] = [:]
        public var partners: [String: Int64] = [:]
        public var referrals: [String: Int64] = [:]
        public var gifts: [String: Int64] = [:]
        public var events: [String: Int64] = [:]
    }

    /// Writes the fixture's rows into `store`.
    public func load(into store: AppDatabase) throws -> Refs {
        var refs = Refs()
        func contact(_ ref: String) throws -> Int64 {
            guard let id = refs.contacts[ref] else { throw FixtureError.unknownRef(ref, kind: "contact") }
            return id
        }
        func partner(_ ref: String) throws -> Int64 {
            guard let id = refs.partners[ref] else { throw FixtureError.unknownRef(ref, kind: "partner") }
            return id
        }
        for c in contacts ?? [] {
            let emails = (c.emails ?? []) + (c.email.map { [$0] } ?? [])
            let saved = try store.addContact(Contact(
                name: c.name, kind: ContactKind(rawValue: c.kind ?? "prospect") ?? .prospect, category: c.category,
                market: c.market, company: c.company, emails: emails, phones: c.phone.map { [$0] } ?? [],
                tags: c.tags ?? [], preferredChannel: c.channel.flatMap(Channel.init(rawValue:)),
                addedAt: c.added ?? now, source: c.source))
            refs.contacts[c.ref ?? c.name] = saved.id
        }
        for p in partners ?? [] {
            let saved = try store.addPartner(Partner(
                contactId: try contact(p.contact), tier: PartnerTier(text: p.tier ?? "B") ?? .b, benefit: p.benefit,
                actionsWanted: p.actions ?? [], relationshipStart: p.since ?? now, plan: p.plan))
            refs.partners[p.contact] = saved.id
        }
        for r in referrals ?? [] {
            let direction = ReferralDirection(rawValue: r.direction ?? "inbound") ?? .inbound
            var saved = try store.addReferral(Referral(
                direction: direction, partnerId: try r.partner.map(partner), prospectId: try contact(r.prospect),
                colleagueId: try r.colleague.map(contact), arrivedAt: r.arrived, value: r.value, note: r.note))
            let id = saved.id!
            refs.referrals[r.ref ?? "\(id)"] = id
            let target = ReferralStatus(text: r.status ?? "received") ?? .received
            for step in Self.path(to: target) {
                saved = try store.moveReferral(id: id, to: step, at: r.arrived, colleagueId: step == .passedOn ? try r.colleague.map(contact) : nil)
            }
            if r.first_response != nil || r.thanked != nil || r.outcome != nil {
                if let v = r.first_response { saved.firstResponseAt = v }
                if let v = r.thanked { saved.thankedAt = v }
                if let v = r.outcome { saved.outcome = v }
                try store.updateReferral(saved)
            }
        }
        for t in touches ?? [] {
            _ = try store.addTouch(Touch(contactId: try contact(t.contact), channel: Channel(rawValue: t.channel ?? "phone") ?? .phone,
                                         purpose: TouchPurpose(rawValue: t.purpose ?? "relationship") ?? .relationship, note: t.note, at: t.at))
        }
        for g in gifts ?? [] {
            let saved = try store.addGift(Gift(name: g.name, cost: g.cost ?? 0, category: g.category, soldByPractice: g.sold ?? false))
            refs.gifts[g.ref ?? g.name] = saved.id
        }
        for e in giftLog ?? [] {
            guard let gift = refs.gifts[e.gift] else { throw FixtureError.unknownRef(e.gift, kind: "gift") }
            _ = try store.giveGift(GiftLogEntry(giftId: gift, partnerId: try partner(e.partner),
                                                referralId: e.referral.flatMap { refs.referrals[$0] }, givenAt: e.at, note: e.note))
        }
        for a in activities ?? [] {
            _ = try store.addActivity(Activity(kind: ActivityKind(rawValue: a.kind) ?? .meeting, title: a.title, at: a.at, audience: a.audience, note: a.note))
        }
        for e in events ?? [] {
            let saved = try store.addAppreciationEvent(AppreciationEvent(name: e.name, at: e.at, venue: e.venue, cost: e.cost))
            if let ref = e.ref { refs.events[ref] = saved.id }
            let invited = try (e.invited ?? []).map(contact)
            if !invited.isEmpty { try store.invite(eventId: saved.id!, contactIds: invited) }
            let attended = try (e.attended ?? []).map(contact)
            if !attended.isEmpty { try store.markAttended(eventId: saved.id!, contactIds: attended) }
        }
        for t in tasks ?? [] {
            var task = try store.addTask(FollowUpTask(title: t.title, dueAt: t.due, contactId: try t.contact.map(contact),
                                                       referralId: t.referral.flatMap { refs.referrals[$0] }, createdAt: now))
            if let done = t.done { task = try store.completeTask(id: task.id!, at: done) }
        }
        return refs
    }

    /// The legal moves from `received` to `status`.
    static func path(to status: ReferralStatus) -> [ReferralStatus] {
        switch status {
        case .received: return []
        case .contacted: return [.contacted]
        case .meeting: return [.meeting]
        case .won: return [.contacted, .won]
        case .lost: return [.lost]
        case .passedOn: return [.passedOn]
        }
    }

    /// The profile with the fixture's overrides.
    public func profile(base: PracticeConfig.Profile) -> PracticeConfig.Profile {
        var p = base
        guard let o = practice else { return p }
        if let v = o.name { p.name = v }
        if let v = o.timezone { p.timezone = v }
        if let v = o.owner { p.owner = v }
        if let v = o.email { p.email = v }
        if let v = o.phone { p.phone = v }
        if let v = o.website { p.website = v }
        if let v = o.ideal_prospect { p.idealProspect = v }
        if let v = o.problems_solved { p.problemsSolved = v }
        if let v = o.process_steps { p.processSteps = v }
        return p
    }
}

/// A fixture that cannot be loaded.
public enum FixtureError: Error, CustomStringConvertible {
    case invalid(file: String, reason: String)
    case unknownRef(String, kind: String)

    public var description: String {
        switch self {
        case .invalid(let file, let reason): return "\(file): \(reason)"
        case .unknownRef(let ref, let kind): return "fixture: no \(kind) with ref '\(ref)' (define it before using it)"
        }
    }
}
