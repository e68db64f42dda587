import LuaRuntime

/// Why a plugin could not be found, loaded or run. Every case names the plugin and,
/// where known, the file and line.
public enum PluginError: Error, CustomStringConvertible {
    case notFound(name: String, searched: [String])
    case invalidName(String)
    case unreadable(plugin: String, file: String, reason: String)
    case invalidDefinition(plugin: String, file: String, reason: String)
    case failed(plugin: String, error: LuaError, limits: LuaLimits)

    public var description: String {
        switch self {
        case .notFound(let name, let searched):
            return "no plugin named '\(name)' (looked in \(searched.joined(separator: ", "))). `refer plugin list` shows the plugins there are."
        case .invalidName(let name):
            return "'\(name)' is not a plugin name (use lower-case letters, digits and '-')"
        case .unreadable(let plugin, let file, let reason):
            return "plugin '\(plugin)': cannot read \(file): \(reason)"
        case .invalidDefinition(let plugin, let file, let reason):
            return "plugin '\(plugin)': \(file): \(reason)"
        case .failed(let plugin, let error, let limits):
            return "plugin '\(plugin)' failed: \(PluginError.describe(error, limits: limits))"
        }
    }

    /// The Lua error, with the limit's value spelled out when a limit stopped the run.
    static func describe(_ error: LuaError, limits: LuaLimits) -> String {
        guard case .limit(let kind) = error.kind else { return error.description }
        let detail: String
        switch kind {
        case .memory: detail = "\(limits.memoryBytes >> 20) MiB; raise [limits] memory_mib in refer.toml if the plugin needs more"
        case .time: detail = "\(formatSeconds(limits.timeout)); raise [limits] timeout_seconds in refer.toml if the plugin needs more"
        case .instructions: detail = "\(limits.instructions) instructions; raise [limits] instructions in refer.toml if the plugin needs more"
        case .cancelled: detail = "the run was cancelled"
        }
        var text = error.description
        if !text.contains("exceeded") { text += " (\(kind) exceeded)" }
        return "\(text) (\(detail))"
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// The Lua traceback of a failed run, when there is one.
    public var traceback: String? {
        if case .failed(_, let error, _) = self { return error.traceback }
        return nil
    }
}
