import Foundation
import LuaRuntime
import Model
import Store

/// What one plugin run produced.
public struct PluginRunOutcome: Sendable {
    public var definition: PluginDefinition
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
public struct PluginRunner {
    public var catalog: PluginCatalog
    public var limits: LuaLimits
    public var practiceProfile: PracticeConfig.Profile
    /// Receives every line the plugin prints or logs, prefixed with its name.
    public var output: @Sendable (String) -> Void

    public init(practice: Practice, output: @escaping @Sendable (String) -> Void) {
        self.catalog = PluginCatalog(practice: practice)
        self.limits = LuaLimits(practice.config.limits)
        self.practiceProfile = practice.config.practice
        self.output = output
    }

    public init(catalog: PluginCatalog, limits: LuaLimits, profile: PracticeConfig.Profile = .init(), output: @escaping @Sendable (String) -> Void) {
        self.catalog = catalog
        self.limits = limits
        self.practiceProfile = profile
        self.output = output
    }

    /// Loads the plugin and checks its definition without calling `run`.
    public func check(_ name: String) throws -> PluginDefinition {
        let location = try catalog.locate(name)
        let state = try makeState(for: location)
        defer { state.close() }
        return try state.withLimits(limits) {
            try loadDefinition(location, in: state).0
        }
    }

    /// Runs the plugin `name` once, by hand.
    @discardableResult
    public func run(_ name: String, now: Date = Date()) throws -> PluginRunOutcome {
        let location = try catalog.locate(name)
        let started = Date()
        let state = try makeState(for: location)
        defer { state.close() }
        let definition: PluginDefinition = try state.withLimits(limits) {
            let (definition, run) = try loadDefinition(location, in: state)
            let ctx = makeContext(definition: definition, now: now)
            do {
                try state.call(run, [ctx], results: 0)
            } catch let error as LuaError {
                throw PluginError.failed(plugin: location.name, error: error, limits: limits)
            }
            // A limit that tripped inside a pcall the plugin made still fails the run.
            if let tripped = state.trippedLimit {
                throw PluginError.failed(plugin: location.name, error: LuaError(kind: .limit(tripped), message: "\(tripped) exceeded", chunk: location.displayFile), limits: limits)
            }
            return definition
        }
        return PluginRunOutcome(definition: definition, seconds: Date().timeIntervalSince(started), peakMemory: state.peakMemory)
    }

    func makeState(for location: PluginLocation) throws -> LuaState {
        let prefix = "[\(location.name)] "
        let output = self.output
        let name = location.name
        return try LuaState.sandboxed(LuaSandboxOptions(
            moduleDirectory: location.directory,
            moduleDisplayPrefix: location.displayPath,
            hostModules: ["refer": { _ in ReferModule.make(pluginName: name, log: { output(prefix + $0) }) }],
            print: { output(prefix + $0) }
        ))
    }

    func loadDefinition(_ location: PluginLocation, in state: LuaState) throws -> (PluginDefinition, LuaReference) {
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
        return (definition, run)
    }

    func makeContext(definition: PluginDefinition, now: Date) -> LuaValue {
        var practice = LuaTable()
        practice["name"] = .string(LuaString(practiceProfile.name))
        practice["timezone"] = .string(LuaString(practiceProfile.timezone))
        var ctx = LuaTable()
        ctx["now"] = .integer(Int64(now.timeIntervalSince1970.rounded(.down)))
        ctx["plugin"] = .string(LuaString(definition.name))
        ctx["practice"] = .table(practice)
        return .table(ctx)
    }
}

extension LuaLimits {
    /// The limits a practice's refer.toml sets.
    public init(_ limits: PluginLimits) {
        self.init(memoryBytes: limits.memoryMiB << 20, instructions: limits.instructions, timeout: limits.timeoutSeconds)
    }
}
