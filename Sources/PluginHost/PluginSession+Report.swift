import Foundation
import LuaRuntime
import Model
import Store

/// `ctx.report{since=, until=}`: the figures of `refer report`, read-only, as a Lua table
/// with lower_snake keys and dates in Unix seconds. Computed by the same store query.
extension PluginSession {
    func report(_ frame: LuaCallFrame) throws -> Int32 {
        let store = try readable("reports")
        var since: Date?, until: Date?
        switch frame.argument(1) {
        case .table(let t):
            for key in t.stringKeys where key != "since" && key != "until" {
                throw PluginRuleError(description: "unknown option '\(key)' for ctx.report (known: since, until)")
            }
            since = t["since"].date
            until = t["until"].date
        case .nil:
            break
        case let other:
            throw LuaArgumentError(index: 1, "options table expected, got \(other.typeName)")
        }
        let period = ReportPeriod(since: since, until: until ?? now, timeZone: settings.profile.timeZone, now: now)
        guard period.since < period.until else { throw LuaArgumentError(index: 1, "since must be before until") }
        let figures = try store.reportFigures(for: period)
        frame.push(try Self.luaValue(encoding: figures))
        return 1
    }

    /// Any Codable value as plain Lua tables: through JSON, so keys and shapes match `--json`
    /// (in lower_snake case) and nothing of the host leaks into the plugin.
    static func luaValue<T: Encodable>(encoding value: T) throws -> LuaValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Int64(date.timeIntervalSince1970.rounded(.down)))
        }
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try JSONDecoder().decode(PlainValue.self, from: encoder.encode(value)).lua
    }
}

/// A JSON value on its way to Lua.
private enum PlainValue: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String)
    case array([PlainValue]), object([String: PlainValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([PlainValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: PlainValue].self)) }
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
