import Foundation
import LuaRuntime
import Model
import Store

/// Model values as the plain Lua tables plugins read. Fields are copied (a plain field
/// read costs what any table read costs); related rows (`referral.partner`,
/// `partner.contact`, …) load on first access through the row's metatable and are
/// then cached in the row.
extension PluginSession {
    static func seconds(_ date: Date?) -> LuaValue {
        guard let date else { return .nil }
        return .integer(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func text(_ s: String?) -> LuaValue { s.map { .string(LuaString($0)) } ?? .nil }
    static func list(_ items: [String]) -> LuaValue { .table(LuaTable(array: items.map { .string(LuaString($0)) })) }
    static func id(_ i: Int64?) -> LuaValue { i.map { .integer($0) } ?? .nil }

    func contactRow(_ c: Contact, state: LuaState) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(c.id))
        t.set("name", Self.text(c.name))
        t.set("given_name", Self.text(c.givenName))
        t.set("family_name", Self.text(c.familyName))
        t.set("kind", Self.text(c.kind.rawValue))
        t.set("category", Self.text(c.category))
        t.set("market", Self.text(c.market))
        t.set("company", Self.text(c.company))
        t.set("job_title", Self.text(c.jobTitle))
        t.set("emails", Self.list(c.emails))
        t.set("email", Self.text(c.emails.first))
        t.set("phones", Self.list(c.phones))
        t.set("phone", Self.text(c.phones.first))
        t.set("tags", Self.list(c.tags))
        t.set("preferred_channel", Self.text(c.preferredChannel?.rawValue))
        t.set("added_at", Self.seconds(c.addedAt))
        t.set("source", Self.text(c.source))
        t.set("note", Self.text(c.note))
        t.metatable = rowMetatable("contact", state: state)
        return .table(t)
    }

    func partnerRow(_ d: PartnerDetail, state: LuaState) -> LuaValue {
        let p = d.partner, c = d.contact
        var t = LuaTable()
        t.set("id", Self.id(p.id))
        t.set("contact_id", .integer(p.contactId))
        t.set("name", Self.text(c.name))
        t.set("email", Self.text(c.emails.first))
        t.set("phone", Self.text(c.phones.first))
        t.set("kind", Self.text(c.kind.rawValue))
        t.set("category", Self.text(c.category))
        t.set("company", Self.text(c.company))
        t.set("tier", Self.text(p.tier.rawValue))
        t.set("benefit", Self.text(p.benefit))
        t.set("actions_wanted", Self.list(p.actionsWanted))
        t.set("relationship_start", Self.seconds(p.relationshipStart))
        t.set("plan", Self.text(p.plan))
        t.set("note", Self.text(p.note))
        t.set("referrals_received", .integer(Int64(d.referralsReceived)))
        t.set("referrals_given", .integer(Int64(d.referralsGiven)))
        t.metatable = rowMetatable("partner", state: state)
        return .table(t)
    }

