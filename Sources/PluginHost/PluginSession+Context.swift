import Foundation
import LuaRuntime
import Model
import Store

/// The `ctx` a plugin's `run(ctx, event)` receives.
extension PluginSession {
    func context(state: LuaState, event: LuaValue) -> LuaValue {
        var ctx = LuaTable()
        ctx["now"] = Self.seconds(now)
        ctx["plugin"] = .string(LuaString(plugin))
        ctx["practice"] = profileTable()
        ctx["event"] = event
        ctx["contacts"] = collection(
            "contacts", state: state, filters: ["kind", "tag", "category", "since"],
            fetch: { f in
                let filter = try Self.contactFilter(f)
                let store = try self.readable("contacts")
                return RowPager(id: { $0.id ?? 0 }) { after, limit in try store.contacts(filter, afterId: after, limit: limit) }
            },
            row: { c, s in self.pushContactRow(c, on: s) },
            get: { id in try self.readable("contacts").contact(id: id) },
            count: { f in try self.readable("contacts").countContacts(try Self.contactFilter(f)) })
        ctx["partners"] = collection(
            "partners", state: state, filters: ["tier", "category"],
            fetch: { f in
                var tier: PartnerTier?
                if let t = f.string("tier") {
                    guard let parsed = PartnerTier(text: t) else { throw PluginRuleError(description: "unknown tier '\(t)' (known: A, B, C)") }
                    tier = parsed
                }
                return RowPager(all: try self.readable("partners").partners(tier: tier, category: f.string("category")))
            },
            row: { p, s in s.push(self.partnerRow(p, state: s.state)) },
            get: { id in try self.readable("partners").partner(id: id) },
            extra: ["set_tier": .function(LuaHostFunction("set_tier") { frame in
                guard let id = frame.argument(1).rowId else { throw LuaArgumentError(index: 1, "partner or partner id expected, got \(frame.typeName(1))") }
                let tierText = try frame.checkString(2)
                guard PartnerTier(text: tierText) != nil else { throw LuaArgumentError(index: 2, "tier must be A, B or C (got '\(tierText)')") }
                var e = PluginEffect(kind: .partnerTier, plugin: self.plugin)
                e.partnerId = id
                e.tier = PartnerTier(text: tierText)?.rawValue
                try self.ask(e, action: "change a partner's tier")
                return 0
            })])
        ctx["referrals"] = collection(
            "referrals", state: state, filters: ["status", "partner", "direction", "since", "until", "before"],
            fetch: { f in
                let (filter, until) = try self.referralFilter(f)
                let store = try self.readable("referrals")
                return RowPager(id: { $0.id ?? 0 }) { after, limit in try store.referrals(filter, until: until, afterId: after, limit: limit) }
            },
            row: { r, s in self.pushReferralRow(r, on: s) },
            get: { id in try self.readable("referrals").referral(id: id) },
            extra: [
                "set_status": .function(LuaHostFunction("set_status") { frame in try self.setStatus(frame) }),
                "mark_thanked": .function(LuaHostFunction("mark_thanked") { frame in try self.markThanked(frame) }),
            ],
            pages: { f in
                let (filter, until) = try self.referralFilter(f)
                return ReferralRowPages(session: self, store: try self.readable("referrals"), filter: filter, until: until)
            },
            count: { f in
                let (filter, until) = try self.referralFilter(f)
                return try self.readable("referrals").countReferrals(filter, until: until)
            })
        ctx["touches"] = collection(
            "touches", state: state, filters: ["contact", "purpose", "since"],
            fetch: { f in
                var purpose: TouchPurpose?
                if let p = f.string("purpose") {
                    guard let parsed = TouchPurpose(rawValue: p) else { throw PluginRuleError(description: "unknown touch purpose '\(p)' (known: service, relationship)") }
                    purpose = parsed
                }
                return RowPager(all: try self.readable("touches").touches(contactId: f["contact"].rowId, purpose: purpose, since: f["since"].date))
            },
            row: { t, s in self.pushTouchRow(t, on: s) },
            get: { id in try self.readable("touches").touch(id: id) },
            extra: ["log": .function(LuaHostFunction("log") { frame in try self.logTouch(frame) })])
        ctx["gifts"] = collection(
            "gifts", state: state, filters: ["category"],
            fetch: { f in RowPager(all: try self.readable("gifts").gifts(category: f.string("category"))) },
            row: { g, s in s.push(self.giftRow(g)) },
            get: { id in try self.readable("gifts").gift(id: id) },
            extra: [
                "log": .function(LuaHostFunction("log") { frame in
                    let partner = frame.argument(1).rowId
                    let entries = try self.readable("gifts").giftLog(partnerId: partner)
                    frame.push(.table(LuaTable(array: entries.map { self.giftLogRow($0, state: frame.state) })))
                    return 1
                }),
                "record": .function(LuaHostFunction("record") { frame in try self.recordGift(frame) }),
                "choose": .function(LuaHostFunction("choose") { frame in try self.chooseGift(frame) }),
            ])
        ctx["activities"] = collection(
            "activities", state: state, filters: ["kind", "since"],
            fetch: { f in
                var kind: ActivityKind?
                if let k = f.string("kind") {
                    guard let parsed = ActivityKind(rawValue: k) else { throw PluginRuleError(description: "unknown activity kind '\(k)' (known: \(ActivityKind.allCases.map(\.rawValue).joined(separator: ", ")))") }
                    kind = parsed
                }
                return RowPager(all: try self.readable("activities").activities(kind: kind, since: f["since"].date))
            },
            row: { a, s in s.push(self.activityRow(a)) },
            get: { id in try self.readable("activities").activity(id: id) })
        ctx["events"] = collection(
            "events", state: state, filters: ["since"],
            fetch: { f in RowPager(all: try self.readable("events").appreciationEvents(since: f["since"].date)) },
            row: { e, s in s.push(self.eventRow(e)) },
            get: { id in try self.readable("events").appreciationEvent(id: id) },
            extra: ["invite": .function(LuaHostFunction("invite") { frame in try self.invite(frame) })])
        ctx["tasks"] = collection(
            "tasks", state: state, filters: ["include_done", "due_before", "contact"],
            fetch: { f in
                RowPager(all: try self.readable("tasks").tasks(includeDone: f["include_done"].isTruthy, dueBefore: f["due_before"].date, contactId: f["contact"].rowId))
            },
            row: { t, s in s.push(self.taskRow(t)) },
            get: { id in try self.readable("tasks").task(id: id) },
            extra: ["add": .function(LuaHostFunction("add") { frame in try self.addTask(frame) })])
        ctx["alerts"] = collection(
            "alerts", state: state, filters: [],
            fetch: { _ in RowPager(all: try self.readable("alerts").openAlerts()) },
            row: { a, s in s.push(self.alertRow(a)) },
            get: nil,
            extra: ["raise": .function(LuaHostFunction("raise") { frame in try self.raiseAlert(frame) })])
        var outreach = LuaTable()
        outreach["draft"] = .function(LuaHostFunction("draft") { frame in try self.draft(frame) })
        ctx["outreach"] = .table(outreach)
        ctx["report"] = .function(LuaHostFunction("report") { frame in try self.report(frame) })
        return .table(ctx)
    }

