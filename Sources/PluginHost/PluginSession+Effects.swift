import Foundation
import LuaRuntime
import Model
import Outreach
import Store

/// The `ctx` functions that ask for writes. Each checks its arguments where the
/// plugin calls it (so the error points at that line) and records an effect.
extension PluginSession {
    func table(_ frame: LuaCallFrame, _ fields: [String], function: String) throws -> LuaTable {
        let t = try frame.checkTable(1)
        for key in t.stringKeys where !fields.contains(key) {
            throw PluginRuleError(description: "\(function): unknown field '\(key)' (known: \(fields.joined(separator: ", ")))")
        }
        return t
    }

    func required(_ t: LuaTable, _ key: String, function: String) throws -> String {
        guard let v = t.string(key), !v.isEmpty else {
            throw PluginRuleError(description: "\(function): field '\(key)' is required (a string)")
        }
        return v
    }

    func logTouch(_ frame: LuaCallFrame) throws -> Int32 {
        let fn = "ctx.touches.log"
        let t = try table(frame, ["contact", "channel", "purpose", "note", "at", "key"], function: fn)
        guard let contact = t["contact"].rowId else { throw PluginRuleError(description: "\(fn): field 'contact' must be a contact (or its id)") }
        let channel = try required(t, "channel", function: fn)
        guard Channel(rawValue: channel) != nil else {
            throw PluginRuleError(description: "\(fn): unknown channel '\(channel)' (known: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let purpose = t.string("purpose") ?? "relationship"
        guard TouchPurpose(rawValue: purpose) != nil else { throw PluginRuleError(description: "\(fn): purpose must be 'service' or 'relationship' (got '\(purpose)')") }
        var e = PluginEffect(kind: .touch, plugin: plugin)
        e.contactId = contact
        e.channel = channel
        e.purpose = purpose
        e.note = t.string("note")
        e.at = t["at"].date
        e.key = t.string("key").map { key($0) }
        try ask(e, action: "log touches")
        return 0
    }

    func addTask(_ frame: LuaCallFrame) throws -> Int32 {
        let fn = "ctx.tasks.add"
        let t = try table(frame, ["title", "due", "contact", "referral", "note", "key"], function: fn)
        let title = try required(t, "title", function: fn)
        var e = PluginEffect(kind: .task, plugin: plugin)
        e.title = title
        e.due = t["due"].date
        e.contactId = t["contact"].rowId
        e.referralId = t["referral"].rowId
        e.note = t.string("note")
        e.key = key(t.string("key"), "task", title, e.contactId.map { "contact:\($0)" } ?? "-", e.referralId.map { "referral:\($0)" } ?? "-")
        try ask(e, action: "add tasks")
        return 0
    }

    func raiseAlert(_ frame: LuaCallFrame) throws -> Int32 {
        let fn = "ctx.alerts.raise"
        let t = try table(frame, ["code", "message", "severity", "subject", "key"], function: fn)
        let code = try required(t, "code", function: fn)
        let message = try required(t, "message", function: fn)
        let severity = t.string("severity") ?? "warning"
        guard ["info", "warning", "critical"].contains(severity) else {
            throw PluginRuleError(description: "\(fn): severity must be info, warning or critical (got '\(severity)')")
        }
        var e = PluginEffect(kind: .alert, plugin: plugin)
        e.code = code
        e.text = message
        e.severity = severity
        e.title = t.string("subject")
        // One open alert per code and subject per day: a check run hourly does not pile them up.
        let day = ISO8601DateFormatter.string(from: now, timeZone: settings.profile.timeZone, formatOptions: [.withFullDate])
        e.key = key(t.string("key"), "alert", code, t.string("subject") ?? "-", day)
        try ask(e, action: "raise alerts")
        return 0
    }

    func setStatus(_ frame: LuaCallFrame) throws -> Int32 {
        guard let id = frame.argument(1).rowId else { throw LuaArgumentError(index: 1, "referral or referral id expected, got \(frame.typeName(1))") }
        let text = try frame.checkString(2)
        guard let status = ReferralStatus(text: text) else {
            throw LuaArgumentError(index: 2, "unknown status '\(text)' (known: \(ReferralStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        // The third argument: a note, or { note = ..., colleague = contact } (for passed_on).
        var note: String?
        var colleague: Int64?
        switch frame.argument(3) {
        case .table(let options):
            for key in options.stringKeys where !["note", "colleague"].contains(key) {
                throw LuaArgumentError(index: 3, "unknown field '\(key)' (known: note, colleague)")
            }
            note = options.string("note")
            if options["colleague"] != .nil {
                guard let id = options["colleague"].rowId else { throw LuaArgumentError(index: 3, "'colleague' must be a contact (or its id)") }
                colleague = id
            }
        case .nil:
            break
        case let other:
            guard let text = other.stringValue else { throw LuaArgumentError(index: 3, "a note (string) or { note = ..., colleague = ... } expected") }
            note = text
        }
        if let store {
            let current = try store.referral(id: id)
            let pendingStatus = effects.last(where: { $0.kind == .referralStatus && $0.referralId == id })?.status.flatMap(ReferralStatus.init(text:))
            let from = pendingStatus ?? current.status
            guard from.legalNext.contains(status) else {
                let next = from.legalNext.map(\.rawValue).joined(separator: ", ")
                throw PluginRuleError(description: "referral \(id) is \(from.rawValue) and cannot move to \(status.rawValue)" + (next.isEmpty ? " (it is closed)" : " (it can move to: \(next))"))
            }
            if status == .passedOn, colleague == nil, current.colleagueId == nil {
                throw PluginRuleError(description: "referral \(id) cannot be passed on without the colleague who takes it: set_status(r, \"passed_on\", { colleague = contact })")
            }
            if let colleague { _ = try store.contact(id: colleague) }
        }
        var e = PluginEffect(kind: .referralStatus, plugin: plugin)
        e.referralId = id
        e.status = status.rawValue
        e.note = note
        e.contactId = colleague
        try ask(e, action: "change referral statuses")
        return 0
    }

    /// `ctx.referrals.mark_thanked(referral [, at])`: the partner was thanked (the first
    /// thanks counts; a referral thanked before keeps its date).
    func markThanked(_ frame: LuaCallFrame) throws -> Int32 {
        guard let id = frame.argument(1).rowId else { throw LuaArgumentError(index: 1, "referral or referral id expected, got \(frame.typeName(1))") }
        let at = frame.argument(2)
        if at != .nil, at.date == nil { throw LuaArgumentError(index: 2, "a time (seconds, as ctx.now) expected, got \(frame.typeName(2))") }
        if let store {
            let referral = try store.referral(id: id)
            guard referral.direction == .inbound else {
                throw PluginRuleError(description: "referral \(id) was sent, not received: only a partner who referred someone is thanked")
            }
        }
        var e = PluginEffect(kind: .referralThanked, plugin: plugin)
        e.referralId = id
        e.at = at.date
        e.key = key(nil, "thanked", "referral:\(id)")
        try ask(e, action: "mark referrals thanked")
        return 0
    }

    /// `ctx.events.invite(event, contact)`: puts a contact on an appreciation event's guest list.
    func invite(_ frame: LuaCallFrame) throws -> Int32 {
        guard let event = frame.argument(1).rowId else { throw LuaArgumentError(index: 1, "event or event id expected, got \(frame.typeName(1))") }
        guard let contact = frame.argument(2).rowId else { throw LuaArgumentError(index: 2, "contact, partner or id expected, got \(frame.typeName(2))") }
        if let store {
            _ = try store.appreciationEvent(id: event)
            _ = try store.contact(id: contact)
        }
        var e = PluginEffect(kind: .eventInvite, plugin: plugin)
        e.eventId = event
        e.contactId = contact
        e.key = key(nil, "invite", "event:\(event)", "contact:\(contact)")
        try ask(e, action: "invite people to events")
        return 0
    }

    func recordGift(_ frame: LuaCallFrame) throws -> Int32 {
        let fn = "ctx.gifts.record"
        let t = try table(frame, ["partner", "gift", "referral", "note", "key"], function: fn)
        guard let partner = t["partner"].rowId else { throw PluginRuleError(description: "\(fn): field 'partner' must be a partner (or its id)") }
        guard let gift = t["gift"].rowId else { throw PluginRuleError(description: "\(fn): field 'gift' must be a gift (or its id)") }
        var e = PluginEffect(kind: .gift, plugin: plugin)
        e.partnerId = partner
        e.giftId = gift
        e.referralId = t["referral"].rowId
        e.note = t.string("note")
        e.key = key(t.string("key"), "gift", "partner:\(partner)", e.referralId.map { "referral:\($0)" } ?? "gift:\(gift)")
        try ask(e, action: "record gifts")
        return 0
    }
}

extension ISO8601DateFormatter {
    static func string(from date: Date, timeZone: TimeZone, formatOptions: Options) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = timeZone
        f.formatOptions = formatOptions
        return f.string(from: date)
    }
}
