import Foundation
import Testing
@testable import PluginHost

/// refer.d.lua and docs/plugin-api.md are generated from PluginAPI; they must not drift.
struct GeneratedAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func typeDefinitionsAreCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("refer.d.lua"), encoding: .utf8)
        #expect(committed == PluginAPI.luaDefinitions(), "refer.d.lua is stale: run `refer plugin api > refer.d.lua`")
    }

    @Test func apiPageIsCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/plugin-api.md"), encoding: .utf8)
        #expect(committed == PluginAPI.markdown(), "docs/plugin-api.md is stale: run `refer plugin api --format markdown > docs/plugin-api.md`")
    }

    @Test func everyContextFunctionIsDescribed() {
        let described = Set(PluginAPI.functions.map(\.path))
        for path in ["ctx.tasks.add", "ctx.touches.log", "ctx.outreach.draft", "ctx.gifts.record", "ctx.gifts.choose",
                     "ctx.referrals.set_status", "ctx.referrals.mark_thanked", "ctx.events.invite", "ctx.partners.set_tier", "ctx.alerts.raise", "refer.days"] {
            #expect(described.contains(path), "\(path) is missing from PluginAPI")
        }
    }
}
