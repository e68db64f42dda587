import Foundation
import Model
import PluginHost
import Store

/// The plugin index: what each plugin declares (`every`, `on`), read from its Lua file
/// only when the file's modification time or size changed. A tick over thousands of
/// plugins therefore stats files and reads one table instead of loading a Lua state each.
extension Tick {
    /// What a tick needs from the index: the schedules whose next check has come, the
    /// plugins that listen to events, and a line for each plugin that was (re)read and
    /// cannot be scheduled.
    struct TickIndex {
        var due: [PluginIndexEntry]
        var listeners: [PluginIndexEntry]
        var problems: [String]
    }

    /// The index for a tick at `now`. When the plugin files on disk have the fingerprint
    /// stored with the index, it was read from these very files, and only the rows the
    /// tick needs are read; otherwise the index is brought up to date first.
    func tickIndex(now: Date) throws -> TickIndex {
        let scanned = scanCatalog()
        if try store.pluginCatalogFingerprint() == Self.fingerprint(of: scanned) {
            return TickIndex(due: try store.dueSchedules(at: now), listeners: try store.eventListeners(), problems: [])
        }
        let index = try refreshIndex(scanned: scanned)
        var result = TickIndex(due: [], listeners: [], problems: index.problems)
        for entry in index.entries where entry.error == nil {
            if entry.every != nil, (entry.nextCheckAt ?? .distantPast) <= now { result.due.append(entry) }
            if !entry.on.isEmpty { result.listeners.append(entry) }
        }
        return result
    }

    /// Whether a tick at `now` would find nothing to do: the plugin files are those the
    /// index was read from (`fingerprint`, from `catalogFingerprint`), no schedule's next
    /// check has come, no run is open, and no listening plugin has an event waiting. Only
    /// reads, so it can use a read-only connection: `refer tick` asks this first, since
    /// most ticks find nothing to do and opening the store for writing costs a write and,
    /// at exit, a checkpoint. Errors (an older store without the fingerprint, say) mean
    /// "look properly".
    public static func nothingDue(at now: Date, fingerprint: Int64, store: AppDatabase) -> Bool {
        do {
            guard try store.pluginCatalogFingerprint() == fingerprint,
                  try store.dueSchedules(at: now).isEmpty, try !store.hasOpenRuns() else { return false }
            let listeners = try store.eventListeners()
            guard !listeners.isEmpty else { return true }
            let newest = try store.lastEventId()
            let cursors = try store.eventCursors()
            for listener in listeners {
                let cursor = cursors[listener.plugin] ?? newest
                if cursor < newest, try store.nextEvent(after: cursor, kinds: listener.on) != nil { return false }
            }
            return true
        } catch {
            return false
        }
    }

    /// The fingerprint of the catalogue's plugin files as they are now, for `nothingDue`.
    public static func catalogFingerprint(_ catalog: PluginCatalog) -> Int64 {
        fingerprint(of: scanCatalog(catalog, ordered: false))
    }

    /// Brings the index up to date with the catalogue and returns the entries of the
    /// plugins present, by name, with a line for each plugin that was (re)read and
    /// cannot be scheduled.
    func refreshIndex() throws -> (entries: [PluginIndexEntry], problems: [String]) {
        try refreshIndex(scanned: scanCatalog())
    }

    private func refreshIndex(scanned: [FoundPlugin]) throws -> (entries: [PluginIndexEntry], problems: [String]) {
        let known = try store.pluginIndex()
        var entries: [PluginIndexEntry] = []
        entries.reserveCapacity(scanned.count)
        var changed: [PluginIndexEntry] = []
        var problems: [String] = []
        var stillThere = 0
        for found in scanned {
            if let entry = known[found.name] {
                stillThere += 1
                if entry.path == found.path, entry.mtime == found.stamp.mtime, entry.size == found.stamp.size {
                    entries.append(entry)
                    continue
                }
            }
            let entry = read(found)
            if let error = entry.error { problems.append("\(found.name): \(error)") }
            changed.append(entry)
            entries.append(entry)
        }
        var removed: [String] = []
        if stillThere < known.count {
            let present = Set(scanned.map(\.name))
            removed = known.keys.filter { !present.contains($0) }
        }
        // Saving also stores the fingerprint; with nothing to change it is needed only
        // when the stored one is missing or stale.
        let stale = try store.pluginCatalogFingerprint() != Self.fingerprint(of: scanned)
        if !changed.isEmpty || !removed.isEmpty || stale {
            try store.savePluginIndex(changed, removed: removed)
        }
        return (entries, problems)
    }

    /// The fingerprint of the plugin files found, as the store computes it from the index rows.
    static func fingerprint(of scanned: [FoundPlugin]) -> Int64 {
        var fingerprint = PluginCatalogFingerprint()
        // The plugins of one root share their folder: its bytes are hashed once.
        var folder: (text: String, hash: PluginCatalogFingerprint.PathPrefix)?
        for found in scanned {
            if folder?.text != found.folder { folder = (found.folder, PluginCatalogFingerprint.PathPrefix(found.folder)) }
            fingerprint.add(folder: folder!.hash, subfolder: found.subfolder, file: "plugin.lua", mtime: found.stamp.mtime, size: found.stamp.size)
        }
        return fingerprint.value
    }

    /// Loads one plugin to learn its schedule and events.
    private func read(_ found: FoundPlugin) -> PluginIndexEntry {
        var entry = PluginIndexEntry(plugin: found.name, path: found.path, mtime: found.stamp.mtime, size: found.stamp.size)
        do {
            let definition = try runner.check(found.name)
            entry.every = definition.every
            entry.on = definition.on
            if let every = definition.every {
                do {
                    _ = try ScheduleExpression(every)
                } catch {
                    entry.error = "every = \"\(every)\" is not a schedule: \(error)"
                }
            }
        } catch {
            entry.error = "\(error)"
        }
        return entry
    }
}
