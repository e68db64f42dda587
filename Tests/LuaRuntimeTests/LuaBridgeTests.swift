import Testing
@testable import LuaRuntime

/// Calls across the bridge, errors in both directions, userdata and limits.
struct LuaBridgeTests {
    @Test func swiftFunctionCalledFromLua() throws {
        let state = try LuaState.sandboxed()
        state.register("add") { frame in
            frame.push(.integer(try frame.checkInteger(1) + frame.checkInteger(2)))
            return 1
        }
        let f = try state.load("return add(40, 2)", chunkName: "=t")
        #expect(try state.call(f) == [42])
    }

    @Test func argumentErrorsReadLikeLuas() throws {
        let state = try LuaState.sandboxed()
        var outreach = LuaTable()
        outreach["draft"] = .function(LuaHostFunction("draft") { frame in _ = try frame.checkTable(1); return 0 })
        state.setGlobal("outreach", .table(outreach))
        let f = try state.load("\n\noutreach.draft(nil)", chunkName: "@plugins/x/plugin.lua")
        let error = try #require(throws: LuaError.self) { try state.call(f) }
        #expect(error.message == "bad argument #1 to 'draft' (table expected, got nil)")
        #expect(error.chunk == "plugins/x/plugin.lua")
        #expect(error.line == 3)
    }

    @Test func swiftErrorsBecomeLuaErrorsAtTheCallersLine() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "the store said no" } }
        let state = try LuaState.sandboxed()
        state.register("save") { _ in throw Refused() }
        let f = try state.load("""
            local ok, err = pcall(function() save() end)
            assert(not ok)
            error(err, 0)
            """, chunkName: "@p.lua")
        let error = try #require(throws: LuaError.self) { try state.call(f) }
        #expect(error.description == "p.lua:1: the store said no")
    }

    @Test func luaErrorsReachSwiftWithFileLineAndTraceback() throws {
        let state = try LuaState.sandboxed()
        let f = try state.load("""
            local function inner() error("no partner named Ion") end
            local function outer() inner() end
            outer()
            """, chunkName: "@plugins/thank-you/plugin.lua")
        let error = try #require(throws: LuaError.self) { try state.call(f) }
        #expect(error.kind == .runtime)
        #expect(error.message == "no partner named Ion")
        #expect(error.chunk == "plugins/thank-you/plugin.lua")
        #expect(error.line == 1)
        let traceback = try #require(error.traceback)
        #expect(traceback.contains("plugins/thank-you/plugin.lua:2: in"))
        #expect(traceback.contains("plugins/thank-you/plugin.lua:3: in"))
    }

    @Test func syntaxErrorsNameFileAndLine() throws {
        let state = try LuaState.sandboxed()
        let error = try #require(throws: LuaError.self) {
            try state.load("local x = 1\nlocal = 2\n", chunkName: "@plugin.lua")
        }
        #expect(error.kind == .syntax)
        #expect(error.chunk == "plugin.lua")
        #expect(error.line == 2)
    }

    @Test func stateStaysUsableAfterErrorsAndLimits() throws {
        let state = try LuaState.sandboxed()
        let boom = try state.load("error('x')", chunkName: "=t")
        for _ in 0..<10 { #expect(throws: LuaError.self) { try state.call(boom) } }
        let loop = try state.load("while true do end", chunkName: "@loop.lua")
        let error = try #require(throws: LuaError.self) {
            try state.withLimits(LuaLimits(memoryBytes: 0, instructions: 50_000, timeout: 0)) { try state.call(loop) }
        }
        #expect(error.kind == .limit(.instructions))
        #expect(error.chunk == "loop.lua")
        let ok = try state.load("return 1 + 1", chunkName: "=t")
        #expect(try state.withLimits(LuaLimits()) { try state.call(ok) } == [2])
    }

    @Test func deadlineCannotBeSwallowedByPcall() throws {
        let state = try LuaState.sandboxed()
        let f = try state.load("""
            for i = 1, 1e12 do pcall(function() while true do end end) end
            return "escaped"
            """, chunkName: "@p.lua")
        let error = try #require(throws: LuaError.self) {
            try state.withLimits(LuaLimits(memoryBytes: 0, instructions: 0, timeout: 0.2)) { try state.call(f) }
        }
        #expect(error.kind == .limit(.time))
    }

    @Test func memoryCeilingStopsAllocationAndTheHostKeepsWorking() throws {
        let state = try LuaState.sandboxed()
        let f = try state.load("local t = {} for i = 1, 1e9 do t[i] = {} end", chunkName: "@m.lua")
        let error = try #require(throws: LuaError.self) {
            try state.withLimits(LuaLimits(memoryBytes: 4 << 20, instructions: 0, timeout: 5)) { try state.call(f) }
        }
        #expect(error.kind == .limit(.memory))
        #expect(error.chunk == "m.lua")
        #expect(state.peakMemory <= (4 << 20) + (64 << 10))
        state.collectGarbage()
        state.push(.table(LuaTable(array: Array(repeating: "host values are not capped outside runs", count: 1000))))
        state.pop()
    }

    /// 100,000 errors raised through the trampoline: no leaked Swift objects, no growth.
    @Test func manyErrorsThroughTheTrampolineLeakNothing() throws {
        final class Probe { nonisolated(unsafe) static var live = 0; init() { Probe.live += 1 }; deinit { Probe.live -= 1 } }
        let state = try LuaState.sandboxed()
        state.register("fail") { frame in
            let probe = Probe()
            defer { withExtendedLifetime(probe) {} }
            throw LuaArgumentError(index: 1, "number expected, got \(frame.typeName(1))")
        }
        let f = try state.load("""
            local n = 0
            for i = 1, 100000 do
              local ok = pcall(fail, "x")
              if not ok then n = n + 1 end
            end
            return n
            """, chunkName: "=t")
        state.collectGarbage()
        let before = state.memoryInUse
        #expect(try state.call(f) == [100_000])
        state.collectGarbage()
        #expect(Probe.live == 0)
        #expect(state.memoryInUse < before + 16 * 1024)
    }
}

