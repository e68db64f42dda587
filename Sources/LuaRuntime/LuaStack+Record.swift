import CLua
import CLuaShim

/// Sets the string-keyed fields of a table being built on the stack. Each call pushes
/// the value and stores it with `lua_rawset`; absent (`nil`) values leave the field out,
/// which is what a nil field is in Lua anyway.
public struct LuaRecordWriter {
    let L: OpaquePointer
    let stack: LuaStack

    private func key(_ name: StaticString) {
        name.withUTF8Buffer { buf in
            _ = buf.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    public func set(_ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        key(name)
        lua_pushinteger(L, lua_Integer(value))
        lua_rawset(L, -3)
    }

    public func set(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        lua_pushnumber(L, value)
        lua_rawset(L, -3)
    }

    public func set(_ name: StaticString, _ value: Bool) {
        key(name)
        lua_pushboolean(L, value ? 1 : 0)
        lua_rawset(L, -3)
    }

    public func set(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        stack.push(string: value)
        lua_rawset(L, -3)
    }

    /// A list of strings, as a sequence table (empty lists included).
    public func set(_ name: StaticString, _ values: [String]) {
        key(name)
        lua_createtable(L, Int32(clamping: values.count), 0)
        for (i, value) in values.enumerated() {
            stack.push(string: value)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
        lua_rawset(L, -3)
    }

    /// Any other value.
    public func set(_ name: StaticString, _ value: LuaValue) {
        guard !value.isNil else { return }
        key(name)
        stack.push(value)
        lua_rawset(L, -3)
    }
}

extension LuaStack {
    /// Pushes a new table with room for `fields` string keys, filled by `fill` with raw
    /// sets, then given `metatable`. Rows handed to plugins by the hundred thousand are
    /// built this way: no `LuaTable` in between, no key looked up twice.
    public func pushRecord(fields: Int32, metatable: LuaReference? = nil, _ fill: (LuaRecordWriter) -> Void) {
        ensureStack(6)
        lua_createtable(L, 0, fields)
        fill(LuaRecordWriter(L: L, stack: self))
        if let metatable {
            state.push(reference: metatable, on: L)
            lua_setmetatable(L, -2)
        }
    }

    /// Stores the value on top of the stack as field `key` of the table at `index`
    /// (raw: no metamethod), leaving the value on top.
    public func copyTop(toField key: String, ofTableAt index: Int32) {
        let t = lua_absindex(L, index)
        ensureStack(3)
        push(string: key)
        lua_pushvalue(L, -2)
        lua_rawset(L, t)
    }
}

extension LuaStack {
    /// Pushes a new, empty table for a sequence; returns its index.
    public func pushSequence(capacity: Int = 0) -> Int32 {
        ensureStack(2)
        lua_createtable(L, Int32(clamping: capacity), 0)
        return lua_gettop(L)
    }

    /// Pops the value on top into the table at `index`, at `position` (raw).
    public func appendTop(toSequenceAt index: Int32, position: Int64) {
        lua_rawseti(L, index, lua_Integer(position))
    }
}

extension LuaStack {
    /// Pushes an iterator for a generic `for` over rows handed out a page at a time:
    /// `fill` receives the page table, puts the next rows at 1...n and returns n (0 when
    /// there are none). Between pages each row costs a C call, not a host call.
    public func pushPageIterator(fill: LuaHostFunction) {
        ensureStack(5)
        state.push(function: fill, on: L)
        clua_pushpageiterator(L)
    }
}
