import Foundation

/// A plugin that an installed pack supplies to the practice.
public struct InstalledPlugin: Sendable, Equatable {
    public var name: String
    public var pack: String
    public var version: SemanticVersion
    /// `packs/NAME@VERSION/plugins/PLUGIN`, holding plugin.lua and templates/.
    public var folder: URL
    /// What the user agreed the pack's plugins may do.
    public var permissions: [String]
}

extension PackLock {
    /// The plugins installed packs supply, by name, leaving out those another pack's
    /// plugin of the same name overrides. This is what the plugin host should load.
    public func activePlugins(packsDirectory: URL) -> [InstalledPlugin] {
        packs.flatMap { entry in
            entry.plugins.filter { !entry.shadowedPlugins.contains($0) }.map { plugin in
                InstalledPlugin(
                    name: plugin, pack: entry.name, version: entry.version,
                    folder: packsDirectory.appendingPathComponent(entry.folderName).appendingPathComponent("plugins/\(plugin)"),
                    permissions: entry.permissions)
            }
        }.sorted { $0.name < $1.name }
    }
}
