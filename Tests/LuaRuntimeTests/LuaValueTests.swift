import Testing
@testable import LuaRuntime

/// Values crossing the bridge in both directions.
struct LuaValueTests {
    func roundTrip(_ value: LuaValue) throws -> LuaValue {
        let state = try LuaState.sandboxed()
        let identity = try state.load("return ...", chunkName: "=test")
        return try state.call(identity, [value], results: 1)[0]
    }

    @Test func scalarsRoundTrip() throws {
        for value: LuaValue in [nil, true, false, 0, 42, -7, .integer(Int64.max), .integer(Int64.min), 3.5, -0.25, "", "ș ț ă — 🎁"] {
            #expect(try roundTrip(value) == value)
        }
    }

    @Test func bytesThatAreNotUTF8Survive() throws {
        let bytes: [UInt8] = [0, 0xFF, 0xFE, 0x80, 65, 0]
        let back = try roundTrip(.string(LuaString(bytes: bytes)))
        guard case .string(let s) = back else { Issue.record("not a string: \(back)"); return }
        #expect(s.bytes == bytes)
        #expect(s.utf8 == nil)
    }

    @Test func integersStayIntegersAndFloatsStayFloats() throws {
        let state = try LuaState.sandboxed()
        let f = try state.load("return 3, 3.0, 2^53, 7 // 2, 7 / 2, math.type(...)", chunkName: "=t")
        let r = try state.call(f, [.integer(1)])
        #expect(r[0] == .integer(3))
        if case .number(let d) = r[1] { #expect(d == 3.0) } else { Issue.record("3.0 became \(r[1])") }
        if case .number = r[2] {} else { Issue.record("2^53 should be a float") }
        #expect(r[3] == .integer(3))
        #expect(r[4] == .number(3.5))
        #expect(r[5] == "integer")
    }

    @Test func tablesConvertBothWays() throws {
        let state = try LuaState.sandboxed()
        var table = LuaTable(array: [1, "two", 3.5])
        table["name"] = "Ana Popescu"
        table["nested"] = .table(LuaTable(["tier": "A"]))
        let f = try state.load("""
            local t = ...
            return #t, t[2], t.name, t.nested.tier, { 10, 20, x = true, [false] = "f" }
            """, chunkName: "=t")
        let r = try state.call(f, [.table(table)])
        #expect(r[0] == 3)
        #expect(r[1] == "two")
        #expect(r[2] == "Ana Popescu")
        #expect(r[3] == "A")
        let back = try #require(r[4].tableValue)
        #expect(back.array == [10, 20])
        #expect(back["x"] == true)
        #expect(back.fields.contains { $0.key == false && $0.value == "f" })
    }

    @Test func cyclicTablesDoNotHang() throws {
        let state = try LuaState.sandboxed()
        let f = try state.load("local t = {} t.self = t return t", chunkName: "=t")
        let r = try state.call(f, [])
        var depth = 0
        var current = r[0]
        while case .table(let t) = current { current = t["self"]; depth += 1 }
        #expect(depth == LuaStack.maxSnapshotDepth)
        if case .reference(let ref) = current { #expect(ref.typeName == "table") } else { Issue.record("deepest level should be a reference") }
    }

    @Test func functionsComeBackAsCallableReferences() throws {
        let state = try LuaState.sandboxed()
        let f = try state.load("return function(a, b) return a * b end", chunkName: "=t")
        guard case .reference(let multiply) = try state.call(f, [])[0] else { Issue.record("no function"); return }
        #expect(multiply.typeName == "function")
        #expect(try state.call(multiply, [6, 7]) == [42])
    }

    @Test func conversionProtocolBothWays() throws {
        #expect(try String(lua: "x") == "x")
        #expect(try Int(lua: 5) == 5)
        #expect(try Double(lua: 5) == 5.0)
        #expect(try Bool(lua: false) == false)
        #expect(try [String](lua: .table(LuaTable(array: ["a", "b"]))) == ["a", "b"])
        #expect(throws: LuaConversionError.self) { try Int(lua: "five") }
        #expect(["a": 1].luaValue.tableValue?["a"] == 1)
        #expect(Optional<String>.none.luaValue == .nil)
    }
}
