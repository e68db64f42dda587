import Model

/// What a plugin may read and which effects it may ask for, from its `permissions`.
///
/// Reads: `read:contacts`, `read:partners`, `read:referrals`, `read:touches`,
/// `read:gifts`, `read:activities`, `read:events`, `read:tasks`, `read:alerts`, `read:reports`, or
/// `read` for all of them. Effects: `touches`, `tasks`, `outreach`, `gifts`,
/// `referrals` (statuses, thanks), `partners`, `alerts`, `events` (invitations).
public struct PluginPermissions: Sendable, Equatable {
    public static let readAreas = ["contacts", "partners", "referrals", "touches", "gifts", "activities", "events", "tasks", "alerts", "reports"]
    public static let effectNames = PluginEffect.Kind.allCases.map(\.permission).reduce(into: [String]()) { names, name in
        if !names.contains(name) { names.append(name) }
    }
    /// Every permission a plugin may declare.
    public static let known: [String] = ["read"] + readAreas.map { "read:" + $0 } + effectNames

    public let granted: Set<String>

    public init(_ declared: [String]) { granted = Set(declared) }

    /// Whether the plugin may read `area` (e.g. "partners").
    public func mayRead(_ area: String) -> Bool { granted.contains("read") || granted.contains("read:" + area) }

    /// Whether the plugin may ask for effects of `kind`.
    public func mayAsk(_ kind: PluginEffect.Kind) -> Bool { granted.contains(kind.permission) }

    /// The declared permissions that are not known, for `refer plugin check`.
    public static func unknown(in declared: [String]) -> [String] { declared.filter { !known.contains($0) } }
}

/// Raised inside a run when a plugin reaches past its permissions or its effect cap.
struct PluginRuleError: Error, CustomStringConvertible {
    var description: String

    static func permission(_ permission: String, plugin: String, action: String) -> PluginRuleError {
        PluginRuleError(description: "plugin '\(plugin)' may not \(action): it needs the permission \"\(permission)\" (add it to permissions in plugin.lua)")
    }
}