    /// The referral filter of `ctx.referrals{...}`, and its end: `before`, or `until`
    /// (a Lua keyword, so written `["until"] = t`), not both.
    func referralFilter(_ f: LuaTable) throws -> (ReferralFilter, until: Date?) {
        var filter = ReferralFilter()
        if let s = f.string("status") {
            guard let status = ReferralStatus(text: s) else { throw PluginRuleError(description: "unknown referral status '\(s)' (known: \(ReferralStatus.allCases.map(\.rawValue).joined(separator: ", ")))") }
            filter.status = status
        }
        filter.partnerId = f["partner"].rowId
        if let d = f.string("direction") { filter.direction = ReferralDirection(rawValue: d) }
        filter.since = f["since"].date
        return (filter, try Self.end(f, of: "ctx.referrals"))
    }

    /// The contact filter of `ctx.contacts{…}`, `.list{…}` and `.count{…}`.
    static func contactFilter(_ f: LuaTable) throws -> ContactFilter {
        var filter = ContactFilter()
        if let k = f.string("kind") {
            guard let kind = ContactKind(rawValue: k) else { throw PluginRuleError(description: "unknown contact kind '\(k)' (known: \(ContactKind.allCases.map(\.rawValue).joined(separator: ", ")))") }
            filter.kind = kind
        }
        filter.tag = f.string("tag")
        filter.category = f.string("category")
        filter.since = f["since"].date
        return filter
    }

    /// The `before` (or its other name `until`) of a filter or options table.
    static func end(_ f: LuaTable, of name: String) throws -> Date? {
        let before = f["before"], until = f["until"]
        if !before.isNil && !until.isNil {
            throw PluginRuleError(description: "\(name) takes before or [\"until\"], not both (they are the same bound)")
        }
        return before.isNil ? until.date : before.date
    }

    func profileTable() -> LuaValue {
        let p = settings.profile
        var t = LuaTable()
        t["name"] = Self.text(p.name)
        t["timezone"] = Self.text(p.timezone)
        t["ideal_prospect"] = Self.text(p.idealProspect)
        t["problems_solved"] = Self.list(p.problemsSolved)
        t["process_steps"] = Self.list(p.processSteps)
        t["owner"] = Self.text(p.owner)
        t["email"] = Self.text(p.email)
        t["phone"] = Self.text(p.phone)
        t["website"] = Self.text(p.website)
        t["currency"] = Self.text(p.currency)
        return .table(t)
    }

