#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Model
import PluginHost
import Store

/// The plugin index: what each plugin declares (`every`, `on`), read from its Lua file
/// only when the file's modification time or size changed. A tick over thousands of
/// plugins therefore stats files and reads one table instead of loading a Lua state each.
extension Tick {
    /// A plugin file's identity for the index: modification time and size.
    struct FileStamp: Equatable, Hashable {
        var mtime: Double
        var size: Int64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            #if canImport(Darwin)
            mtime = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
            #else
            mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            #endif
            size = Int64(info.st_size)
        }
    }

    /// Brings the index up to date with the catalogue and returns the entries of the
    /// plugins present, by name, with a line for each plugin that was (re)read and
    /// cannot be scheduled.
    func refreshIndex() throws -> (entries: [PluginIndexEntry], problems: [String]) {
        let known = try store.pluginIndex()
        var entries: [PluginIndexEntry] = []
        var changed: [PluginIndexEntry] = []
        var problems: [String] = []
        var present = Set<String>()
        for location in catalog.allLocations() {
            present.insert(location.name)
            let path = location.file.path
            guard let stamp = FileStamp(path: path) else { continue }
            if let entry = known[location.name], entry.path == path, entry.mtime == stamp.mtime, entry.size == stamp.size {
                entries.append(entry)
                continue
            }
            let entry = read(location, stamp: stamp)
            if let error = entry.error { problems.append("\(location.name): \(error)") }
            changed.append(entry)
            entries.append(entry)
        }
        try store.savePluginIndex(changed, removed: known.keys.filter { !present.contains($0) })
        return (entries, problems)
    }

    /// Loads one plugin to learn its schedule and events.
    private func read(_ location: PluginLocation, stamp: FileStamp) -> PluginIndexEntry {
        var entry = PluginIndexEntry(plugin: location.name, path: location.file.path, mtime: stamp.mtime, size: stamp.size)
        do {
            let definition = try runner.check(location.name)
            entry.every = definition.every
            entry.on = definition.on
            if let every = definition.every {
                do {
                    _ = try ScheduleExpression(every)
                } catch {
                    entry.error = "\(location.displayFile): every = \"\(every)\" is not a schedule: \(error)"
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
        for location in catalog.allLocations() {
            hasher.combine(location.name)
            hasher.combine(FileStamp(path: location.file.path))
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
