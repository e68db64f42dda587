/// The one description of the Lua API plugins see. `refer.d.lua` (lua-language-server
/// `---@meta` definitions) and docs/plugin-api.md are generated from it by
/// `refer plugin api`, and a test fails when the committed copies are stale.
public enum PluginAPI {
    /// A row type plugins read (a plain table).
    public struct RowType: Sendable {
        public var name: String
        public var doc: String
        public var fields: [(name: String, type: String, doc: String)]
    }

    /// A function plugins call.
    public struct Function: Sendable {
        public var path: String
        public var params: [(name: String, type: String, doc: String)]
        public var returns: String?
        public var doc: String
        /// The permission it needs, if any.
        public var permission: String?
    }

    static let collectionDoc = "Iterate with `for row in ctx.X{filter} do`; `.list{filter}` returns an array, `.count{filter}` a number, `.get(id)` one row or nil."

    public static let rows: [RowType] = [
        RowType(name: "Contact", doc: "Anyone in the practice's network.", fields: [
            ("id", "integer", ""), ("name", "string", "Display name"), ("given_name", "string?", ""), ("family_name", "string?", ""),
            ("kind", "string", "prospect, client, former-client, professional or friend"), ("category", "string?", "Profession or client category"),
            ("market", "string?", ""), ("company", "string?", ""), ("job_title", "string?", ""), ("emails", "string[]", ""),
            ("email", "string?", "The first email"), ("phones", "string[]", ""), ("phone", "string?", "The first phone"),
            ("tags", "string[]", ""), ("preferred_channel", "string?", ""), ("added_at", "integer", "When it entered the network (Unix seconds)"),
            ("source", "string?", ""), ("note", "string?", ""), ("partner", "Partner?", "Loaded on first access"),
        ]),
        RowType(name: "Partner", doc: "A contact cultivated as a referral source.", fields: [
            ("id", "integer", ""), ("contact_id", "integer", ""), ("name", "string", ""), ("email", "string?", ""), ("phone", "string?", ""),
            ("kind", "string", "The contact's kind"), ("category", "string?", "Profession"), ("company", "string?", ""),
            ("tier", "string", "A, B or C"), ("benefit", "string?", "What is in it for them"), ("actions_wanted", "string[]", ""),
            ("relationship_start", "integer", ""), ("plan", "string?", "The plan plugin assigned"), ("note", "string?", ""),
            ("referrals_received", "integer", "Referrals this partner sent"), ("referrals_given", "integer", "Referrals sent to this partner"),
            ("contact", "Contact", "Loaded on first access"),
        ]),
        RowType(name: "Referral", doc: "A prospect sent by a partner (inbound) or a client sent on (outbound).", fields: [
            ("id", "integer", ""), ("direction", "string", "inbound or outbound"), ("partner_id", "integer?", ""), ("prospect_id", "integer", ""),
            ("colleague_id", "integer?", ""), ("status", "string", "received, contacted, meeting, won, lost or passed-on"),
            ("arrived_at", "integer", ""), ("first_response_at", "integer?", ""), ("thanked_at", "integer?", ""),
            ("outcome", "string?", ""), ("value", "number?", ""), ("note", "string?", ""),
            ("partner", "Partner?", "Loaded on first access"), ("prospect", "Contact", "Loaded on first access"), ("colleague", "Contact?", "Loaded on first access"),
            ("status_changed_at", "integer", "When it took its current status (its arrival if it never moved); loaded on first access"),
        ]),
        RowType(name: "Touch", doc: "A logged contact moment.", fields: [
            ("id", "integer", ""), ("contact_id", "integer", ""), ("channel", "string", "phone, email, meeting, text, letter, video, event, note or social"),
            ("purpose", "string", "service or relationship"), ("note", "string?", ""), ("at", "integer", ""), ("contact", "Contact", "Loaded on first access"),
        ]),
        RowType(name: "Gift", doc: "A gift catalogue entry.", fields: [
            ("id", "integer", ""), ("name", "string", ""), ("cost", "number", ""), ("category", "string?", ""), ("sold_by_practice", "boolean", ""),
        ]),
        RowType(name: "GiftLogEntry", doc: "A gift given to a partner.", fields: [
            ("id", "integer", ""), ("gift_id", "integer", ""), ("partner_id", "integer", ""), ("referral_id", "integer?", ""),
            ("given_at", "integer", ""), ("note", "string?", ""), ("gift", "Gift", "Loaded on first access"),
        ]),
        RowType(name: "Activity", doc: "A visibility action.", fields: [
            ("id", "integer", ""), ("kind", "string", "talk, article, meeting or community"), ("title", "string", ""), ("at", "integer", ""),
            ("audience", "string?", ""), ("note", "string?", ""),
        ]),
        RowType(name: "AppreciationEvent", doc: "A client-appreciation event.", fields: [
            ("id", "integer", ""), ("name", "string", ""), ("at", "integer", ""), ("venue", "string?", ""), ("cost", "number?", ""),
            ("follow_up", "string?", ""), ("invited", "integer[]", "Contact ids"), ("attended", "integer[]", "Contact ids"),
        ]),
        RowType(name: "Task", doc: "A follow-up task.", fields: [
            ("id", "integer", ""), ("title", "string", ""), ("due_at", "integer?", ""), ("contact_id", "integer?", ""), ("referral_id", "integer?", ""),
            ("done_at", "integer?", ""), ("note", "string?", ""), ("origin", "string", "cli or the plugin that added it"),
        ]),
        RowType(name: "Alert", doc: "An open alert raised by a check.", fields: [
            ("id", "integer", ""), ("plugin", "string", ""), ("code", "string", ""), ("severity", "string", "info, warning or critical"),
            ("message", "string", ""), ("subject", "string?", ""), ("raised_at", "integer", ""),
        ]),
    ]

