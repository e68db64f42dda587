import Foundation
import Testing
import LuaRuntime
import Model
@testable import PluginHost
import Store
import TestSupport

/// Effects: all or nothing, permissions, the cap, idempotency, dry runs.
@Suite(.serialized)
struct EffectsTests {
    static let writer = """
        return { name = "writer", description = "writes", permissions = { "read", "tasks", "alerts", "referrals" },
          run = function(ctx)
            for r in ctx.referrals{ status = "received" } do
              ctx.tasks.add{ title = "Call " .. r.partner.name, contact = r.partner.contact_id }
              ctx.referrals.set_status(r, "contacted")
            end
            ctx.alerts.raise{ code = "checked", message = "all good" }
            if FAIL then error("failed after asking for writes") end
          end }
        """

    @Test func effectsAreAppliedTogetherAfterRun() throws {
        let h = try PluginHarness()
        try h.plugin("writer", Self.writer)
        let outcome = try h.runner.run("writer")
        #expect(outcome.effects.map(\.kind) == [.task, .referralStatus, .alert])
        #expect(outcome.applied == EffectsApplied(applied: 3, skipped: 0))
        #expect(try h.store.tasks().map(\.title) == ["Call Radu Popa"])
        #expect(try h.store.referral(id: h.referral.id!).status == .contacted)
        #expect(try h.store.openAlerts().map(\.code) == ["checked"])
    }

    @Test func aPluginThatFailsHalfwayLeavesNothing() throws {
        let h = try PluginHarness()
        try h.plugin("writer", "FAIL = true\n" + Self.writer)
        let before = try h.counts()
        let error = try #require(throws: PluginError.self) { try h.runner.run("writer") }
        #expect(error.description.contains("plugins/writer/plugin.lua:9: failed after asking for writes"))
        #expect(try h.counts() == before)
        #expect(try h.store.referral(id: h.referral.id!).status == .received)
    }

    @Test func aPluginThatHitsALimitLeavesNothing() throws {
        let h = try PluginHarness()
        try h.plugin("writer", Self.writer.replacingOccurrences(of: "if FAIL then", with: "while true do end if FAIL then"))
        var runner = h.runner
        runner.limits.timeout = 0.3
        let before = try h.counts()
        let error = try #require(throws: PluginError.self) { try runner.run("writer") }
        #expect(error.description.contains("time limit exceeded"))
        #expect(try h.counts() == before)
    }

    @Test func runningTwiceNeverDoublesAWrite() throws {
        let h = try PluginHarness()
        try h.plugin("thanks", """
            return { name = "thanks", description = "thanks", permissions = { "read", "outreach", "tasks" },
              run = function(ctx)
                for p in ctx.partners{} do
                  ctx.outreach.draft{ to = p, template = "thanks", data = { prospect = "Ana" } }
                  ctx.tasks.add{ title = "Call " .. p.name }
                end
              end }
            """, templates: ["thanks.txt.mustache": "Subject: Thank you, {{recipient.name}}\n\nThank you for {{prospect}}.\n{{practice.owner}}\n"])
        let first = try h.runner.run("thanks")
        let second = try h.runner.run("thanks")
        #expect(first.applied == EffectsApplied(applied: 2, skipped: 0))
        #expect(second.applied == EffectsApplied(applied: 0, skipped: 2))
        #expect(try h.counts()["outbox"] == 1)
        #expect(try h.counts()["tasks"] == 1)
    }

    @Test func undeclaredEffectsAreRefusedNamingThePermission() throws {
        let h = try PluginHarness()
        try h.plugin("sneaky", """
            return { name = "sneaky", description = "no permission", permissions = { "read:partners" },
              run = function(ctx)
                ctx.tasks.add{ title = "x" }
              end }
            """)
        let error = try #require(throws: PluginError.self) { try h.runner.run("sneaky") }
        #expect(error.description.contains("plugins/sneaky/plugin.lua:3"))
        #expect(error.description.contains("needs the permission \"tasks\""))
        #expect(try h.counts()["tasks"] == 0)
    }

    @Test func undeclaredReadsAreRefused() throws {
        let h = try PluginHarness()
        try h.plugin("peek", """
            return { name = "peek", description = "reads without asking", permissions = { "tasks" },
              run = function(ctx) for c in ctx.contacts{} do end end }
            """)
        let error = try #require(throws: PluginError.self) { try h.runner.run("peek") }
        #expect(error.description.contains("\"read:contacts\""))
    }

    @Test func theEffectCapStopsARunawayPlugin() throws {
        let h = try PluginHarness()
        try h.plugin("runaway", """
            return { name = "runaway", description = "too many", permissions = { "tasks" },
              run = function(ctx) for i = 1, 1000000 do ctx.tasks.add{ title = "t" .. i } end end }
            """)
        let error = try #require(throws: PluginError.self) { try h.runner.run("runaway") }
        #expect(error.description.contains("more than 5 effects"))
        #expect(try h.counts()["tasks"] == 0)
    }

    @Test func illegalStatusMovesFailAtTheCallingLine() throws {
        let h = try PluginHarness()
        try h.plugin("mover", """
            return { name = "mover", description = "bad move", permissions = { "read", "referrals" },
              run = function(ctx)
                local r = ctx.referrals.list{}[1]
                ctx.referrals.set_status(r, "won")
              end }
            """)
        let error = try #require(throws: PluginError.self) { try h.runner.run("mover") }
        #expect(error.description.contains("plugins/mover/plugin.lua:4: referral 1 is received and cannot move to won (it can move to: contacted, meeting, lost, passed-on)"))
    }

    @Test func aMissingTemplateVariableIsAnErrorNotAHole() throws {
        let h = try PluginHarness()
        try h.plugin("holes", """
            return { name = "holes", description = "missing variable", permissions = { "read", "outreach" },
              run = function(ctx) ctx.outreach.draft{ to = ctx.partners.list{}[1], template = "t" } end }
            """, templates: ["t.txt.mustache": "Subject: Hi\n\nThanks for {{prospect}}\n"])
        let error = try #require(throws: PluginError.self) { try h.runner.run("holes") }
        #expect(error.description.contains("prospect"))
        #expect(error.description.contains("t.txt.mustache:3"))
        #expect(try h.counts()["outbox"] == 0)
    }

    @Test func unknownFiltersAreErrors() throws {
        let h = try PluginHarness()
        try h.plugin("filters", """
            return { name = "filters", description = "typo", permissions = { "read" },
              run = function(ctx) ctx.partners.count{ teir = "A" } end }
            """)
        let error = try #require(throws: PluginError.self) { try h.runner.run("filters") }
        #expect(error.description.contains("unknown filter 'teir' for ctx.partners (known: tier, category)"))
    }

    @Test func rowsLoadRelationsLazilyAndCacheThem() throws {
        let h = try PluginHarness()
        try h.plugin("rows", """
            return { name = "rows", description = "rows", permissions = { "read" },
              run = function(ctx)
                local r = ctx.referrals.get(1)
                print(rawget(r, "partner") == nil, r.partner.name, rawget(r, "partner") ~= nil, r.prospect.email, r.partner.contact.category)
                print(ctx.partners.count{ tier = "A" }, ctx.partners.count{ tier = "B" }, #ctx.contacts.list{ kind = "prospect" }, ctx.referrals.get(999))
              end }
            """)
        try h.runner.run("rows")
        #expect(h.lines.all == ["[rows] true\tRadu Popa\ttrue\tana@example.com\tattorney", "[rows] 1\t0\t1\tnil"])
    }
}
