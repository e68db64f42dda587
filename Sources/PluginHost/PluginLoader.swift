import Foundation
import LuaRuntime
import Store

/// Finds plugins by name: the practice's own `plugins/` first, then the other roots
/// (installed packs, the built-in plugins) in order.
public struct PluginCatalog: Sendable {
    /// Folders that hold plugin folders, highest priority first, with display names.
    public var roots: [(url: URL, display: String)]
    /// Single plugins (from installed packs), searched after the first root (the
    /// practice's own plugins/) and before the others (the built-ins).
    public var plugins: [PluginLocation] = []

    public init(roots: [(url: URL, display: String)], plugins: [PluginLocation] = []) {
        self.roots = roots
        self.plugins = plugins
    }

    /// The catalogue of a practice: its `plugins/` folder.
    public init(practice: Practice) {
        self.roots = [(practice.pluginsDirectory, "plugins")]
    }

    /// Where the plugin `name` lives.
    public func locate(_ name: String) throws -> PluginLocation {
        guard PluginCatalog.isValidName(name) else { throw PluginError.invalidName(name) }
        for (index, root) in roots.enumerated() {
            let dir = root.url.appendingPathComponent(name, isDirectory: true)
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("plugin.lua").path) {
                return PluginLocation(name: name, directory: dir, displayPath: root.display + "/" + name)
            }
            if index == 0, let packed = plugins.first(where: { $0.name == name }) { return packed }
        }
        if roots.isEmpty, let packed = plugins.first(where: { $0.name == name }) { return packed }
        throw PluginError.notFound(name: name, searched: roots.map { $0.display + "/" } + (plugins.isEmpty ? [] : ["installed packs"]))
    }

    /// Every plugin name found, each once (the first root that has it wins).
    public func allLocations() -> [PluginLocation] {
        var seen = Set<String>()
        var out: [PluginLocation] = []
        for (index, root) in roots.enumerated() {
            if index == 1 {
                for p in plugins where !seen.contains(p.name) { seen.insert(p.name); out.append(p) }
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.url.path)) ?? []
            for name in names.sorted() where PluginCatalog.isValidName(name) && !seen.contains(name) {
                let dir = root.url.appendingPathComponent(name, isDirectory: true)
                guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("plugin.lua").path) else { continue }
                seen.insert(name)
                out.append(PluginLocation(name: name, directory: dir, displayPath: root.display + "/" + name))
            }
        }
        return out
    }

    /// Plugin names: lower-case ASCII letters, digits and '-' (they are folder names
    /// and appear in commands).
    public static func isValidName(_ name: String) -> Bool {
        // Bytes, not characters: the scheduler asks this of every folder in a plugin root.
        let bytes = name.utf8
        guard let first = bytes.first, bytes.count <= 64 else { return false }
        func lowerOrDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
        guard lowerOrDigit(first) else { return false }
        return bytes.allSatisfy { lowerOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }
}

/// Reads and checks the table a `plugin.lua` returns.
enum PluginDefinitionReader {
    static func read(_ value: LuaValue, location: PluginLocation) throws -> PluginDefinition {
        func invalid(_ reason: String) -> PluginError {
            .invalidDefinition(plugin: location.name, file: location.displayFile, reason: reason)
        }
        guard case .table(let table) = value else {
            throw invalid("plugin.lua must return the plugin's table (`return refer.plugin { name = ..., description = ..., run = function(ctx) ... end }`), but it returned \(value.typeName)")
        }
        if !table.array.isEmpty {
            throw invalid("the plugin table has \(table.array.count) positional value(s); every field needs a name (name = ..., run = ...)")
        }
        for (key, _) in table.fields {
            guard let k = key.stringValue, case .string = key else {
                throw invalid("the plugin table has a \(key.typeName) key; fields are named with strings")
            }
            if !PluginDefinition.knownFields.contains(k) {
                throw invalid("unknown field '\(k)' (known fields: \(PluginDefinition.knownFields.joined(separator: ", ")))")
            }
        }
        guard case .string(let nameValue) = table["name"], let name = nameValue.utf8, !name.isEmpty else {
            throw invalid("field 'name' must be a non-empty string (got \(table["name"].typeName))")
        }
        if name != location.name {
            throw invalid("field 'name' is '\(name)' but the plugin's folder is '\(location.name)'; they must match")
        }
        guard case .string(let descValue) = table["description"], let description = descValue.utf8,
              !description.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw invalid("field 'description' must be a non-empty string (got \(table["description"].typeName))")
        }
        switch table["run"] {
        case .reference(let r) where r.typeName == "function": break
        case .function: break
        default:
            throw invalid("field 'run' must be a function (got \(table["run"].typeName))")
        }
        let on = try stringList(table["on"], field: "on", invalid: invalid)
        for event in on where !isEventName(event) {
            throw invalid("field 'on': '\(event)' is not an event name (events look like \"referral.received\")")
        }
        var every: String?
        switch table["every"] {
        case .nil: every = nil
        case .string(let s):
            guard let text = s.utf8, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw invalid("field 'every' must be a schedule such as \"every monday 09:00\" (got an empty string)")
            }
            every = text
        default:
            throw invalid("field 'every' must be a string such as \"every monday 09:00\" (got \(table["every"].typeName))")
        }
        let permissions = try stringList(table["permissions"], field: "permissions", invalid: invalid)
        return PluginDefinition(name: name, description: description, on: on, every: every, permissions: permissions)
    }

    private static func stringList(_ value: LuaValue, field: String, invalid: (String) -> PluginError) throws -> [String] {
        switch value {
        case .nil: return []
        case .string(let s): return [s.description]
        case .table(let t):
            guard t.fields.isEmpty else { throw invalid("field '\(field)' must be a list of strings (it has named keys)") }
            return try t.array.enumerated().map { i, v in
                guard case .string(let s) = v, let text = s.utf8 else {
                    throw invalid("field '\(field)': item \(i + 1) must be a string (got \(v.typeName))")
                }
                return text
            }
        default:
            throw invalid("field '\(field)' must be a list of strings (got \(value.typeName))")
        }
    }

    static func isEventName(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "_" || ("0"..."9").contains($0) }
        }
    }
}

extension PluginCatalog {
    /// The built-in plugins: `$REFER_BUILTIN_PLUGINS`, else the `plugins/` folder that
    /// ships beside the `refer` binary's package, else none.
    public static func builtInDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let path = environment["REFER_BUILTIN_PLUGINS"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        // Installed: <prefix>/bin/refer with <prefix>/share/refer/plugins.
        let share = dir.deletingLastPathComponent().appendingPathComponent("share/refer/plugins")
        if FileManager.default.fileExists(atPath: share.path) { return share }
        // Built in a checkout: <checkout>/.build/<triple>/<config>/refer.
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("plugins")
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: candidate.path) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// The practice's own plugins first, then extra roots (installed packs), then the
    /// built-in plugins: a plugin of the same name earlier in the list wins.
    public static func forPractice(_ practice: Practice, packPlugins: [PluginLocation] = []) -> PluginCatalog {
        var roots = [(practice.pluginsDirectory, "plugins")]
        if let builtIn = builtInDirectory() { roots.append((builtIn, "built-in")) }
        return PluginCatalog(roots: roots, plugins: packPlugins)
    }
}