/// A host object exposed as userdata.
final class TestPartner: LuaUserdata {
    static let luaTypeName = "Partner"
    let name: String
    var tier: String
    init(name: String, tier: String) { self.name = name; self.tier = tier }

    func luaIndex(_ key: LuaValue) throws -> LuaValue {
        switch key.stringValue {
        case "name": return .string(LuaString(name))
        case "tier": return .string(LuaString(tier))
        default: return .nil
        }
    }
    func luaNewIndex(_ key: LuaValue, _ value: LuaValue) throws {
        guard key.stringValue == "tier", let t = value.stringValue else {
            throw LuaUserdataError("Partner.\(key.stringValue ?? "?") is read-only")
        }
        tier = t
    }
    var luaDescription: String { "Partner(\(name))" }
    func luaEquals(_ other: any LuaUserdata) -> Bool { (other as? TestPartner)?.name == name }
    func luaLength() throws -> Int { name.count }
    func luaPairs() throws -> [(LuaValue, LuaValue)] { [("name", .string(LuaString(name))), ("tier", .string(LuaString(tier)))] }
}

struct LuaUserdataTests {
    @Test func metamethodsReachSwift() throws {
        let state = try LuaState.sandboxed()
        let ana = TestPartner(name: "Ana", tier: "B")
        state.setGlobal("ana", .userdata(ana))
        state.setGlobal("ana2", .userdata(TestPartner(name: "Ana", tier: "C")))
        let f = try state.load("""
            ana.tier = "A"
            local keys = {}
            for k, v in pairs(ana) do keys[#keys + 1] = k .. "=" .. v end
            return ana.name, ana.tier, tostring(ana), #ana, ana == ana2, table.concat(keys, ","), ana.missing, getmetatable(ana)
            """, chunkName: "=t")
        let r = try state.call(f)
        #expect(r == ["Ana", "A", "Partner(Ana)", 3, true, "name=Ana,tier=A", nil, false])
        #expect(ana.tier == "A")
    }

    @Test func readOnlyFieldsRefuseWrites() throws {
        let state = try LuaState.sandboxed()
        state.setGlobal("p", .userdata(TestPartner(name: "Ion", tier: "A")))
        let f = try state.load("p.name = 'x'", chunkName: "@w.lua")
        let error = try #require(throws: LuaError.self) { try state.call(f) }
        #expect(error.message == "Partner.name is read-only")
        #expect(error.line == 1)
    }

    @Test func userdataComesBackAsTheSameObject() throws {
        let state = try LuaState.sandboxed()
        let p = TestPartner(name: "Ion", tier: "A")
        let f = try state.load("return ...", chunkName: "=t")
        guard case .userdata(let back) = try state.call(f, [.userdata(p)])[0] else { Issue.record("not userdata"); return }
        #expect(back === p)
    }

    @Test func objectsAreReleasedWhenLuaDropsThem() throws {
        weak var weakPartner: TestPartner?
        let state = try LuaState.sandboxed()
        do {
            let p = TestPartner(name: "Temp", tier: "C")
            weakPartner = p
            state.push(.userdata(p))
            state.pop()
        }
        state.collectGarbage()
        #expect(weakPartner == nil)
    }
}
