import LuaRuntime

/// A JSON value on its way to Lua (event payloads, report figures), read without
/// Foundation's bridged number types so that integers, floats and booleans keep their
/// kind on every platform. Objects and arrays become tables, null becomes nil.
indirect enum JSONLuaValue: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String)
    case array([JSONLuaValue]), object([String: JSONLuaValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONLuaValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONLuaValue].self)) }
    }

    var lua: LuaValue {
        switch self {
        case .null: return .nil
        case .bool(let b): return .boolean(b)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .string(let s): return .string(LuaString(s))
        case .array(let items): return .table(LuaTable(array: items.map(\.lua)))
        case .object(let fields):
            return .table(LuaTable(fields: fields.sorted { $0.key < $1.key }.map { (key: LuaValue.string(LuaString($0.key)), value: $0.value.lua) }))
        }
    }
}
