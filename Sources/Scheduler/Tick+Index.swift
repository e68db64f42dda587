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
        for found in scanCatalog() {
            present.insert(found.name)
            if let entry = known[found.name], entry.path == found.path, entry.mtime == found.stamp.mtime, entry.size == found.stamp.size {
                entries.append(entry)
                continue
            }
            let entry = read(found)
            if let error = entry.error { problems.append("\(found.name): \(error)") }
            changed.append(entry)
            entries.append(entry)
        }
        try store.savePluginIndex(changed, removed: known.keys.filter { !present.contains($0) })
        return (entries, problems)
    }

    /// A plugin file found by `scanCatalog`.
    struct FoundPlugin {
        var name: String
        var path: String
        var stamp: FileStamp
    }

    /// The catalogue's plugins with their files' stamps, in the catalogue's order of
    /// precedence (the practice's plugins, installed packs, the other roots), each name
    /// once. Works on path strings and one `stat` per plugin: building a `URL` per
    /// plugin, as `PluginCatalog.allLocations()` does, costs more than the whole tick
    /// should on a practice with thousands of plugins.
    func scanCatalog() -> [FoundPlugin] {
        var seen = Set<String>()
        var found: [FoundPlugin] = []
        func add(_ name: String, _ path: String) {
            guard !seen.contains(name), PluginCatalog.isValidName(name), let stamp = FileStamp(path: path) else { return }
            seen.insert(name)
            found.append(FoundPlugin(name: name, path: path, stamp: stamp))
        }
        for (index, root) in catalog.roots.enumerated() {
            let folder = root.url.path
            for name in Self.folderNames(folder).sorted() { add(name, folder + "/" + name + "/plugin.lua") }
            if index == 0 { for plugin in catalog.plugins { add(plugin.name, plugin.file.path) } }
        }
        if catalog.roots.isEmpty { for plugin in catalog.plugins { add(plugin.name, plugin.file.path) } }
        return found
    }

    /// The names in a folder, without `.` and `..`; none when it cannot be read.
    static func folderNames(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
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
