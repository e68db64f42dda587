import Foundation
import LuaRuntime
import Model
import Store

/// One run of one plugin: what it may do, what it asked for, and the `ctx` it sees.
///
/// Reads go to the store through SQL filters; writes become `PluginEffect`s collected
/// here and applied by the runner in one transaction after `run` returns.
final class PluginSession {
    let definition: PluginDefinition
    let location: PluginLocation
    let permissions: PluginPermissions
    let store: AppDatabase?
    let settings: PluginRunSettings
    let now: Date
    private(set) var effects: [PluginEffect] = []
    /// Row metatables by kind, made once per run.
    var metatables: [String: LuaReference] = [:]
    /// Runs the practice's gift selector: partner id, catalogue, the partner's gift log → gift id.
    var giftChooser: ((Int64, [Gift], [GiftLogEntry]) throws -> Int64?)?

    init(definition: PluginDefinition, location: PluginLocation, store: AppDatabase?, settings: PluginRunSettings, now: Date) {
        self.definition = definition
        self.location = location
        self.permissions = PluginPermissions(definition.permissions)
        self.store = store
        self.settings = settings
        self.now = now
    }

    var plugin: String { definition.name }

    /// The store, when the plugin may read `area`.
    func readable(_ area: String) throws -> AppDatabase {
        guard permissions.mayRead(area) else {
            throw PluginRuleError.permission("read:\(area)", plugin: plugin, action: "read \(area)")
        }
        guard let store else { throw PluginRuleError(description: "this run has no store to read \(area) from") }
        return store
    }

    /// Records an effect after checking the permission and the cap.
    func ask(_ effect: PluginEffect, action: String) throws {
        guard permissions.mayAsk(effect.kind) else {
            throw PluginRuleError.permission(effect.kind.permission, plugin: plugin, action: action)
        }
        guard effects.count < settings.effectCap else {
            throw PluginRuleError(description: "plugin '\(plugin)' asked for more than \(settings.effectCap) effects in one run; nothing was written (raise [limits] effects in refer.toml if it really needs more)")
        }
        effects.append(effect)
    }

    /// The default idempotency key: plugin, what the effect is about, and why.
    func key(_ explicit: String?, _ parts: String...) -> String {
        if let explicit, !explicit.isEmpty { return "\(plugin)/\(explicit)" }
        return ([plugin] + parts).joined(separator: "/")
    }
}

/// Settings of a run that come from refer.toml.
public struct PluginRunSettings: Sendable {
    public var profile: PracticeConfig.Profile
    /// Most effects one run may ask for.
    public var effectCap: Int
    /// Folders searched for outreach templates after the plugin's own `templates/`
    /// (the practice's `templates/` first, which overrides).
    public var templateFolders: [URL]
    /// Whether drafted messages wait for `refer outbox approve`.
    public var draftsNeedApproval: Bool
    /// The plugin that picks gifts (`ctx.gifts.choose`).
    public var giftSelector: String?

    public static let defaultEffectCap = 1000

    public init(profile: PracticeConfig.Profile = .init(), effectCap: Int = PluginRunSettings.defaultEffectCap,
                templateFolders: [URL] = [], draftsNeedApproval: Bool = true, giftSelector: String? = "gift-picker") {
        self.profile = profile
        self.effectCap = effectCap
        self.templateFolders = templateFolders
        self.draftsNeedApproval = draftsNeedApproval
        self.giftSelector = giftSelector
    }
}

extension LuaValue {
    /// An id from a row table (its `id` field) or a number.
    var rowId: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int64(exactly: d)
        case .table(let t): return t["id"].intValue.map(Int64.init)
        default: return nil
        }
    }

    /// Seconds since 1970 as a date.
    var date: Date? { doubleValue.map { Date(timeIntervalSince1970: $0) } }
}

extension LuaTable {
    /// A string field, or nil.
    func string(_ key: String) -> String? { self[key].stringValue }
}