    /// Collections: ctx.NAME with their filters, row type and read permission.
    public static let collections: [(name: String, row: String, filters: String)] = [
        ("contacts", "Contact", "kind, tag, category, since"),
        ("partners", "Partner", "tier, category"),
        ("referrals", "Referral", "status, partner, direction, since, before (or [\"until\"])"),
        ("touches", "Touch", "contact, purpose, since"),
        ("gifts", "Gift", "category"),
        ("activities", "Activity", "kind, since"),
        ("events", "AppreciationEvent", "since"),
        ("tasks", "Task", "include_done, due_before, contact"),
        ("alerts", "Alert", "(none)"),
    ]

    public static let functions: [Function] = [
        Function(path: "refer.plugin", params: [("definition", "PluginDefinition", "name, description, run, and optional on, every, permissions, kind, choose, applies_to, steps, cadence, benefits, asks")], returns: "PluginDefinition", doc: "Declares the plugin; plugin.lua returns its result.", permission: nil),
        Function(path: "refer.minutes", params: [("n", "number", "")], returns: "integer", doc: "n minutes in seconds.", permission: nil),
        Function(path: "refer.hours", params: [("n", "number", "")], returns: "integer", doc: "n hours in seconds.", permission: nil),
        Function(path: "refer.days", params: [("n", "number", "")], returns: "integer", doc: "n days in seconds.", permission: nil),
        Function(path: "refer.weeks", params: [("n", "number", "")], returns: "integer", doc: "n weeks in seconds.", permission: nil),
        Function(path: "refer.date", params: [("t", "integer", "Unix seconds")], returns: "{year: integer, month: integer, day: integer, hour: integer, min: integer, sec: integer, wday: integer, yday: integer}", doc: "The calendar fields of t in the practice's time zone (wday 1 = Sunday).", permission: nil),
        Function(path: "refer.time", params: [("fields", "{year: integer, month: integer, day: integer, hour?: integer, min?: integer, sec?: integer}", "")], returns: "integer", doc: "Unix seconds of a wall-clock time in the practice's time zone.", permission: nil),
        Function(path: "refer.start_of_day", params: [("t", "integer", "")], returns: "integer", doc: "Midnight of t's day in the practice's time zone.", permission: nil),
        Function(path: "refer.start_of_month", params: [("t", "integer", "")], returns: "integer", doc: "The first instant of t's month in the practice's time zone.", permission: nil),
        Function(path: "refer.add_months", params: [("t", "integer", ""), ("n", "integer", "")], returns: "integer", doc: "t moved by n calendar months.", permission: nil),
        Function(path: "refer.month", params: [("t", "integer", "")], returns: "string", doc: "\"YYYY-MM\" of t in the practice's time zone.", permission: nil),
        Function(path: "refer.format", params: [("t", "integer", ""), ("pattern", "string?", "%Y %m %d %H %M %S %A %a %B %b %j (default \"%Y-%m-%d %H:%M\")")], returns: "string", doc: "t formatted in the practice's time zone.", permission: nil),
        Function(path: "refer.days_between", params: [("a", "integer", ""), ("b", "integer", "")], returns: "integer", doc: "Calendar days from a to b in the practice's time zone.", permission: nil),
        Function(path: "refer.log", params: [("...", "any", "")], returns: nil, doc: "Prints a line prefixed with the plugin's name.", permission: nil),
        Function(path: "refer.plan.define", params: [("plan", "{name: string, description: string, every?: string, applies_to: table, steps: string[], benefits: string[], asks: string[], cadence_days?: integer, meeting?: string, due_in_days?: integer}", "")], returns: "PluginDefinition", doc: "From `require \"refer.plan\"`: a referral-plan plugin whose run adds a meeting task, with the next ask, for each partner it applies to with no relationship touch within cadence_days.", permission: "tasks"),
        Function(path: "ctx.tasks.add", params: [("task", "{title: string, due?: integer, contact?: Contact|integer, referral?: Referral|integer, note?: string, key?: string}", "")], returns: nil, doc: "Asks for a follow-up task (once per plugin, title, contact and referral unless key says otherwise).", permission: "tasks"),
        Function(path: "ctx.touches.log", params: [("touch", "{contact: Contact|integer, channel: string, purpose?: string, note?: string, at?: integer, key?: string}", "")], returns: nil, doc: "Asks to log a touch.", permission: "touches"),
        Function(path: "ctx.outreach.draft", params: [("message", "{to: Contact|Partner, template: string, data?: table, purpose?: string, key?: string}", "")], returns: nil, doc: "Renders templates/TEMPLATE.txt.mustache (first line `Subject: ...`) for the recipient and drafts the message into the outbox, once per plugin, recipient and purpose.", permission: "outreach"),
        Function(path: "ctx.gifts.record", params: [("gift", "{partner: Partner|integer, gift: Gift|integer, referral?: Referral|integer, note?: string, key?: string}", "")], returns: nil, doc: "Asks to record a gift given to a partner.", permission: "gifts"),
        Function(path: "ctx.gifts.choose", params: [("partner", "Partner|integer", "")], returns: "Gift?", doc: "Asks the practice's gift selector ([plugins] gift_selector) for the next gift for the partner. The log it sees holds the gifts this run has already asked to record for the partner, after those in the store.", permission: "read:gifts"),
        Function(path: "ctx.gifts.log", params: [("partner", "Partner|integer?", "")], returns: "GiftLogEntry[]", doc: "Gifts given (to one partner, or to all).", permission: "read:gifts"),
        Function(path: "ctx.referrals.set_status", params: [("referral", "Referral|integer", ""), ("status", "string", ""), ("note", "string|{note?: string, colleague?: Contact|integer}?", "a note, or a note and the colleague a passed_on referral goes to")], returns: nil, doc: "Asks to move a referral to a new status; an illegal move, or passed_on without a colleague, is an error at this line.", permission: "referrals"),
        Function(path: "ctx.referrals.mark_thanked", params: [("referral", "Referral|integer", "a received referral"), ("at", "integer?", "when (default: when the effects are applied)")], returns: nil, doc: "Asks to record that the partner was thanked for the referral; the first thanks counts, later ones change nothing.", permission: "referrals"),
        Function(path: "ctx.events.invite", params: [("event", "AppreciationEvent|integer", ""), ("contact", "Contact|Partner|integer", "")], returns: nil, doc: "Asks to put a contact on an appreciation event's guest list (once; records `event.invited`).", permission: "events"),
        Function(path: "ctx.partners.set_tier", params: [("partner", "Partner|integer", ""), ("tier", "string", "A, B or C")], returns: nil, doc: "Asks to change a partner's tier.", permission: "partners"),
        Function(path: "ctx.report", params: [("options", "{since?: integer, before?: integer, until?: integer}?", "The period (default: the last twelve calendar months up to now); `before` and `[\"until\"]` (until is a Lua keyword) are the same bound")], returns: "table", doc: "The figures of `refer report` (the same as `refer report --json`, keys in lower_snake case, dates in Unix seconds), read-only.", permission: "read:reports"),
        Function(path: "ctx.alerts.raise", params: [("alert", "{code: string, message: string, severity?: string, subject?: string, key?: string}", "")], returns: nil, doc: "Asks to raise an alert (once a day per plugin, code and subject).", permission: "alerts"),
    ]
}