    func referralRow(_ r: Referral, state: LuaState) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(r.id))
        t.set("direction", Self.text(r.direction.rawValue))
        t.set("partner_id", Self.id(r.partnerId))
        t.set("prospect_id", .integer(r.prospectId))
        t.set("colleague_id", Self.id(r.colleagueId))
        t.set("status", Self.text(r.status.rawValue))
        t.set("arrived_at", Self.seconds(r.arrivedAt))
        t.set("first_response_at", Self.seconds(r.firstResponseAt))
        t.set("thanked_at", Self.seconds(r.thankedAt))
        t.set("outcome", Self.text(r.outcome))
        t.set("value", r.value.map { .number($0) } ?? .nil)
        t.set("note", Self.text(r.note))
        t.metatable = rowMetatable("referral", state: state)
        return .table(t)
    }

    func touchRow(_ x: Touch, state: LuaState) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(x.id))
        t.set("contact_id", .integer(x.contactId))
        t.set("channel", Self.text(x.channel.rawValue))
        t.set("purpose", Self.text(x.purpose.rawValue))
        t.set("note", Self.text(x.note))
        t.set("at", Self.seconds(x.at))
        t.metatable = rowMetatable("touch", state: state)
        return .table(t)
    }

    func giftRow(_ g: Gift) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(g.id))
        t.set("name", Self.text(g.name))
        t.set("cost", .number(g.cost))
        t.set("category", Self.text(g.category))
        t.set("sold_by_practice", .boolean(g.soldByPractice))
        return .table(t)
    }

    func giftLogRow(_ e: GiftLogEntry, state: LuaState) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(e.id))
        t.set("gift_id", .integer(e.giftId))
        t.set("partner_id", .integer(e.partnerId))
        t.set("referral_id", Self.id(e.referralId))
        t.set("given_at", Self.seconds(e.givenAt))
        t.set("note", Self.text(e.note))
        t.metatable = rowMetatable("gift_log", state: state)
        return .table(t)
    }

    func activityRow(_ a: Activity) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(a.id))
        t.set("kind", Self.text(a.kind.rawValue))
        t.set("title", Self.text(a.title))
        t.set("at", Self.seconds(a.at))
        t.set("audience", Self.text(a.audience))
        t.set("note", Self.text(a.note))
        return .table(t)
    }

    func eventRow(_ d: AppreciationEventDetail) -> LuaValue {
        var t = LuaTable()
        let e = d.event
        t.set("id", Self.id(e.id))
        t.set("name", Self.text(e.name))
        t.set("at", Self.seconds(e.at))
        t.set("venue", Self.text(e.venue))
        t.set("cost", e.cost.map { .number($0) } ?? .nil)
        t.set("follow_up", Self.text(e.followUp))
        t.set("invited", .table(LuaTable(array: d.invitations.map { .integer($0.contactId) })))
        t.set("attended", .table(LuaTable(array: d.invitations.filter(\.attended).map { .integer($0.contactId) })))
        return .table(t)
    }

    func taskRow(_ x: FollowUpTask) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(x.id))
        t.set("title", Self.text(x.title))
        t.set("due_at", Self.seconds(x.dueAt))
        t.set("contact_id", Self.id(x.contactId))
        t.set("referral_id", Self.id(x.referralId))
        t.set("done_at", Self.seconds(x.doneAt))
        t.set("note", Self.text(x.note))
        t.set("origin", Self.text(x.origin))
        return .table(t)
    }

    func alertRow(_ a: Alert) -> LuaValue {
        var t = LuaTable()
        t.set("id", Self.id(a.id))
        t.set("plugin", Self.text(a.plugin))
        t.set("code", Self.text(a.code))
        t.set("severity", Self.text(a.severity))
        t.set("message", Self.text(a.message))
        t.set("subject", Self.text(a.subject))
        t.set("raised_at", Self.seconds(a.raisedAt))
        return .table(t)
    }

    /// The relations a row kind can load: field name → (id field, loader).
    private func relations(_ kind: String) -> [String: (idField: String, load: (Int64, LuaState) throws -> LuaValue)] {
        let contact: (Int64, LuaState) throws -> LuaValue = { id, state in
            self.contactRow(try self.readable("contacts").contact(id: id), state: state)
        }
        let partner: (Int64, LuaState) throws -> LuaValue = { id, state in
            self.partnerRow(try self.readable("partners").partner(id: id), state: state)
        }
        switch kind {
        case "contact":
            return ["partner": ("id", { id, state in
                guard let p = try self.readable("partners").partner(contactId: id), let pid = p.id else { return .nil }
                return try partner(pid, state)
            })]
        case "partner": return ["contact": ("contact_id", contact)]
        case "referral": return ["partner": ("partner_id", partner), "prospect": ("prospect_id", contact), "colleague": ("colleague_id", contact)]
        case "touch": return ["contact": ("contact_id", contact)]
        case "gift_log": return ["gift": ("gift_id", { id, _ in self.giftRow(try self.readable("gifts").gift(id: id)) }), "partner": ("partner_id", partner)]
        default: return [:]
        }
    }

    /// The shared metatable of a row kind: `__index` loads a relation once and caches it
    /// in the row with rawset, so later reads are plain table reads.
    func rowMetatable(_ kind: String, state: LuaState) -> LuaReference? {
        if let known = metatables[kind] { return known }
        let relations = self.relations(kind)
        guard !relations.isEmpty else { return nil }
        var meta = LuaTable()
        meta["__index"] = .function(LuaHostFunction("__index") { frame in
            guard let key = frame.argument(2).stringValue, let relation = relations[key] else { return 0 }
            guard let id = frame.stack.rawField(relation.idField, ofTableAt: 1).intValue else {
                frame.push(.nil)
                return 1
            }
            let value = try relation.load(Int64(id), frame.state)
            frame.stack.rawSet(tableAt: 1, key: .string(LuaString(key)), value: value)
            frame.push(value)
            return 1
        })
        meta["__name"] = .string(LuaString(kind))
        state.push(.table(meta))
        let ref = state.reference(at: -1)
        state.pop()
        metatables[kind] = ref
        return ref
    }
}
