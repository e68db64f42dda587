import Foundation
import Packs
import Testing

/// install → update → remove, refusals that leave the practice unchanged, and sync.
@Suite struct PackInstallerTests {
    let yes: (InstallPlan) -> Bool = { _ in true }

    func folders(_ installer: PackInstaller) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: installer.packsDirectory.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func installUpdateRemove() throws {
        let installer = try PackFixtures.practice()
        let shelf = try PackFixtures.temporaryFolder("shelf")
        let v1 = try PackFixtures.archive(try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "notes", version: "1.0.0"), output: shelf)
        var seen: InstallPlan?
        let installed = try installer.install([.archive(v1)]) { seen = $0; return true }
        #expect(installed.map(\.folderName) == ["notes@1.0.0"])
        #expect(seen?.changes.first?.manifest.permissions == ["tasks"])
        #expect(try folders(installer) == ["notes@1.0.0"])
        let entry = try #require(try installer.installed()["notes"])
        #expect(entry.source == v1.path)
        #expect(entry.manifestSHA256.count == 64)
        #expect(entry.archiveSHA256 == ChecksumList.sha256Hex(try Data(contentsOf: v1)))

        // Installing the same thing again changes nothing and asks nothing.
        #expect(try installer.install([.archive(v1)]) { _ in Issue.record("asked again"); return false }.isEmpty)

