import Foundation

/// A pack's `pack.toml`: who made it, what it holds and what it needs.
///
/// Only data: reading a manifest never runs Lua.
public struct PackManifest: Sendable, Equatable {
    public static let fileName = "pack.toml"

    /// Lowercase letters, digits and dashes, e.g. `gift-ideas`.
    public var name: String
    public var version: SemanticVersion
    public var description: String
    public var authors: [String]
    public var license: String?
    /// The host API versions this pack works with (see `PackHost.apiVersion`).
    public var hostAPI: VersionRange
    /// Plugin names; each is a folder `plugins/NAME/` with `plugin.lua`.
    public var plugins: [String]
    /// Template files (paths inside the pack), e.g. `plugins/x/templates/thanks.mustache`.
    public var templates: [String]
    /// Data files (paths inside the pack), e.g. a gift catalogue `data/gifts.csv`.
    public var data: [String]
    /// What the plugins may do: `outreach`, `tasks`, `gifts`, `read:contacts`, ...
    public var permissions: [String]
    /// Other packs this one needs, each with the versions it accepts.
    public var dependencies: [PackDependency]

    /// A manifest from its parts; `parse` and `load` read one from pack.toml.
    public init(
        name: String, version: SemanticVersion, description: String = "", authors: [String] = [],
        license: String? = nil, hostAPI: VersionRange, plugins: [String] = [], templates: [String] = [],
        data: [String] = [], permissions: [String] = [], dependencies: [PackDependency] = []
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.authors = authors
        self.license = license
        self.hostAPI = hostAPI
        self.plugins = plugins
        self.templates = templates
        self.data = data
        self.permissions = permissions
        self.dependencies = dependencies
    }

    /// `name@version`, the folder name under packs/.
    public var id: String { "\(name)@\(version)" }

    /// True when `name` is a valid pack or plugin name.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 64 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-")
        return name.unicodeScalars.allSatisfy(allowed.contains) && first != "-" && name.last != "-"
    }

    /// True when `permission` looks like `tasks` or `read:contacts`.
    public static func isValidPermission(_ permission: String) -> Bool {
        let parts = permission.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz_-")
        return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(allowed.contains) }
    }
}

/// One `[dependencies]` entry: `name = "range"`.
public struct PackDependency: Sendable, Hashable, Codable {
    public var name: String
    public var range: VersionRange

    /// A dependency on `name` at versions in `range`.
    public init(name: String, range: VersionRange) {
        self.name = name
        self.range = range
    }
}
