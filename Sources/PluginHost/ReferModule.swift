import Foundation
import LuaRuntime

/// The `refer` module plugins `require`: the plugin constructor, durations, dates in
/// the practice's time zone, and logging.
enum ReferModule {
    /// The host API version plugins and packs can check.
    static let apiVersion = "1.0"

    static func make(pluginName: String, timeZone: TimeZone, log: @escaping (String) -> Void) -> LuaValue {
        var module = LuaTable()
        module["api_version"] = .string(LuaString(apiVersion))
        module["plugin"] = .function(LuaHostFunction("plugin") { frame in
            guard frame.argumentCount >= 1, frame.typeName(1) == "table" else {
                throw LuaArgumentError(index: 1, "table expected, got \(frame.typeName(1))")
            }
            // The definition is checked when plugin.lua returns; pass it through.
            return frame.returnArguments(1)
        })
        for (name, seconds) in [("minutes", 60.0), ("hours", 3600.0), ("days", 86400.0), ("weeks", 604800.0)] {
            module[name] = .function(LuaHostFunction(name) { frame in
                let value = try frame.checkNumber(1) * seconds
                frame.push(Int64(exactly: value).map { .integer($0) } ?? .number(value))
                return 1
            })
        }
        module["log"] = .function(LuaHostFunction("log") { frame in
            var parts: [String] = []
            if frame.argumentCount > 0 {
                for i in 1...frame.argumentCount { parts.append(describe(frame.argument(i))) }
            }
            log(parts.joined(separator: "\t"))
            return 0
        })
        for (name, fn) in dateFunctions(timeZone) { module[name] = .function(fn) }
        return .table(module)
    }

    static func describe(_ v: LuaValue) -> String {
        switch v {
        case .string(let s): return s.description
        case .integer, .number: return v.stringValue ?? ""
        case .boolean(let b): return b ? "true" : "false"
        case .nil: return "nil"
        default: return "<\(v.typeName)>"
        }
    }

    /// Date arithmetic in the practice's time zone, on Unix seconds.
    static func dateFunctions(_ zone: TimeZone) -> [String: LuaHostFunction] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let cal = calendar
        func time(_ frame: LuaCallFrame, _ i: Int32) throws -> Date {
            Date(timeIntervalSince1970: try frame.checkNumber(i))
        }
        func seconds(_ d: Date) -> LuaValue { .integer(Int64(d.timeIntervalSince1970.rounded(.down))) }
        return [
            // refer.date(t) -> { year, month, day, hour, min, sec, wday (1 = Sunday), yday }
            "date": LuaHostFunction("date") { frame in
                let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: try time(frame, 1))
                let d = try time(frame, 1)
                let yday = cal.ordinality(of: .day, in: .year, for: d) ?? 1
                var t = LuaTable()
                t["year"] = .integer(Int64(c.year ?? 0)); t["month"] = .integer(Int64(c.month ?? 0))
                t["day"] = .integer(Int64(c.day ?? 0)); t["hour"] = .integer(Int64(c.hour ?? 0))
                t["min"] = .integer(Int64(c.minute ?? 0)); t["sec"] = .integer(Int64(c.second ?? 0))
                t["wday"] = .integer(Int64(c.weekday ?? 1)); t["yday"] = .integer(Int64(yday))
                frame.push(.table(t))
                return 1
            },
            // refer.time{ year, month, day, hour?, min? } -> seconds, read in the practice's zone
            "time": LuaHostFunction("time") { frame in
                let t = try frame.checkTable(1)
                var c = DateComponents()
                c.year = t["year"].intValue; c.month = t["month"].intValue; c.day = t["day"].intValue
                c.hour = t["hour"].intValue ?? 0; c.minute = t["min"].intValue ?? 0; c.second = t["sec"].intValue ?? 0
                guard c.year != nil, c.month != nil, c.day != nil, let d = cal.date(from: c) else {
                    throw LuaArgumentError(index: 1, "table with year, month and day expected")
                }
                frame.push(seconds(d))
                return 1
            },
            "start_of_day": LuaHostFunction("start_of_day") { frame in
                frame.push(seconds(cal.startOfDay(for: try time(frame, 1))))
                return 1
            },
            "start_of_month": LuaHostFunction("start_of_month") { frame in
                let d = try time(frame, 1)
                let start = cal.date(from: cal.dateComponents([.year, .month], from: d)) ?? d
                frame.push(seconds(start))
                return 1
            },
            "add_months": LuaHostFunction("add_months") { frame in
                let d = try time(frame, 1)
                let n = try frame.checkInteger(2)
                frame.push(seconds(cal.date(byAdding: .month, value: Int(n), to: d) ?? d))
                return 1
            },
            // refer.month(t) -> "2026-03"
            "month": LuaHostFunction("month") { frame in
                let c = cal.dateComponents([.year, .month], from: try time(frame, 1))
                frame.push(.string(LuaString(String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0))))
                return 1
            },
            // refer.format(t, "%Y-%m-%d %H:%M") in the practice's zone
            "format": LuaHostFunction("format") { frame in
                let d = try time(frame, 1)
                let pattern = frame.argumentCount >= 2 ? try frame.checkString(2) : "%Y-%m-%d %H:%M"
                frame.push(.string(LuaString(strftime(pattern, d, zone))))
                return 1
            },
            // refer.days_between(a, b) -> whole calendar days from a to b in the practice's zone
            "days_between": LuaHostFunction("days_between") { frame in
                let a = cal.startOfDay(for: try time(frame, 1)), b = cal.startOfDay(for: try time(frame, 2))
                frame.push(.integer(Int64(cal.dateComponents([.day], from: a, to: b).day ?? 0)))
                return 1
            },
        ]
    }

    /// A small strftime: %Y %m %d %H %M %S %A %a %B %b %j %%.
    static func strftime(_ pattern: String, _ date: Date, _ zone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        var out = ""
        var chars = pattern.makeIterator()
        while let ch = chars.next() {
            guard ch == "%", let spec = chars.next() else { out.append(ch); continue }
            switch spec {
            case "Y": out += String(format: "%04d", c.year ?? 0)
            case "m": out += String(format: "%02d", c.month ?? 0)
            case "d": out += String(format: "%02d", c.day ?? 0)
            case "H": out += String(format: "%02d", c.hour ?? 0)
            case "M": out += String(format: "%02d", c.minute ?? 0)
            case "S": out += String(format: "%02d", c.second ?? 0)
            case "A": out += days[(c.weekday ?? 1) - 1]
            case "a": out += String(days[(c.weekday ?? 1) - 1].prefix(3))
            case "B": out += months[(c.month ?? 1) - 1]
            case "b": out += String(months[(c.month ?? 1) - 1].prefix(3))
            case "j": out += String(format: "%03d", cal.ordinality(of: .day, in: .year, for: date) ?? 1)
            case "%": out += "%"
            default: out.append("%"); out.append(spec)
            }
        }
        return out
    }
}
