/// A Swift type that converts to and from Lua values.
public protocol LuaConvertible {
    /// Reads a Lua value; throws `LuaConversionError` when it has the wrong type.
    init(lua: LuaValue) throws
    /// The value as Lua sees it.
    var luaValue: LuaValue { get }
}

/// A Lua value that does not fit the Swift type asked for.
public struct LuaConversionError: Error, CustomStringConvertible, Equatable {
    public var expected: String
    public var got: String
    public var description: String { "\(expected) expected, got \(got)" }
    public init(expected: String, got: String) {
        self.expected = expected
        self.got = got
    }
}

extension String: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard case .string(let s) = lua, let text = s.utf8 else { throw LuaConversionError(expected: "string", got: lua.typeName) }
        self = text
    }
    public var luaValue: LuaValue { .string(LuaString(self)) }
}

extension Int: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard let i = lua.intValue else { throw LuaConversionError(expected: "integer", got: lua.typeName) }
        self = i
    }
    public var luaValue: LuaValue { .integer(Int64(self)) }
}

extension Int64: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard let i = lua.intValue else { throw LuaConversionError(expected: "integer", got: lua.typeName) }
        self = Int64(i)
    }
    public var luaValue: LuaValue { .integer(self) }
}

extension Double: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard let d = lua.doubleValue else { throw LuaConversionError(expected: "number", got: lua.typeName) }
        self = d
    }
    public var luaValue: LuaValue { .number(self) }
}

extension Bool: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard case .boolean(let b) = lua else { throw LuaConversionError(expected: "boolean", got: lua.typeName) }
        self = b
    }
    public var luaValue: LuaValue { .boolean(self) }
}

extension Array: LuaConvertible where Element: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard case .table(let t) = lua else { throw LuaConversionError(expected: "table", got: lua.typeName) }
        self = try t.array.map { try Element(lua: $0) }
    }
    public var luaValue: LuaValue { .table(LuaTable(array: map(\.luaValue))) }
}

extension Dictionary: LuaConvertible where Key == String, Value: LuaConvertible {
    public init(lua: LuaValue) throws {
        guard case .table(let t) = lua else { throw LuaConversionError(expected: "table", got: lua.typeName) }
        var out: [String: Value] = [:]
        for (k, v) in t.fields {
            guard case .string(let s) = k, let key = s.utf8 else { throw LuaConversionError(expected: "string key", got: k.typeName) }
            out[key] = try Value(lua: v)
        }
        self = out
    }
    public var luaValue: LuaValue {
        .table(LuaTable(array: [], fields: sorted { $0.key < $1.key }.map { (key: LuaValue.string(LuaString($0.key)), value: $0.value.luaValue) }))
    }
}

extension Optional: LuaConvertible where Wrapped: LuaConvertible {
    public init(lua: LuaValue) throws {
        self = lua.isNil ? nil : try Wrapped(lua: lua)
    }
    public var luaValue: LuaValue { self?.luaValue ?? .nil }
}
