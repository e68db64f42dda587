import CLua
import CLuaShim

/// The stack of one thread of a `LuaState` (the main thread or a coroutine that
/// called into Swift). Every accessor is raw: no metamethod runs, nothing raises.
public struct LuaStack {
    /// The thread.
    public let L: OpaquePointer
    /// The state the thread belongs to.
    public unowned let state: LuaState

    /// How deep `value(at:)` follows nested tables before it stops (cycles, bombs).
    public static let maxSnapshotDepth = 64

    /// The index of the top of the stack (the number of values on it).
    public var top: Int32 { lua_gettop(L) }

    /// Removes `n` values from the top.
    public func pop(_ n: Int32 = 1) { clua_pop(L, n) }

    /// Makes room for `n` more values; false when the stack cannot grow.
    @discardableResult
    public func ensureStack(_ n: Int32) -> Bool { lua_checkstack(L, n) != 0 }

    // MARK: Pushing

    /// Pushes a Swift value.
    public func push(_ value: LuaValue) {
        ensureStack(4)
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): push(bytes: s.bytes)
        case .table(let t): push(table: t)
        case .function(let f): state.push(function: f, on: L)
        case .userdata(let u): state.push(userdata: u, on: L)
        case .reference(let r): state.push(reference: r, on: L)
        }
    }

    /// Pushes a string (its UTF-8 bytes).
    public func push(string: String) {
        var s = string
        s.withUTF8 { buf in
            _ = buf.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// Pushes raw bytes as a Lua string.
    public func push(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            _ = buf.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    /// Pushes a new table with the given contents (raw sets: no metamethods).
    public func push(table: LuaTable) {
        lua_createtable(L, Int32(clamping: table.array.count), Int32(clamping: table.fields.count))
        for (i, v) in table.array.enumerated() {
            push(v)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
        for (k, v) in table.fields where !k.isNil {
            if case .number(let d) = k, d.isNaN { continue }
            push(k)
            push(v)
            lua_rawset(L, -3)
        }
        if let metatable = table.metatable {
            state.push(reference: metatable, on: L)
            lua_setmetatable(L, -2)
        }
    }

    /// `rawset(t, key, value)` for the table at `index`.
    public func rawSet(tableAt index: Int32, key: LuaValue, value: LuaValue) {
        let t = lua_absindex(L, index)
        ensureStack(3)
        push(key)
        push(value)
        lua_rawset(L, t)
    }

    /// Pushes `value` and leaves it on the stack; returns its index.
    @discardableResult
    public func pushValue(_ value: LuaValue) -> Int32 {
        push(value)
        return lua_gettop(L)
    }

    // MARK: Reading

    /// The Lua type at `index`, as `type()` names it.
    public func typeName(at index: Int32) -> String {
        String(cString: lua_typename(L, lua_type(L, index)))
    }

    /// Reads the value at `index` without running any metamethod. Tables are copied
    /// (to `maxSnapshotDepth`; deeper or cyclic parts become references); functions,
    /// threads and foreign userdata become references.
    public func value(at index: Int32) -> LuaValue {
        value(at: lua_absindex(L, index), depth: 0)
    }

    private func value(at index: Int32, depth: Int) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            return .string(LuaString(bytes: bytes(at: index) ?? []))
        case LUA_TTABLE:
            if depth >= LuaStack.maxSnapshotDepth { return .reference(state.reference(at: index, on: L)) }
            return .table(tableSnapshot(at: index, depth: depth))
        case LUA_TUSERDATA:
            if let object = state.hostObject(at: index, on: L) { return .userdata(object) }
            return .reference(state.reference(at: index, on: L))
        default:
            return .reference(state.reference(at: index, on: L))
        }
    }

    /// The bytes of the string at `index`, or nil when it is not a string. Numbers are
    /// not converted (that would change the stack slot under a running `lua_next`).
    public func bytes(at index: Int32) -> [UInt8]? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var len = 0
        guard let p = lua_tolstring(L, index, &len) else { return nil }
        return p.withMemoryRebound(to: UInt8.self, capacity: len) { Array(UnsafeBufferPointer(start: $0, count: len)) }
    }

    /// The string at `index` as UTF-8 text (invalid bytes replaced), or nil when it is not a string.
    public func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var len = 0
        guard let p = lua_tolstring(L, index, &len) else { return nil }
        return p.withMemoryRebound(to: UInt8.self, capacity: len) {
            String(decoding: UnsafeBufferPointer(start: $0, count: len), as: UTF8.self)
        }
    }

    private func tableSnapshot(at index: Int32, depth: Int) -> LuaTable {
        var table = LuaTable()
        ensureStack(4)
        let n = Int(lua_rawlen(L, index))
        table.array.reserveCapacity(n)
        var i = 1
        while i <= n {
            lua_rawgeti(L, index, lua_Integer(i))
            if lua_type(L, -1) == LUA_TNIL { pop(); break }
            table.array.append(value(at: lua_gettop(L), depth: depth + 1))
            pop()
            i += 1
        }
        let sequenceCount = table.array.count
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let keyIndex = lua_gettop(L) - 1
            if lua_isinteger(L, keyIndex) != 0 {
                let k = lua_tointegerx(L, keyIndex, nil)
                if k >= 1 && k <= sequenceCount { pop(); continue }
            }
            let key = value(at: keyIndex, depth: depth + 1)
            let v = value(at: lua_gettop(L), depth: depth + 1)
            table.fields.append((key: key, value: v))
            pop()
        }
        return table
    }

    /// Reads the field `key` of the table at `index` without metamethods.
    public func rawField(_ key: String, ofTableAt index: Int32) -> LuaValue {
        let t = lua_absindex(L, index)
        push(string: key)
        lua_rawget(L, t)
        let v = value(at: -1)
        pop()
        return v
    }
}
