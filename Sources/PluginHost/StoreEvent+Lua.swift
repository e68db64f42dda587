import Foundation
import LuaRuntime
import Model

extension StoreEvent {
    /// The `event` a plugin's `run(ctx, event)` receives when the scheduler delivers it:
    /// `{ id, kind, contact_id, partner_id, referral_id, payload, at }`, with the JSON
    /// payload as a table and `at` in seconds since 1970 like `ctx.now`.
    public var luaValue: LuaValue {
        var table = LuaTable()
        table["id"] = id.map { .integer($0) } ?? .nil
        table["kind"] = .string(LuaString(kind.rawValue))
        table["contact_id"] = contactId.map { .integer($0) } ?? .nil
        table["partner_id"] = partnerId.map { .integer($0) } ?? .nil
        table["referral_id"] = referralId.map { .integer($0) } ?? .nil
        let decoded = try? JSONDecoder().decode(EventPayload.self, from: Data(payload.utf8))
        table["payload"] = decoded?.lua ?? .table(LuaTable())
        table["at"] = .integer(Int64(createdAt.timeIntervalSince1970.rounded(.down)))
        return .table(table)
    }

}

/// An event's JSON payload, read without Foundation's bridged number types so that
/// integers, floats and booleans keep their kind on every platform.
private indirect enum EventPayload: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String)
    case array([EventPayload]), object([String: EventPayload])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([EventPayload].self) { self = .array(a) }
        else { self = .object(try c.decode([String: EventPayload].self)) }
    }

    /// Objects and arrays become tables, null becomes nil.
    var lua: LuaValue {
        switch self {
        case .null: return .nil
        case .bool(let b): return .boolean(b)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .string(let s): return .string(LuaString(s))
        case .array(let a): return .table(LuaTable(array: a.map(\.lua)))
        case .object(let o):
            return .table(LuaTable(fields: o.sorted { $0.key < $1.key }.map { (key: LuaValue.string(LuaString($0.key)), value: $0.value.lua) }))
        }
    }
}