        // A newer archive beside the first one is what update finds.
        _ = try PackFixtures.archive(try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "notes", version: "1.1.0", permissions: ["tasks", "outreach"]), output: shelf)
        let updated = try installer.update(["notes"]) { plan in
            #expect(plan.changes.first?.replacing?.description == "1.0.0")
            #expect(plan.changes.first?.newPermissions == ["outreach"])
            return true
        }
        #expect(updated.map(\.folderName) == ["notes@1.1.0"])
        #expect(try folders(installer) == ["notes@1.1.0"])
        #expect(try installer.update(consent: yes).isEmpty)

        try installer.remove("notes")
        #expect(try folders(installer).isEmpty)
        #expect(try installer.installed().packs.isEmpty)
        expectPackError({ try installer.remove("notes") }) { $0 == .notInstalled(pack: "notes") }
    }

    @Test func refusesADowngradeUnlessAllowed() throws {
        let installer = try PackFixtures.practice()
        let parent = try PackFixtures.temporaryFolder()
        try installer.install([.folder(try PackFixtures.makePack(in: parent, name: "d", version: "2.0.0"))], consent: yes)
        let older = PackSource.folder(try PackFixtures.makePack(in: parent, name: "d", version: "1.9.0"))
        let message = expectPackError({ try installer.install([older], consent: yes) }) {
            $0 == .downgradeRefused(pack: "d", installed: "2.0.0", offered: "1.9.0")
        }
        #expect(message.contains("--allow-downgrade"))
        #expect(try installer.installed()["d"]?.version.description == "2.0.0")
        try installer.install([older], options: InstallOptions(allowDowngrade: true), consent: yes)
        #expect(try folders(installer) == ["d@1.9.0"])
    }

    @Test func refusesAHostAPIOutOfRange() throws {
        let installer = try PackFixtures.practice()
        let folder = try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "future", version: "1.0.0", hostAPI: ">=2.0")
        expectPackError({ try installer.install([.folder(folder)], consent: yes) }) {
            $0 == .hostAPIOutOfRange(pack: "future@1.0.0", requires: ">=2.0", host: "1.0.0")
        }
        #expect(try folders(installer).isEmpty)
    }

    @Test func refusesUnsignedPacksByDefaultAndUnknownSigners() throws {
        let installer = try PackFixtures.practice(allowUnsigned: false)
        let folder = try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "u", version: "1.0.0")
        expectPackError({ try installer.install([.folder(folder)], consent: yes) }) { $0 == .missingSignature(pack: "u 1.0.0") }
        let archive = try PackFixtures.archive(folder, key: PackSigningKey())
        expectPackError({ try installer.install([.archive(archive)], consent: yes) }) { if case .unknownSigner = $0 { return true }; return false }
        #expect(try folders(installer).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: installer.lockFile.path))
    }

    @Test func aDeclinedInstallChangesNothing() throws {
        let installer = try PackFixtures.practice()
        let folder = try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "no", version: "1.0.0")
        expectPackError({ try installer.install([.folder(folder)]) { _ in false } }) { $0 == .consentDeclined(pack: "no@1.0.0") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: installer.packsDirectory.path).filter { $0 != ".lock" }.isEmpty)
    }

    @Test func aTamperedArchiveLeavesThePreviousVersion() throws {
        let installer = try PackFixtures.practice()
        let parent = try PackFixtures.temporaryFolder()
        try installer.install([.folder(try PackFixtures.makePack(in: parent, name: "t", version: "1.0.0"))], consent: yes)
        let before = try Data(contentsOf: installer.lockFile)
        let v2 = try PackFixtures.archive(try PackFixtures.makePack(in: parent, name: "t", version: "2.0.0"))
        let bad = try PackFixtures.craft(.init(base: v2.path, replace: ["data/items.csv": "sku,name\nx,t 6.6.6\n"]))
        expectPackError({ try installer.install([.archive(bad)], consent: yes) }) { if case .checksumMismatch = $0 { return true }; return false }
        #expect(try Data(contentsOf: installer.lockFile) == before)
        #expect(try folders(installer) == ["t@1.0.0"])
    }

    @Test func installsDependenciesFromBesideTheArchive() throws {
        let installer = try PackFixtures.practice()
        let shelf = try PackFixtures.temporaryFolder("shelf")
        let work = try PackFixtures.temporaryFolder()
        for version in ["1.0.0", "1.3.0", "2.0.0"] {
            _ = try PackFixtures.archive(try PackFixtures.makePack(in: work, name: "base", version: version), output: shelf)
        }
        let app = try PackFixtures.archive(try PackFixtures.makePack(in: work, name: "app", version: "1.0.0", dependencies: ["base": "^1.1"]), output: shelf)
        let entries = try installer.install([.archive(app)], consent: yes)
        #expect(entries.map(\.folderName) == ["app@1.0.0", "base@1.3.0"])
        expectPackError({ try installer.remove("base") }) { $0 == .stillRequired(pack: "base", by: ["app 1.0.0"]) }

        let lonely = try PackFixtures.archive(try PackFixtures.makePack(in: work, name: "lonely", version: "1.0.0", dependencies: ["missing": "^1"]), output: try PackFixtures.temporaryFolder())
        expectPackError({ try installer.install([.archive(lonely)], consent: yes) }) {
            $0 == .dependencyUnsatisfied(pack: "missing", requiredBy: "lonely 1.0.0", range: "^1", available: [])
        }
    }

    @Test func twoPacksWithTheSamePluginNeedPrefer() throws {
        let installer = try PackFixtures.practice()
        let parent = try PackFixtures.temporaryFolder()
        try installer.install([.folder(try PackFixtures.makePack(in: parent, name: "first", version: "1.0.0", plugins: ["thank-you"]))], consent: yes)
        let second = PackSource.folder(try PackFixtures.makePack(in: parent, name: "second", version: "1.0.0", plugins: ["thank-you"]))
        let message = expectPackError({ try installer.install([second], consent: yes) }) {
            $0 == .pluginProvidedTwice(plugin: "thank-you", packs: ["first", "second"])
        }
        #expect(message.contains("--prefer"))
        try installer.install([second], options: InstallOptions(prefer: ["second"]), consent: yes)
        let lock = try installer.installed()
        #expect(lock["first"]?.shadowedPlugins == ["thank-you"])
        #expect(lock["second"]?.shadowedPlugins == [])
        let active = lock.activePlugins(packsDirectory: installer.packsDirectory)
        #expect(active.map { "\($0.name) \($0.pack)" } == ["thank-you second"])
        #expect(FileManager.default.fileExists(atPath: active[0].folder.appendingPathComponent("plugin.lua").path))
    }

    @Test func syncReproducesTheSameSetElsewhere() throws {
        let a = try PackFixtures.practice()
        let shelf = try PackFixtures.temporaryFolder("shelf")
        let work = try PackFixtures.temporaryFolder()
        _ = try PackFixtures.archive(try PackFixtures.makePack(in: work, name: "base", version: "1.2.0"), output: shelf)
        let app = try PackFixtures.archive(try PackFixtures.makePack(in: work, name: "app", version: "1.0.0", dependencies: ["base": "^1"]), output: shelf)
        try a.install([.archive(app)], consent: yes)

        let b = try PackFixtures.practice()
        try b.install([.folder(try PackFixtures.makePack(in: work, name: "stray", version: "1.0.0"))], consent: yes)
        try b.sync(lockfile: a.lockFile, consent: yes)
        #expect(try Data(contentsOf: b.lockFile) == Data(contentsOf: a.lockFile))
        #expect(try folders(b) == ["app@1.0.0", "base@1.2.0"])
        #expect(try b.sync(lockfile: a.lockFile) { _ in Issue.record("asked again"); return false }.isEmpty)

        // A lock whose recorded hash no longer matches the source is refused.
        var lock = try PackLock.read(from: a.lockFile)
        lock.packs[0].manifestSHA256 = String(repeating: "0", count: 64)
        let forged = try PackFixtures.temporaryFolder().appendingPathComponent("packs.lock")
        try lock.write(to: forged)
        let c = try PackFixtures.practice()
        expectPackError({ try c.sync(lockfile: forged, consent: yes) }) { if case .invalidLockfile = $0 { return true }; return false }
        #expect(try folders(c).isEmpty)
    }

    @Test func leftoversOfAnInterruptedInstallAreSwept() throws {
        let installer = try PackFixtures.practice()
        let fm = FileManager.default
        try fm.createDirectory(at: installer.packsDirectory.appendingPathComponent(".staging-dead/x@1.0.0"), withIntermediateDirectories: true)
        try fm.createDirectory(at: installer.packsDirectory.appendingPathComponent("half@2.0.0"), withIntermediateDirectories: true)
        try installer.install([.folder(try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "ok", version: "1.0.0"))], consent: yes)
        #expect(try fm.contentsOfDirectory(atPath: installer.packsDirectory.path).sorted() == [".lock", "ok@1.0.0"])
    }
}

