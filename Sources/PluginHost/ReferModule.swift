import Foundation
import LuaRuntime

/// The `refer` module plugins `require`: the plugin constructor and small helpers.
enum ReferModule {
    /// The host API version plugins and packs can check.
    static let apiVersion = "1.0"

    static func make(pluginName: String, log: @escaping (String) -> Void) -> LuaValue {
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
                let n = try frame.checkNumber(1)
                let value = n * seconds
                if let exact = Int64(exactly: value) { frame.push(.integer(exact)) } else { frame.push(.number(value)) }
                return 1
            })
        }
        module["log"] = .function(LuaHostFunction("log") { frame in
            var parts: [String] = []
            if frame.argumentCount > 0 {
                for i in 1...frame.argumentCount { parts.append(try frame.state.describe(frame, i)) }
            }
            log(parts.joined(separator: "\t"))
            return 0
        })
        return .table(module)
    }
}

extension LuaState {
    /// Text for argument `i`, as `print` would show it.
    func describe(_ frame: LuaCallFrame, _ i: Int32) throws -> String {
        let v = frame.argument(i)
        switch v {
        case .string(let s): return s.description
        case .integer, .number: return v.stringValue ?? ""
        case .boolean(let b): return b ? "true" : "false"
        case .nil: return "nil"
        default: return "<\(v.typeName)>"
        }
    }
}
