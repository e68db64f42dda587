import Foundation

/// One occurrence of a plugin's schedule, or one delivery of an event to a plugin,
/// as the scheduler records it in the store (`job_runs`).
public struct JobRun: Sendable, Codable, Equatable, Identifiable {
    /// Why the plugin runs.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// An occurrence of the plugin's `every` schedule.
        case schedule
        /// An event named in the plugin's `on` list.
        case event
    }

    /// Where the job stands.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// A process holds it and is running it (until `leaseUntil`).
        case claimed
        /// It ran and its writes are in the store.
        case done
        /// It failed; it runs again at `nextAttemptAt`.
        case failed
        /// It failed too often and waits for `refer jobs retry`.
        case dead
        /// Missed occurrences that will not run (`skippedCount` of them).
        case skipped
    }

    public var id: Int64?
    public var plugin: String
    public var kind: Kind
    /// The occurrence (UTC) for a schedule; the event's time for an event.
    public var scheduledAt: Date
    /// The event delivered; 0 for a schedule occurrence.
    public var eventId: Int64
    public var eventKind: String?
    public var state: State
    /// Claims so far, the first run included.
    public var attempts: Int
    public var leaseUntil: Date?
    public var nextAttemptAt: Date?
    public var error: String?
    /// Writes the run made (done runs).
    public var changes: Int?
    /// Missed occurrences a `skipped` row stands for.
    public var skippedCount: Int
    /// Who holds or last held the claim: "host:pid".
    public var owner: String?
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(id: Int64? = nil, plugin: String, kind: Kind, scheduledAt: Date, eventId: Int64 = 0, eventKind: String? = nil,
                state: State, attempts: Int = 0, leaseUntil: Date? = nil, nextAttemptAt: Date? = nil, error: String? = nil,
                changes: Int? = nil, skippedCount: Int = 0, owner: String? = nil, startedAt: Date? = nil, finishedAt: Date? = nil) {
        self.id = id
        self.plugin = plugin
        self.kind = kind
        self.scheduledAt = scheduledAt
        self.eventId = eventId
        self.eventKind = eventKind
        self.state = state
        self.attempts = attempts
        self.leaseUntil = leaseUntil
        self.nextAttemptAt = nextAttemptAt
        self.error = error
        self.changes = changes
        self.skippedCount = skippedCount
        self.owner = owner
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// What the scheduler knows of one plugin without loading it: its `every` and `on`,
/// read once and kept while `plugin.lua` keeps its modification time and size.
public struct PluginIndexEntry: Sendable, Codable, Equatable {
    public var plugin: String
    /// The plugin.lua this entry was read from.
    public var path: String
    public var mtime: Double
    public var size: Int64
    public var every: String?
    /// Event kinds from `on`.
    public var on: [String]
    /// Why the plugin cannot be scheduled (it does not load, or `every` is not a schedule).
    public var error: String?
    /// No schedule occurrence is due before this instant (nil: look now).
    public var nextCheckAt: Date?

    public init(plugin: String, path: String, mtime: Double, size: Int64, every: String? = nil, on: [String] = [],
                error: String? = nil, nextCheckAt: Date? = nil) {
        self.plugin = plugin
        self.path = path
        self.mtime = mtime
        self.size = size
        self.every = every
        self.on = on
        self.error = error
        self.nextCheckAt = nextCheckAt
    }
}