extension PackInstallerTests {
    func git(_ arguments: [String], in folder: URL) throws {
        let (status, output) = try PackFixtures.run("/usr/bin/env", ["git", "-c", "user.name=Tests", "-c", "user.email=tests@example.org", "-c", "init.defaultBranch=main"] + arguments, in: folder)
        #expect(status == 0, "git \(arguments): \(output)")
    }

    @Test func updatesAGitInstallToTheHighestVersionTag() throws {
        let installer = try PackFixtures.practice()
        let repo = try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "tracked", version: "1.0.0", folderName: "repo")
        try git(["init", "-q"], in: repo)
        try git(["add", "."], in: repo)
        try git(["commit", "-q", "-m", "1.0.0"], in: repo)
        try git(["tag", "v1.0.0"], in: repo)
        let first = try installer.install([try PackSource.parse(repo.path, ref: "v1.0.0")], consent: yes)
        #expect(first.first?.source.hasPrefix("git+\(repo.path)#") == true)

        let toml = repo.appendingPathComponent("pack.toml")
        try String(contentsOf: toml, encoding: .utf8).replacingOccurrences(of: "1.0.0", with: "1.2.0").write(to: toml, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "1.2.0"], in: repo)
        try git(["tag", "v1.2.0"], in: repo)
        try git(["tag", "not-a-version"], in: repo)
        let updated = try installer.update(consent: yes)
        #expect(updated.map(\.folderName) == ["tracked@1.2.0"])

        expectPackError({ _ = try installer.install([.git(repository: repo.path, ref: "v9.9.9")], consent: yes) }) {
            if case .gitFailed = $0 { return true }
            return false
        }
    }
}

extension PackInstallerTests {
    @Test func refusesGitRefsThatLookLikeOptions() throws {
        let installer = try PackFixtures.practice()
        expectPackError({ _ = try installer.install([.git(repository: "/nonexistent", ref: "--upload-pack=touch /tmp/x")], consent: yes) }) {
            if case .invalidSource = $0 { return true }
            return false
        }
    }
}

extension PackInstallerTests {
    @Test func sameVersionWithOtherContentsIsRefusedAndAMissingFolderIsRestored() throws {
        let installer = try PackFixtures.practice()
        let parent = try PackFixtures.temporaryFolder()
        let folder = try PackFixtures.makePack(in: parent, name: "same", version: "1.0.0")
        try installer.install([.folder(folder)], consent: yes)
        let before = try Data(contentsOf: installer.lockFile)

        try PackFixtures.write("sku,name\nx,quietly changed\n", to: folder.appendingPathComponent("data/items.csv"))
        let message = expectPackError({ try installer.install([.folder(folder)], consent: yes) }) {
            if case .invalidSource = $0 { return true }
            return false
        }
        #expect(message.contains("new version"))
        #expect(try Data(contentsOf: installer.lockFile) == before)

        // Someone deleted the pack's folder; installing the same contents brings it back.
        try PackFixtures.write("sku,name\nx,same 1.0.0\n", to: folder.appendingPathComponent("data/items.csv"))
        try FileManager.default.removeItem(at: installer.packsDirectory.appendingPathComponent("same@1.0.0"))
        try installer.install([.folder(folder)], consent: yes)
        #expect(FileManager.default.fileExists(atPath: installer.packsDirectory.appendingPathComponent("same@1.0.0/pack.toml").path))
        #expect(try Data(contentsOf: installer.lockFile) == before)
    }
}
