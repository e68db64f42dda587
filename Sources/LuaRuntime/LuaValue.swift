/// A Lua string: a byte sequence, not necessarily UTF-8.
///
/// Lua strings carry any bytes; converting them to `String` would lose the ones that
/// are not valid UTF-8, so the bytes are kept and decoded on demand.
public struct LuaString: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The raw bytes.
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }
    public init(stringLiteral value: String) { self.init(value) }

    /// The bytes as UTF-8 text, or nil when they are not valid UTF-8.
    public var utf8: String? { String(validating: bytes, as: UTF8.self) }
    /// The bytes as text, with invalid sequences replaced by U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }
}

/// A Lua value as Swift sees it.
///
/// Scalars and strings are copied; tables read from Lua are snapshots (`LuaTable`);
/// functions and other reference values stay in the state and are held by a
/// `LuaReference`, which is valid only while its `LuaState` lives.
public enum LuaValue {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    /// A table built in Swift, or a snapshot of a Lua table.
    case table(LuaTable)
    /// A Swift function callable from Lua.
    case function(LuaHostFunction)
    /// A Swift object exposed to Lua as userdata.
    case userdata(any LuaUserdata)
    /// A value that stays in the Lua state (a Lua function, a table by identity, ...).
    case reference(LuaReference)

    /// The Lua type name, as `type()` would say it.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .userdata: return "userdata"
        case .reference(let r): return r.typeName
        }
    }

    /// Lua truthiness: everything but nil and false.
    public var isTruthy: Bool {
        switch self {
        case .nil: return false
        case .boolean(let b): return b
        default: return true
        }
    }

    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    /// The value as text when it is a string (valid UTF-8) or a number.
    public var stringValue: String? {
        switch self {
        case .string(let s): return s.utf8
        case .integer(let i): return String(i)
        case .number(let d): return LuaValue.format(d)
        default: return nil
        }
    }

    /// The value as an integer when it is an integer or a float with an exact integer value.
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .number(let d): return Int(exactly: d)
        default: return nil
        }
    }

    /// The value as a floating-point number when it is a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    public var boolValue: Bool? { if case .boolean(let b) = self { return b } else { return nil } }
    public var tableValue: LuaTable? { if case .table(let t) = self { return t } else { return nil } }

    /// Formats a float as Lua's `tostring` does ("%.14g", with ".0" for integral values).
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = String(format: "%.14g", d)
        if !s.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) { s += ".0" }
        return s
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .nil }
}

extension LuaValue: Equatable {
    /// Raw equality, as `rawequal` would say (integers and floats compare by value).
    public static func == (lhs: LuaValue, rhs: LuaValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): return true
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.table(let a), .table(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.userdata(let a), .userdata(let b)): return a === b
        case (.reference(let a), .reference(let b)): return a === b
        default: return false
        }
    }
}

/// A Lua table as a Swift value: its sequence part and its other fields.
public struct LuaTable: Equatable {
    /// Values at keys 1...n with no gap.
    public var array: [LuaValue]
    /// Every other key, in no particular order.
    public var fields: [(key: LuaValue, value: LuaValue)]
    /// A metatable to give the table when it is pushed (snapshots read from Lua leave it nil).
    public var metatable: LuaReference?

    public init(array: [LuaValue] = [], fields: [(key: LuaValue, value: LuaValue)] = [], metatable: LuaReference? = nil) {
        self.array = array
        self.fields = fields
        self.metatable = metatable
    }

    /// A table with string keys.
    public init(_ fields: KeyValuePairs<String, LuaValue>) {
        self.array = []
        self.fields = fields.map { (key: LuaValue.string(LuaString($0.key)), value: $0.value) }
    }

    /// The value at a string key (nil when absent).
    public subscript(key: String) -> LuaValue {
        get {
            let k = LuaValue.string(LuaString(key))
            return fields.first(where: { $0.key == k })?.value ?? .nil
        }
        set {
            let k = LuaValue.string(LuaString(key))
            if let i = fields.firstIndex(where: { $0.key == k }) {
                if newValue.isNil { fields.remove(at: i) } else { fields[i].value = newValue }
            } else if !newValue.isNil {
                fields.append((key: k, value: newValue))
            }
        }
    }

    /// Adds a string-keyed field known not to be present yet (no search, nil skipped):
    /// the fast way to build a row.
    public mutating func set(_ key: String, _ value: LuaValue) {
        if case .nil = value { return }
        fields.append((key: .string(LuaString(key)), value: value))
    }

    /// The string keys present, sorted.
    public var stringKeys: [String] {
        fields.compactMap { pair -> String? in
            if case .string(let s) = pair.key { return s.utf8 }
            return nil
        }.sorted()
    }

    public static func == (lhs: LuaTable, rhs: LuaTable) -> Bool {
        guard lhs.array == rhs.array, lhs.fields.count == rhs.fields.count else { return false }
        return lhs.fields.allSatisfy { pair in rhs.fields.contains { $0.key == pair.key && $0.value == pair.value } }
    }
}
