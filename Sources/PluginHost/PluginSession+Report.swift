import Foundation
import LuaRuntime
import Model
import Store

/// `ctx.report{since=, before=}` (`before` is also `["until"]`): the figures of `refer report`, read-only, as a Lua table
/// with lower_snake keys and dates in Unix seconds. Computed by the same store query.
extension PluginSession {
    func report(_ frame: LuaCallFrame) throws -> Int32 {
        let store = try readable("reports")
        var since: Date?, until: Date?
        switch frame.argument(1) {
        case .table(let t):
            for key in t.stringKeys where !["since", "until", "before"].contains(key) {
                throw PluginRuleError(description: "unknown option '\(key)' for ctx.report (known: since, until, before)")
            }
            since = t["since"].date
            until = try Self.end(t, of: "ctx.report")
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
        return try JSONDecoder().decode(JSONLuaValue.self, from: encoder.encode(value)).lua
    }
}
