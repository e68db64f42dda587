import Foundation
import LuaRuntime
import Model
import Outreach
import Store

/// `ctx.outreach.draft` and `ctx.gifts.choose`.
extension PluginSession {
    /// Renders a template for a recipient now (a missing variable is an error at this
    /// line, not an empty hole in a letter) and records the drafted message.
    func draft(_ frame: LuaCallFrame) throws -> Int32 {
        let fn = "ctx.outreach.draft"
        let t = try table(frame, ["to", "template", "data", "purpose", "key"], function: fn)
        let template = try required(t, "template", function: fn)
        guard let recipientId = t["to"].rowId, case .table(let recipient) = t["to"] else {
            throw PluginRuleError(description: "\(fn): field 'to' must be a contact or partner row (from ctx.contacts or ctx.partners)")
        }
        let contactId = recipient["contact_id"].rowId ?? recipientId
        let name = recipient.string("name") ?? ""
        guard let email = recipient.string("email"), !email.isEmpty else {
            throw PluginRuleError(description: "\(fn): \(name.isEmpty ? "the recipient" : "'\(name)'") has no email address; add one with `refer contact edit \(contactId) --email ADDRESS`")
        }
        let profile = settings.profile
        guard !profile.email.isEmpty else {
            throw PluginRuleError(description: "\(fn): set [practice] email in refer.toml; it is the From address of drafted messages")
        }
        var data: [String: TemplateValue] = [:]
        if case .table(let extra) = t["data"] {
            for (k, v) in extra.fields {
                if let key = k.stringValue { data[key] = Self.templateValue(v) }
            }
        } else if !t["data"].isNil {
            throw PluginRuleError(description: "\(fn): field 'data' must be a table")
        }
        data["practice"] = Self.templateValue(profileTable())
        data["recipient"] = Self.templateValue(.table(recipient))
        // The practice's templates/ overrides the plugin's own.
        let renderer = TemplateRenderer(folders: settings.templateFolders + [location.directory.appendingPathComponent("templates")])
        let rendered = try renderer.render(template, data: data)
        let from = MailAddress(profile.email, name: profile.owner.isEmpty ? profile.name : profile.owner)
        var message = try MailMessage(from: from, to: [MailAddress(email, name: name.isEmpty ? nil : name)],
                                      rendered: rendered, template: template, timeZone: profile.timezone)
        let purpose = t.string("purpose") ?? template
        let idempotency = IdempotencyKey(plugin: plugin, subject: "contact:\(contactId)", purpose: t.string("key") ?? purpose)
        message.idempotencyKey = idempotency.description
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var e = PluginEffect(kind: .message, plugin: plugin)
        e.contactId = contactId
        e.to = email
        e.text = message.subject
        e.body = message.text
        e.purpose = purpose
        e.key = idempotency.description
        e.payload = String(decoding: try encoder.encode(message), as: UTF8.self)
        e.initialState = settings.draftsNeedApproval ? "draft" : "approved"
        try ask(e, action: "draft messages")
        return 0
    }

    /// Lua values as Mustache data.
    static func templateValue(_ v: LuaValue) -> TemplateValue {
        switch v {
        case .string(let s): return .string(s.description)
        case .integer(let i): return .number(Double(i))
        case .number(let d): return .number(d)
        case .boolean(let b): return .bool(b)
        case .table(let t):
            // An empty table is an empty list: `{{#items}}` must render nothing.
            if t.fields.isEmpty { return .list(t.array.map(templateValue)) }
            var dict: [String: TemplateValue] = [:]
            for (k, x) in t.fields { if let key = k.stringValue { dict[key] = templateValue(x) } }
            return .dict(dict)
        default: return .string("")
        }
    }

    /// `ctx.gifts.choose(partner)`: asks the practice's gift selector plugin.
    func chooseGift(_ frame: LuaCallFrame) throws -> Int32 {
        guard let partnerId = frame.argument(1).rowId else {
            throw LuaArgumentError(index: 1, "partner or partner id expected, got \(frame.typeName(1))")
        }
        let store = try readable("gifts")
        guard let chooser = giftChooser else {
            throw PluginRuleError(description: "ctx.gifts.choose: no gift selector is configured (set [plugins] gift_selector in refer.toml)")
        }
        let catalogue = try store.gifts()
        // The gifts this run has already asked to record for the partner count as given:
        // a second choice in the same run must not pick one of them again.
        let asked = effects.filter { $0.kind == .gift && $0.partnerId == partnerId }.compactMap { e in
            e.giftId.map { GiftLogEntry(giftId: $0, partnerId: partnerId, referralId: e.referralId, givenAt: e.at ?? now, note: e.note) }
        }
        let log = try store.giftLog(partnerId: partnerId) + asked
        guard let giftId = try chooser(partnerId, catalogue, log) else {
            frame.push(.nil)
            return 1
        }
        guard let gift = catalogue.first(where: { $0.id == giftId }) else {
            throw PluginRuleError(description: "the gift selector chose gift \(giftId), which is not in the catalogue")
        }
        frame.push(giftRow(gift))
        return 1
    }
}
