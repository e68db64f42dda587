import Foundation
import LuaRuntime
import Model
import Store

/// What one plugin run produced.
public struct PluginRunOutcome: Sendable {
    public var definition: PluginDefinition
    /// The writes the plugin asked for, in order.
    public var effects: [PluginEffect]
    /// What applying them did (nil for a dry run).
    public var applied: EffectsApplied?
    /// Wall-clock seconds from loading the file to the end of `run`.
    public var seconds: Double
    /// Highest Lua heap use during the run, in bytes.
    public var peakMemory: Int
}

/// Loads a plugin into a fresh sandboxed state and runs it under the practice's limits.
///
/// Each run gets its own state, so nothing a plugin does survives into the next run.
/// Loading the file, checking its table and calling `run` all count against one set of
/// limits: a plugin cannot escape them by looping at the top level of `plugin.lua`.
/// The effects it asks for are applied in one transaction after `run` returns, or not
/// at all when it fails.
public struct PluginRunner {
    public var catalog: PluginCatalog
    public var limits: LuaLimits
    public var settings: PluginRunSettings
    public var store: AppDatabase?
    /// Receives every line the plugin prints or logs, prefixed with its name.
    public var output: @Sendable (String) -> Void

    public init(practice: Practice, store: AppDatabase?, catalog: PluginCatalog? = nil, output: @escaping @Sendable (String) -> Void) {
        let config = practice.config
        self.catalog = catalog ?? PluginCatalog(practice: practice)
        self.limits = LuaLimits(config.limits)
        self.settings = PluginRunSettings(
            profile: config.practice, effectCap: config.limits.effects,
            templateFolders: [practice.root.appendingPathComponent("templates")],
            draftsNeedApproval: config.delivery.requireApproval,
            giftSelector: config.plugins.giftSelector)
        self.store = store
        self.output = output
    }

    public init(catalog: PluginCatalog, limits: LuaLimits, settings: PluginRunSettings = .init(), store: AppDatabase? = nil, output: @escaping @Sendable (String) -> Void) {
        self.catalog = catalog
        self.limits = limits
        self.settings = settings
        self.store = store
        self.output = output
    }

    /// Loads the plugin and checks its definition without calling `run`.
    public func check(_ name: String) throws -> PluginDefinition {
        let location = try catalog.locate(name)
        let state = try makeState(for: location)
        defer { state.close() }
        return try state.withLimits(limits) { try loadDefinition(location, in: state).definition }
    }

    /// Runs the plugin `name` once. With `dryRun` the effects are returned, not applied.
    @discardableResult
    public func run(_ name: String, now: Date = Date(), event: LuaValue = .nil, dryRun: Bool = false) throws -> PluginRunOutcome {
        let location = try catalog.locate(name)
        let started = Date()
        let state = try makeState(for: location)
        defer { state.close() }
        let (definition, effects): (PluginDefinition, [PluginEffect]) = try state.withLimits(limits) {
            let loaded = try loadDefinition(location, in: state)
            let session = PluginSession(definition: loaded.definition, location: location, store: store, settings: settings, now: now)
            session.giftChooser = { partner, catalogue, log in try self.chooseGift(partner: partner, catalogue: catalogue, log: log, now: now) }
            let ctx = session.context(state: state, event: event)
            do {
                try state.call(loaded.run, [ctx, event], results: 0)
            } catch let error as LuaError {
                throw PluginError.failed(plugin: location.name, error: error, limits: limits)
            }
            // A limit that tripped inside a pcall the plugin made still fails the run.
            if let tripped = state.trippedLimit {
                throw PluginError.failed(plugin: location.name, error: LuaError(kind: .limit(tripped), message: "\(tripped) exceeded", chunk: location.displayFile), limits: limits)
            }
            return (loaded.definition, session.effects)
        }
        var applied: EffectsApplied?
        if !dryRun, !effects.isEmpty {
            guard let store else { throw PluginError.unreadable(plugin: name, file: "refer.sqlite", reason: "no store to write the plugin's effects to") }
            applied = try store.apply(effects, at: now)
        }
        return PluginRunOutcome(definition: definition, effects: effects, applied: applied,
                                seconds: Date().timeIntervalSince(started), peakMemory: state.peakMemory)
    }

