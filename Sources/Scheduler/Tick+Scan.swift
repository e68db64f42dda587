#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import PluginHost

/// Finding the catalogue's plugin files and their stamps, the part of every tick that
/// grows with the number of plugins: one `readdir` pass per root and one `stat` per
/// plugin, done on path bytes, relative to the root's open folder and spread over the
/// processor's cores. A `stat` costs a few microseconds (more in a virtual machine),
/// so on a practice with thousands of plugins the stats are most of a tick.
extension Tick {
    /// A plugin file's identity for the index: modification time and size.
    struct FileStamp: Equatable, Hashable {
        var mtime: Double
        var size: Int64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        /// The stamp of `relativePath` (NUL-terminated) in the open folder `folder`.
        init?(folder: Int32, relativePath: UnsafePointer<CChar>) {
            var info = stat()
            guard fstatat(folder, relativePath, &info, 0) == 0 else { return nil }
            self.init(info)
        }

        private init(_ info: stat) {
            #if canImport(Darwin)
            mtime = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
            #else
            mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            #endif
            size = Int64(info.st_size)
        }
    }

    /// A plugin file found by `scanCatalog`: `folder/subfolder/plugin.lua`. The path is
    /// built only when asked for: a tick that finds nothing changed never needs it.
    struct FoundPlugin {
        var name: String
        var folder: String
        var subfolder: String
        var stamp: FileStamp

        var path: String { folder + "/" + subfolder + "/plugin.lua" }
    }

    /// The catalogue's plugins with their files' stamps, in the catalogue's order of
    /// precedence (the practice's plugins, installed packs, the other roots), each name
    /// once. Building a `URL` per plugin, as `PluginCatalog.allLocations()` does, costs
    /// more than the whole tick should on a practice with thousands of plugins.
    func scanCatalog() -> [FoundPlugin] {
        Self.scanCatalog(catalog)
    }

    /// `scanCatalog()` of any catalogue; `ordered: false` leaves each root's plugins in
    /// the folder's order (enough for a fingerprint, and sorting thousands of names shows).
    static func scanCatalog(_ catalog: PluginCatalog, ordered: Bool = true) -> [FoundPlugin] {
        let rootNames = catalog.roots.map { root in folderNames(root.url.path).filter { PluginCatalog.isValidName($0) } }
        // A name in two places is taken from the first; with one place to look, no set is needed.
        let places = rootNames.filter { !$0.isEmpty }.count + (catalog.plugins.isEmpty ? 0 : 1)
        var seen = Set<String>()
        var found: [FoundPlugin] = []
        func remember(_ names: some Sequence<String>) {
            if places > 1 { seen.formUnion(names) }
        }
        func addPacked() {
            for plugin in catalog.plugins where !seen.contains(plugin.name) && PluginCatalog.isValidName(plugin.name) {
                guard let stamp = FileStamp(path: plugin.file.path) else { continue }
                remember([plugin.name])
                found.append(FoundPlugin(name: plugin.name, folder: plugin.directory.deletingLastPathComponent().path,
                                         subfolder: plugin.directory.lastPathComponent, stamp: stamp))
            }
        }
        for (index, root) in catalog.roots.enumerated() {
            var names = seen.isEmpty ? rootNames[index] : rootNames[index].filter { !seen.contains($0) }
            if ordered { names.sort() }
            let plugins = pluginFiles(in: root.url.path, names: names)
            remember(plugins.lazy.map(\.name))
            found += plugins
            if index == 0 { addPacked() }
        }
        if catalog.roots.isEmpty { addPacked() }
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

    /// `name/plugin.lua` under `folder` for each of `names` that has one, in order.
    static func pluginFiles(in folder: String, names: [String]) -> [FoundPlugin] {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var stamps = [FileStamp?](repeating: nil, count: names.count)
        // A thread costs more than a few hundred stats; below that one thread does it all.
        let chunks = names.count < 512 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        stamps.withUnsafeMutableBufferPointer { buffer in
            let out = StampSlots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                // Plugin names are at most 64 ASCII bytes: "<name>/plugin.lua" fits.
                var relative = [CChar](repeating: 0, count: 96)
                for i in stride(from: chunk, to: names.count, by: chunks) {
                    var length = 0
                    for byte in names[i].utf8.prefix(64) {
                        relative[length] = CChar(bitPattern: byte)
                        length += 1
                    }
                    for byte in "/plugin.lua".utf8 {
                        relative[length] = CChar(bitPattern: byte)
                        length += 1
                    }
                    relative[length] = 0
                    out.buffer[i] = FileStamp(folder: descriptor, relativePath: relative)
                }
            }
        }
        var found: [FoundPlugin] = []
        found.reserveCapacity(names.count)
        for (name, stamp) in zip(names, stamps) {
            guard let stamp else { continue }
            found.append(FoundPlugin(name: name, folder: folder, subfolder: name, stamp: stamp))
        }
        return found
    }
}

/// The result slots of `Tick.pluginFiles`, written from several threads.
// @unchecked: each thread writes only the slots of its own stride, and the buffer
// outlives them (`concurrentPerform` returns after every chunk has finished).
private struct StampSlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Tick.FileStamp?>
}
