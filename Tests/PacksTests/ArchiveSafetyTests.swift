import Foundation
import Packs
import Testing

/// Every archive a hostile publisher could craft is refused, naming the entry, and leaves
/// nothing at the destination.
@Suite struct ArchiveSafetyTests {
    typealias Entry = PackFixtures.Entry

    /// Unpacks a crafted archive and returns the error message, checking nothing was left.
    @discardableResult
    func refuse(_ entries: [Entry], limits: ArchiveLimits = .standard, _ match: (PackError) -> Bool) throws -> String {
        let archive = try PackFixtures.craft(.init(entries: entries))
        let destination = try PackFixtures.temporaryFolder("dest").appendingPathComponent("out")
        let message = expectPackError({
            _ = try PackArchive.unpack(archive, into: destination, policy: SignaturePolicy(trustedKeys: [], allowUnsigned: true), limits: limits)
        }, match)
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        return message
    }

    @Test(arguments: [
        ("../x", "`..`"), ("a/../../x", "`..`"), ("/etc/x", "absolute"), ("a\\b", "backslash"),
        ("a/\u{01}b", "control character"), ("C:/x", "drive letter"), ("a//b", "empty component"),
    ])
    func refusesUnsafePaths(name: String, reason: String) throws {
        let message = try refuse([Entry("pack.toml"), Entry(name)]) {
            if case .unsafeEntryPath(let entry, _, _) = $0 { return entry == name }
            return false
        }
        #expect(message.contains(reason))
        #expect(message.contains("nothing was installed"))
    }

    @Test func refusesSymlinkEntries() throws {
        let message = try refuse([Entry("plugins/x/plugin.lua", text: "/etc/passwd", mode: 0o120777)]) {
            $0 == .linkOrDeviceEntry(entry: "plugins/x/plugin.lua", kind: "symbolic link", archive: "crafted.referpack")
        }
        #expect(message.contains("plugins/x/plugin.lua"))
    }

    @Test(arguments: [(0o020644, "character device"), (0o060644, "block device"), (0o010644, "named pipe"), (0o140644, "socket")])
    func refusesDevicesAndPipes(mode: Int, kind: String) throws {
        try refuse([Entry("dev", mode: mode)]) { $0 == .linkOrDeviceEntry(entry: "dev", kind: kind, archive: "crafted.referpack") }
    }

    @Test func refusesDuplicateEntries() throws {
        try refuse([Entry("pack.toml", text: "a"), Entry("pack.toml", text: "b")]) {
            $0 == .duplicateEntry(entry: "pack.toml", archive: "crafted.referpack")
        }
    }

    @Test func refusesNamesEqualAfterNormalisation() throws {
        // "é" precomposed (NFC) and as e + combining acute (NFD).
        try refuse([Entry("data/caf\u{E9}.csv"), Entry("data/cafe\u{301}.csv")]) {
            if case .collidingEntries = $0 { return true }
            return false
        }
    }

    @Test func refusesNamesEqualIgnoringCase() throws {
        try refuse([Entry("plugins/a/plugin.lua"), Entry("plugins/A/Plugin.lua")]) {
            $0 == .collidingEntries(entry: "plugins/A/Plugin.lua", other: "plugins/a/plugin.lua", archive: "crafted.referpack")
        }
    }

    @Test func refusesAFileThatIsAlsoAFolder() throws {
        try refuse([Entry("data"), Entry("data/x.csv")]) { if case .collidingEntries = $0 { return true }; return false }
    }

    @Test func refusesTooManyEntries() throws {
        let entries = (0..<6).map { Entry("f\($0)") }
        try refuse(entries, limits: ArchiveLimits(maxEntries: 5)) { $0 == .tooManyEntries(archive: "crafted.referpack", count: 6, limit: 5) }
    }

    @Test func refusesAZipBombByRatio() throws {
        // 4 MiB of one letter deflates to a few KiB: a ratio far past 100. MANIFEST is
        // the first entry read, so it is the bomb here.
        try refuse([.repeated("MANIFEST", "a", count: 4 << 20)]) {
            $0 == .compressionRatioTooHigh(entry: "MANIFEST", archive: "crafted.referpack", limit: 100)
        }
        let archive = try PackFixtures.craft(.init(entries: [.repeated("bomb.txt", "a", count: 4 << 20)]))
        expectPackError({ try ZipProbe.readAll(archive, limits: ArchiveLimits()) }) {
            $0 == .compressionRatioTooHigh(entry: "bomb.txt", archive: "crafted.referpack", limit: 100)
        }
    }

    @Test func countsBytesInsteadOfTrustingHeaders() throws {
        // The headers claim 10 bytes; the data inflates to 50 000.
        let archive = try PackFixtures.craft(.init(entries: [.repeated("big.csv", "b", count: 50_000, claimSize: 10)]))
        expectPackError({ try ZipProbe.readAll(archive, limits: ArchiveLimits(maxFileBytes: 1000)) }) {
            $0 == .entryTooLarge(entry: "big.csv", archive: "crafted.referpack", limit: 1000)
        }
    }

    @Test func refusesFilesAndPacksOverTheSizeCaps() throws {
        let parent = try PackFixtures.temporaryFolder()
        let folder = try PackFixtures.makePack(in: parent, name: "big", version: "1.0.0")
        try PackFixtures.write(String(repeating: "0123456789", count: 300), to: folder.appendingPathComponent("data/a.csv"))
        try PackFixtures.write(String(repeating: "9876543210", count: 300), to: folder.appendingPathComponent("data/b.csv"))
        let archive = try PackFixtures.archive(folder)
        expectPackError({ _ = try PackFixtures.unpack(archive, limits: ArchiveLimits(maxFileBytes: 2000)) }) {
            $0 == .entryTooLarge(entry: "data/a.csv", archive: archive.lastPathComponent, limit: 2000)
        }
        expectPackError({ _ = try PackFixtures.unpack(archive, limits: ArchiveLimits(maxTotalBytes: 5000)) }) {
            if case .archiveTooLarge = $0 { return true }
            return false
        }
    }

    @Test func refusesArchiveWithoutManifest() throws {
        try refuse([Entry("pack.toml")]) { $0 == .fileMissingFromArchive(entry: "MANIFEST", archive: "crafted.referpack") }
    }

    @Test func refusesGarbage() throws {
        let file = try PackFixtures.temporaryFolder().appendingPathComponent("junk.referpack")
        try Data("not a zip at all, just words".utf8).write(to: file)
        expectPackError({ _ = try PackFixtures.unpack(file) }) { if case .unreadableArchive = $0 { return true }; return false }
    }
}
