import Foundation

/// A version of a pack that could be installed, or is installed already.
public struct PackCandidate: Sendable, Equatable {
    public var name: String
    public var version: SemanticVersion
    public var dependencies: [PackDependency]
    public var plugins: [String]
    /// Which source offers it; the resolver only carries it along.
    public var origin: Int
    public var isInstalled: Bool

    /// A version on offer; `origin` tells the caller where it came from.
    public init(name: String, version: SemanticVersion, dependencies: [PackDependency] = [], plugins: [String] = [], origin: Int = 0, isInstalled: Bool = false) {
        self.name = name
        self.version = version
        self.dependencies = dependencies
        self.plugins = plugins
        self.origin = origin
        self.isInstalled = isInstalled
    }

    /// `name version`, as messages show it.
    public var id: String { "\(name) \(version)" }
}

/// Picks one version of every pack needed so that every dependency range holds.
///
/// Requested packs are fixed. A dependency keeps its installed version when that fits,
/// else takes the highest available version that fits every range asking for it.
/// When none does, the error lists who asks for what and what is available.
public enum DependencyResolver {
    /// Returns the chosen version of every pack in the resulting set, installed ones included.
    public static func resolve(requested: [PackCandidate], available: [PackCandidate], installed: [PackCandidate]) throws -> [String: PackCandidate] {
        var chosen: [String: PackCandidate] = [:]
        for candidate in installed { chosen[candidate.name] = candidate }
        let fixed = Set(requested.map(\.name))
        for candidate in requested { chosen[candidate.name] = candidate }
        let pool = available + installed + requested

        // Each round re-reads every range; a change may bring new ranges, so repeat until
        // nothing changes. The bound stops a cycle of packs that keep displacing each other.
        for _ in 0..<(pool.count + 2) {
            var demands: [String: [(range: VersionRange, by: String)]] = [:]
            for pack in chosen.values.sorted(by: { $0.name < $1.name }) {
                for dependency in pack.dependencies {
                    demands[dependency.name, default: []].append((dependency.range, pack.id))
                }
            }
            var changed = false
            for name in demands.keys.sorted() {
                let wanted = demands[name]!
                if let current = chosen[name], wanted.allSatisfy({ $0.range.contains(current.version) }) { continue }
                let versions = pool.filter { $0.name == name }
                let fits = versions.filter { c in wanted.allSatisfy { $0.range.contains(c.version) } }
                guard !fixed.contains(name), let best = fits.max(by: { $0.version < $1.version }) else {
                    throw failure(name: name, wanted: wanted, versions: versions, fixed: fixed.contains(name) ? chosen[name] : nil)
                }
                chosen[name] = best
                changed = true
            }
            if !changed { return chosen }
        }
        throw PackError.dependencyConflict(pack: "the requested packs", demands: ["their dependencies keep replacing each other"], available: [])
    }

    private static func failure(name: String, wanted: [(range: VersionRange, by: String)], versions: [PackCandidate], fixed: PackCandidate?) -> PackError {
        let available = Array(Set(versions.map { $0.version })).sorted().map(\.description)
        var lines = wanted.map { "\($0.by) needs \(name) \($0.range)" }
        if let fixed { lines.append("you asked for \(fixed.id)") }
        if wanted.count == 1, fixed == nil {
            return .dependencyUnsatisfied(pack: name, requiredBy: wanted[0].by, range: wanted[0].range.text, available: available)
        }
        return .dependencyConflict(pack: name, demands: lines, available: available)
    }

    /// Decides which pack supplies each plugin name. Two packs offering the same plugin
    /// need a choice in `prefer` (pack names); earlier choices in `shadowed` stay.
    /// Returns, per pack, the plugins it does not supply.
    public static func choosePlugins(packs: [PackCandidate], prefer: [String], shadowed: [String: [String]]) throws -> [String: [String]] {
        var providers: [String: [String]] = [:]
        for pack in packs.sorted(by: { $0.name < $1.name }) {
            for plugin in pack.plugins { providers[plugin, default: []].append(pack.name) }
        }
        var result: [String: [String]] = [:]
        for (plugin, names) in providers.sorted(by: { $0.key < $1.key }) where names.count > 1 {
            let winner: String
            if let preferred = names.first(where: prefer.contains) {
                winner = preferred
            } else {
                let active = names.filter { !(shadowed[$0] ?? []).contains(plugin) }
                guard active.count == 1 else { throw PackError.pluginProvidedTwice(plugin: plugin, packs: names) }
                winner = active[0]
            }
            for name in names where name != winner { result[name, default: []].append(plugin) }
        }
        return result
    }
}
