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
        epoch(date).map { .integer($0) } ?? .nil
    }

    /// Whole seconds since 1970 (rounded down), as plugins see times.
    static func epoch(_ date: Date?) -> Int64? {
        date.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
    }

    static func text(_ s: String?) -> LuaValue { s.map { .string(LuaString($0)) } ?? .nil }
    static func list(_ items: [String]) -> LuaValue { .table(LuaTable(array: items.map { .string(LuaString($0)) })) }
    static func id(_ i: Int64?) -> LuaValue { i.map { .integer($0) } ?? .nil }

    /// Pushes a contact as a row table.
    func pushContactRow(_ c: Contact, on stack: LuaStack) {
        stack.pushRecord(fields: 18, metatable: rowMetatable("contact", state: stack.state)) { t in
            t.set("id", c.id)
            t.set("name", c.name)
            t.set("given_name", c.givenName)
            t.set("family_name", c.familyName)
            t.set("kind", c.kind.rawValue)
            t.set("category", c.category)
            t.set("market", c.market)
            t.set("company", c.company)
            t.set("job_title", c.jobTitle)
            t.set("emails", c.emails)
            t.set("email", c.emails.first)
            t.set("phones", c.phones)
            t.set("phone", c.phones.first)
            t.set("tags", c.tags)
            t.set("preferred_channel", c.preferredChannel?.rawValue)
            t.set("added_at", Self.epoch(c.addedAt))
            t.set("source", c.source)
            t.set("note", c.note)
        }
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

    /// Pushes a referral as a row table.
    func pushReferralRow(_ r: Referral, on stack: LuaStack) {
        stack.pushRecord(fields: 12, metatable: rowMetatable("referral", state: stack.state)) { t in
            t.set("id", r.id)
            t.set("direction", r.direction.rawValue)
            t.set("partner_id", r.partnerId)
            t.set("prospect_id", r.prospectId)
            t.set("colleague_id", r.colleagueId)
            t.set("status", r.status.rawValue)
            t.set("arrived_at", Self.epoch(r.arrivedAt))
            t.set("first_response_at", Self.epoch(r.firstResponseAt))
            t.set("thanked_at", Self.epoch(r.thankedAt))
            t.set("outcome", r.outcome)
            t.set("value", r.value)
            t.set("note", r.note)
        }
    }

    /// Pushes a touch as a row table.
    func pushTouchRow(_ x: Touch, on stack: LuaStack) {
        stack.pushRecord(fields: 6, metatable: rowMetatable("touch", state: stack.state)) { t in
            t.set("id", x.id)
            t.set("contact_id", x.contactId)
            t.set("channel", x.channel.rawValue)
            t.set("purpose", x.purpose.rawValue)
            t.set("note", x.note)
            t.set("at", Self.epoch(x.at))
        }
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

    /// The relations a row kind can load: field name → (id field, loader that pushes the row).
    private func relations(_ kind: String) -> [String: (idField: String, load: (Int64, LuaStack) throws -> Void)] {
        let contact: (Int64, LuaStack) throws -> Void = { id, stack in
            self.pushContactRow(try self.readable("contacts").contact(id: id), on: stack)
        }
        let partner: (Int64, LuaStack) throws -> Void = { id, stack in
            stack.push(self.partnerRow(try self.readable("partners").partner(id: id), state: stack.state))
        }
        switch kind {
        case "contact":
            return ["partner": ("id", { id, stack in
                guard let p = try self.readable("partners").partner(contactId: id), let pid = p.id else { return stack.push(.nil) }
                try partner(pid, stack)
            })]
        case "partner": return ["contact": ("contact_id", contact)]
        case "referral":
            return [
                "partner": ("partner_id", partner), "prospect": ("prospect_id", contact), "colleague": ("colleague_id", contact),
                "status_changed_at": ("id", { id, stack in
                    stack.push(try self.readable("referrals").statusChangedAt(referralId: id).map(Self.seconds) ?? .nil)
                }),
            ]
        case "touch": return ["contact": ("contact_id", contact)]
        case "gift_log": return ["gift": ("gift_id", { id, stack in stack.push(self.giftRow(try self.readable("gifts").gift(id: id))) }), "partner": ("partner_id", partner)]
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
            try relation.load(Int64(id), frame.stack)
            frame.stack.copyTop(toField: key, ofTableAt: 1)
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