    /// A readable collection: `ctx.X{filter}` iterates, `ctx.X.list{filter}` returns an
    /// array, `ctx.X.count{filter}` counts, `ctx.X.get(id)` fetches one row. Filters
    /// become SQL conditions in the store; rows become Lua tables a page at a time, as the
    /// plugin reaches them. `pages`, when given, reads the pages of walks and lists in
    /// place of `fetch` and `row` (which still serve `count` and `get`).
    func collection<T>(
        _ area: String, state: LuaState, filters: [String],
        fetch: @escaping (LuaTable) throws -> RowPager<T>,
        row: @escaping (T, LuaStack) -> Void,
        get: ((Int64) throws -> T)?,
        extra: [String: LuaValue] = [:],
        pages: ((LuaTable) throws -> RowPages)? = nil,
        count: ((LuaTable) throws -> Int)? = nil
    ) -> LuaValue {
        let pages: (LuaTable) throws -> RowPages = pages ?? { f in SwiftRowPages(try fetch(f), row: row) }
        let name = "ctx.\(area)"
        let readFilter: (LuaCallFrame, Int32) throws -> LuaTable = { frame, index in
            let value = frame.argument(index)
            guard case .table(let t) = value else {
                if value.isNil { return LuaTable() }
                throw LuaArgumentError(index: index, "filter table expected, got \(value.typeName)")
            }
            for key in t.stringKeys where !filters.contains(key) {
                throw PluginRuleError(description: "unknown filter '\(key)' for \(name) (known: \(filters.isEmpty ? "none" : filters.joined(separator: ", ")))")
            }
            return t
        }
        var table = LuaTable()
        table["list"] = .function(LuaHostFunction("list") { frame in
            let rows = try pages(try readFilter(frame, 1))
            let stack = frame.stack
            let list = stack.pushSequence()
            var n = 0
            while case let added = try rows.fill(stack, table: list, after: n), added > 0 { n += added }
            return 1
        })
        table["count"] = .function(LuaHostFunction("count") { frame in
            let filter = try readFilter(frame, 1)
            if let count {
                frame.push(.integer(Int64(try count(filter))))
                return 1
            }
            let pager = try fetch(filter)
            var n = 0
            while case let page = try pager.next(), !page.isEmpty { n += page.count }
            frame.push(.integer(Int64(n)))
            return 1
        })
        if let get {
            table["get"] = .function(LuaHostFunction("get") { frame in
                guard let id = frame.argument(1).rowId else { throw LuaArgumentError(index: 1, "id expected, got \(frame.typeName(1))") }
                do {
                    row(try get(id), frame.stack)
                } catch let error as StoreError {
                    if case .notFound = error { frame.push(.nil) } else { throw error }
                }
                return 1
            })
        }
        for (k, v) in extra { table[k] = v }
        var meta = LuaTable()
        meta["__call"] = .function(LuaHostFunction(area) { frame in
            let rows = try pages(try readFilter(frame, 2))
            // The iterator hands out a page table's rows in C and calls this to refill it.
            frame.stack.pushPageIterator(fill: LuaHostFunction("next") { next in
                next.push(.integer(Int64(try rows.fill(next.stack, table: 1, after: 0))))
                return 1
            })
            return 1
        })
        state.push(.table(meta))
        table.metatable = state.reference(at: -1)
        state.pop()
        return .table(table)
    }
}

/// Hands out a query's rows a page at a time (keyset paging on the row id), or all at
/// once for small tables. Each page is one bounded query, so a plugin walking 100,000
/// rows returns to Lua, and to its deadline, between pages.
final class RowPager<T> {
    static var pageSize: Int { 512 }
    private let page: (Int64, Int) throws -> [T]
    private let id: (T) -> Int64
    private var after: Int64 = 0
    private var done = false

    init(id: @escaping (T) -> Int64, page: @escaping (Int64, Int) throws -> [T]) {
        self.id = id
        self.page = page
    }

    /// All rows in one page.
    init(all rows: [T]) {
        var handed = false
        self.id = { _ in 0 }
        self.page = { _, _ in
            defer { handed = true }
            return handed ? [] : rows
        }
    }

    /// The next page; empty when there are no more rows.
    func next() throws -> [T] {
        guard !done else { return [] }
        let rows = try page(after, Self.pageSize)
        if let last = rows.last { after = id(last) }
        if rows.count < Self.pageSize { done = true }
        return rows
    }
}
