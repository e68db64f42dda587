import Foundation

/// What a plugin says about itself: the table its `plugin.lua` returns.
public struct PluginDefinition: Sendable, Equatable {
    /// The plugin's name; equal to its folder's name.
    public var name: String
    /// One line saying what the plugin does.
    public var description: String
    /// Events that trigger it, e.g. "referral.received".
    public var on: [String]
    /// Its schedule, e.g. "every monday 09:00" or a cron expression.
    public var every: String?
    /// What it may read and which effects it may ask for.
    public var permissions: [String]

    public init(name: String, description: String, on: [String] = [], every: String? = nil, permissions: [String] = []) {
        self.name = name
        self.description = description
        self.on = on
        self.every = every
        self.permissions = permissions
    }

    /// The fields a definition may have.
    public static let knownFields = [
        "name", "description", "run", "on", "every", "permissions",
        // Roles (DESIGN.md "A plugin"): a gift selector's choose function, a plan's
        // details, and the kind of plugin it is.
        "kind", "choose", "applies_to", "steps", "cadence", "benefits", "asks",
    ]
}

/// Where a plugin lives.
public struct PluginLocation: Sendable, Equatable {
    /// The plugin's name (its folder's name).
    public var name: String
    /// The plugin's folder.
    public var directory: URL
    /// How messages name the folder, relative to the practice, e.g. "plugins/thank-you".
    public var displayPath: String

    public var file: URL { directory.appendingPathComponent("plugin.lua") }
    public var displayFile: String { displayPath + "/plugin.lua" }

    public init(name: String, directory: URL, displayPath: String) {
        self.name = name
        self.directory = directory
        self.displayPath = displayPath
    }
}
