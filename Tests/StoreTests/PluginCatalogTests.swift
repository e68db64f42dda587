import Foundation
import Model
@testable import Store
import Testing

/// The fingerprint stored with the plugin index describes the index rows themselves, so
/// that a tick finding the same fingerprint on disk may trust every row.
@Suite struct PluginCatalogTests {
    func entry(_ name: String, mtime: Double, size: Int64 = 120) -> PluginIndexEntry {
        PluginIndexEntry(plugin: name, path: "/practice/plugins/\(name)/plugin.lua", mtime: mtime, size: size, every: "@hourly")
    }

    func fingerprint(_ entries: [PluginIndexEntry]) -> Int64 {
        var fingerprint = PluginCatalogFingerprint()
        for e in entries { fingerprint.add(path: e.path, mtime: e.mtime, size: e.size) }
        return fingerprint.value
    }

    @Test func savedFingerprintFollowsTheRows() throws {
        let store = try AppDatabase.inMemory()
        #expect(try store.pluginCatalogFingerprint() == nil)
        let a = entry("a", mtime: 1_700_000_000.25), b = entry("b", mtime: 1_700_000_100.5)
        try store.savePluginIndex([a, b])
        #expect(try store.pluginCatalogFingerprint() == fingerprint([b, a]))
        // Saving one changed row: the fingerprint is of all rows, the unchanged one included.
        let edited = entry("a", mtime: 1_700_000_000.26)
        try store.savePluginIndex([edited])
        #expect(try store.pluginCatalogFingerprint() == fingerprint([edited, b]))
        try store.savePluginIndex([], removed: ["b"])
        #expect(try store.pluginCatalogFingerprint() == fingerprint([edited]))
        try store.savePluginIndex([], removed: ["a"])
        #expect(try store.pluginCatalogFingerprint() == fingerprint([]))
    }

    @Test func fingerprintSeesEveryPartOfAFileAndNotTheOrder() {
        let files = [entry("a", mtime: 10), entry("b", mtime: 20), entry("c", mtime: 30, size: 7)]
        let base = fingerprint(files)
        #expect(fingerprint(files.reversed()) == base)
        #expect(fingerprint([files[1], files[2], files[0]]) == base)
        var moved = files
        moved[0].path = "/practice/plugins/a2/plugin.lua"
        var touched = files
        touched[1].mtime += 0.001
        var grown = files
        grown[2].size += 1
        let variants = [moved, touched, grown, Array(files.dropLast()), files + [files[0]]].map(fingerprint)
        #expect(!variants.contains(base))
        #expect(Set(variants).count == variants.count)
    }

    @Test func aPathInPiecesHashesAsTheWholePath() {
        var whole = PluginCatalogFingerprint(), pieces = PluginCatalogFingerprint()
        whole.add(path: "/practice/plugins/ștefan/plugin.lua", mtime: 1.5, size: 9)
        pieces.add(folder: "/practice/plugins", subfolder: "ștefan", file: "plugin.lua", mtime: 1.5, size: 9)
        #expect(whole == pieces && whole.value == pieces.value)
        var other = PluginCatalogFingerprint()
        other.add(folder: "/practice/plugin", subfolder: "sștefan", file: "plugin.lua", mtime: 1.5, size: 9)
        #expect(other.value != whole.value)
    }

    @Test func schedulesDueAndListenersComeFromTheRows() throws {
        let store = try AppDatabase.inMemory()
        let now = Date(timeIntervalSince1970: 1_772_000_000)
        var never = entry("never-looked-at", mtime: 1)
        never.nextCheckAt = nil
        var due = entry("due", mtime: 1)
        due.nextCheckAt = now
        var later = entry("later", mtime: 1)
        later.nextCheckAt = now + 0.001
        var broken = entry("broken", mtime: 1)
        broken.error = "does not load"
        var listener = PluginIndexEntry(plugin: "listener", path: "/p/listener/plugin.lua", mtime: 1, size: 1, on: ["contact.added", "touch.logged"])
        listener.nextCheckAt = nil
        try store.savePluginIndex([never, due, later, broken, listener])
        #expect(Set(try store.dueSchedules(at: now).map(\.plugin)) == ["never-looked-at", "due"])
        #expect(try store.eventListeners().map(\.on) == [["contact.added", "touch.logged"]])
        #expect(try store.schedulablePlugins() == ["never-looked-at", "due", "later", "listener"])
    }
}