    func makeState(for location: PluginLocation) throws -> LuaState {
        let prefix = "[\(location.name)] "
        let output = self.output
        let name = location.name
        let zone = settings.profile.timeZone
        return try LuaState.sandboxed(LuaSandboxOptions(
            moduleDirectory: location.directory,
            moduleDisplayPrefix: location.displayPath,
            hostModules: [
                "refer": { _ in ReferModule.make(pluginName: name, timeZone: zone, log: { output(prefix + $0) }) },
                "refer.plan": { state in try PlanModule.load(state) },
            ],
            print: { output(prefix + $0) }
        ))
    }

    struct LoadedPlugin {
        var definition: PluginDefinition
        var run: LuaReference
        var table: LuaTable
    }

    func loadDefinition(_ location: PluginLocation, in state: LuaState) throws -> LoadedPlugin {
        let data: Data
        do {
            data = try Data(contentsOf: location.file)
        } catch {
            throw PluginError.unreadable(plugin: location.name, file: location.displayFile, reason: error.localizedDescription)
        }
        let results: [LuaValue]
        do {
            let chunk = try state.load(bytes: Array(data), chunkName: "@" + location.displayFile)
            results = try state.call(chunk, [], results: 1)
        } catch let error as LuaError {
            throw PluginError.failed(plugin: location.name, error: error, limits: limits)
        }
        let value = results.first ?? .nil
        let definition = try PluginDefinitionReader.read(value, location: location)
        guard case .table(let table) = value, case .reference(let run) = table["run"] else {
            throw PluginError.invalidDefinition(plugin: location.name, file: location.displayFile, reason: "field 'run' must be a Lua function")
        }
        return LoadedPlugin(definition: definition, run: run, table: table)
    }

    /// Runs the gift selector's `choose(partner, log, catalogue)` in its own sandbox.
    func chooseGift(partner: Int64, catalogue: [Gift], log: [GiftLogEntry], now: Date) throws -> Int64? {
        guard let selector = settings.giftSelector, !selector.isEmpty else { return nil }
        let location = try catalog.locate(selector)
        let state = try makeState(for: location)
        defer { state.close() }
        return try state.withLimits(limits) {
            let loaded = try loadDefinition(location, in: state)
            guard case .reference(let choose) = loaded.table["choose"], choose.typeName == "function" else {
                throw PluginError.invalidDefinition(plugin: selector, file: location.displayFile, reason: "a gift selector needs a 'choose' function: choose(partner, log, catalogue) returns a gift")
            }
            let session = PluginSession(definition: loaded.definition, location: location, store: store, settings: settings, now: now)
            var partnerRow: LuaValue = .table(LuaTable(["id": .integer(partner)]))
            if let store, let detail = try? store.partner(id: partner) { partnerRow = session.partnerRow(detail, state: state) }
            let logRows = LuaValue.table(LuaTable(array: log.map { session.giftLogRow($0, state: state) }))
            let catalogueRows = LuaValue.table(LuaTable(array: catalogue.map { session.giftRow($0) }))
            let result: [LuaValue]
            do {
                result = try state.call(choose, [partnerRow, logRows, catalogueRows], results: 1)
            } catch let error as LuaError {
                throw PluginError.failed(plugin: selector, error: error, limits: limits)
            }
            return result.first?.rowId
        }
    }
}

extension LuaLimits {
    /// The limits a practice's refer.toml sets.
    public init(_ limits: PluginLimits) {
        self.init(memoryBytes: limits.memoryMiB << 20, instructions: limits.instructions, timeout: limits.timeoutSeconds)
    }
}
