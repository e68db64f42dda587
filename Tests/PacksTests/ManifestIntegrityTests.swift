import Foundation
import Packs
import Testing

/// MANIFEST must list exactly the files in the archive, with their hashes and lengths.
@Suite struct ManifestIntegrityTests {
    func builtArchive() throws -> URL {
        let parent = try PackFixtures.temporaryFolder()
        return try PackFixtures.archive(try PackFixtures.makePack(in: parent, name: "sample", version: "1.0.0"))
    }

    @Test func aBuiltArchiveUnpacksAndMatches() throws {
        let pack = try PackFixtures.unpack(try builtArchive())
        #expect(pack.manifest.name == "sample")
        #expect(pack.checksumList.files.map(\.path) == ["data/items.csv", "pack.toml", "plugins/sample-plugin/plugin.lua"])
        #expect(pack.signer == nil)
        let lua = try String(contentsOf: pack.folder.appendingPathComponent("plugins/sample-plugin/plugin.lua"), encoding: .utf8)
        #expect(lua.contains("sample-plugin"))
    }

    @Test func buildingTwiceGivesTheSameBytes() throws {
        let parent = try PackFixtures.temporaryFolder()
        let folder = try PackFixtures.makePack(in: parent, name: "same", version: "1.0.0")
        let first = try Data(contentsOf: try PackBuilder.build(folder: folder, outputDirectory: try PackFixtures.temporaryFolder()))
        let second = try Data(contentsOf: try PackBuilder.build(folder: folder, outputDirectory: try PackFixtures.temporaryFolder()))
        #expect(first == second)
    }

    @Test func refusesAFileNotInTheManifest() throws {
        let archive = try PackFixtures.craft(.init(base: try builtArchive().path, entries: [.init("plugins/extra/plugin.lua", text: "os.exit()")]))
        expectPackError({ _ = try PackFixtures.unpack(archive) }) {
            $0 == .fileNotInChecksumList(entry: "plugins/extra/plugin.lua", archive: "crafted.referpack")
        }
    }

    @Test func refusesAListedFileMissingFromTheArchive() throws {
        let archive = try PackFixtures.craft(.init(base: try builtArchive().path, drop: ["data/items.csv"]))
        expectPackError({ _ = try PackFixtures.unpack(archive) }) {
            $0 == .fileMissingFromArchive(entry: "data/items.csv", archive: "crafted.referpack")
        }
    }

    @Test func refusesAChangedFileOfTheSameLength() throws {
        let archive = try PackFixtures.craft(.init(base: try builtArchive().path, replace: ["data/items.csv": "sku,name\nx,sample 9.9.9\n"]))
        expectPackError({ _ = try PackFixtures.unpack(archive) }) {
            $0 == .checksumMismatch(entry: "data/items.csv", archive: "crafted.referpack")
        }
    }

    @Test func refusesAChangedLength() throws {
        let archive = try PackFixtures.craft(.init(base: try builtArchive().path, replace: ["data/items.csv": "longer text than before, much longer\n"]))
        expectPackError({ _ = try PackFixtures.unpack(archive) }) {
            if case .lengthMismatch(let entry, _, _, _) = $0 { return entry == "data/items.csv" }
            return false
        }
    }

    @Test func refusesAManifestNamingAnotherPack() throws {
        let built = try builtArchive()
        let pack = try PackFixtures.unpack(built)
        let renamed = ChecksumList(name: "other", version: pack.checksumList.version, files: pack.checksumList.files)
        let archive = try PackFixtures.craft(.init(base: built.path, replace: ["MANIFEST": String(decoding: renamed.bytes, as: UTF8.self)]))
        expectPackError({ _ = try PackFixtures.unpack(archive) }) {
            $0 == .identityMismatch(archive: "crafted.referpack", listed: "other 1.0.0", packToml: "sample 1.0.0")
        }
    }

    @Test func refusesANonCanonicalManifest() throws {
        let built = try builtArchive()
        let text = String(decoding: try PackFixtures.unpack(built).checksumList.bytes, as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        lines.swapAt(3, 4)
        let archive = try PackFixtures.craft(.init(base: built.path, replace: ["MANIFEST": lines.joined(separator: "\n") + "\n"]))
        expectPackError({ _ = try PackFixtures.unpack(archive) }) { if case .invalidChecksumList = $0 { return true }; return false }
    }

    @Test func buildRefusesSymlinksAndHardLinksInTheFolder() throws {
        let parent = try PackFixtures.temporaryFolder()
        let folder = try PackFixtures.makePack(in: parent, name: "linked", version: "1.0.0")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("data/passwd").path, withDestinationPath: "/etc/passwd")
        expectPackError({ _ = try PackBuilder.build(folder: folder) }) {
            if case .unsupportedFileInFolder(let path, let kind) = $0 { return path.hasSuffix("data/passwd") && kind == "symbolic link" }
            return false
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("data/passwd"))
        try FileManager.default.linkItem(at: folder.appendingPathComponent("data/items.csv"), to: folder.appendingPathComponent("data/copy.csv"))
        expectPackError({ _ = try PackBuilder.build(folder: folder) }) {
            if case .unsupportedFileInFolder(_, let kind) = $0 { return kind == "hard link" }
            return false
        }
    }

    @Test func buildRefusesUndeclaredAndMissingPlugins() throws {
        let parent = try PackFixtures.temporaryFolder()
        let folder = try PackFixtures.makePack(in: parent, name: "decl", version: "1.0.0")
        try PackFixtures.write("return {}", to: folder.appendingPathComponent("plugins/stray/plugin.lua"))
        expectPackError({ _ = try PackBuilder.build(folder: folder) }) {
            if case .undeclaredPlugin(let plugin, _) = $0 { return plugin == "stray" }
            return false
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("plugins"))
        expectPackError({ _ = try PackBuilder.build(folder: folder) }) {
            if case .declaredFileMissing(let file, _) = $0 { return file == "plugins/decl-plugin/plugin.lua" }
            return false
        }
    }
}

extension ManifestIntegrityTests {
    @Test func refusesAManifestListingAFileTwice() throws {
        let built = try builtArchive()
        let text = String(decoding: try PackFixtures.unpack(built).checksumList.bytes, as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        let doubled = (lines[0...3] + [lines[3]] + lines[4...]).joined(separator: "\n") + "\n"
        let archive = try PackFixtures.craft(.init(base: built.path, replace: ["MANIFEST": doubled]))
        let message = expectPackError({ _ = try PackFixtures.unpack(archive) }) {
            if case .invalidChecksumList(_, let line, _) = $0 { return line == 5 }
            return false
        }
        #expect(message.contains("listed twice"))
    }
}
