import Foundation
import Model
import PluginHost
import Store

/// The plugin index: what each plugin declares (`every`, `on`), read from its Lua file
/// only when the file's modification time or size changed. A tick over thousands of
/// plugins therefore stats files and reads one table instead of loading a Lua state each.
extension Tick {
    /// Brings the index up to date with the catalogue and returns the entries of the
    /// plugins present, by name, with a line for each plugin that was (re)read and
    /// cannot be scheduled.
    func refreshIndex() throws -> (entries: [PluginIndexEntry], problems: [String]) {
        let known = try store.pluginIndex()
        let scanned = scanCatalog()
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
        try store.savePluginIndex(changed, removed: removed)
        return (entries, problems)
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

    /// A value that changes when a plugin is added, removed or edited, for a daemon
    /// that polls instead of reading every plugin.
    public func catalogFingerprint() -> Int {
        var hasher = Hasher()
        for found in scanCatalog() {
            hasher.combine(found.name)
            hasher.combine(found.stamp)
        }
        return hasher.finalize()
    }

    /// When something next needs a tick: the earliest schedule occurrence still to
    /// look at, retry or claim lease. Nil when nothing is scheduled (only events can
    /// wake the daemon then).
    public func nextWake() throws -> Date? {
        var wake: Date?
        func consider(_ date: Date?) {
            guard let date else { return }
            wake = min(wake ?? date, date)
        }
        for entry in try store.pluginIndex().values where entry.error == nil && entry.every != nil {
            // A plugin whose schedule was not looked at yet needs a tick now.
            consider(entry.nextCheckAt ?? .distantPast)
        }
        for open in try store.openRuns() {
            consider(open.state == .failed ? open.nextAttemptAt : open.leaseUntil)
        }
        return wake
    }
}
