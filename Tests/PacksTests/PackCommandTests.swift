import Foundation
import Packs
import Testing

/// The real `refer` binary on temporary practices: one practice publishes, others install.
@Suite(.serialized) struct PackCommandTests {
    static let binary: URL? = {
        let fm = FileManager.default
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("refer"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("refer"),
            PackFixtures.repositoryRoot.appendingPathComponent(".build/debug/refer"),
        ]
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }()

    let work: URL

    init() throws { work = try PackFixtures.temporaryFolder("cli") }

    @discardableResult
    func refer(_ arguments: [String], input: String? = nil, environment: [String: String] = [:], expect status: Int32 = 0,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let binary = try #require(Self.binary, "build the refer product first (swift build)")
        let (code, output) = try PackFixtures.run(binary.path, arguments, input: input, environment: environment, in: work)
        #expect(code == status, "refer \(arguments.joined(separator: " ")) exited \(code):\n\(output)", sourceLocation: sourceLocation)
        return output
    }

    func git(_ arguments: [String], in folder: URL) throws {
        let (code, output) = try PackFixtures.run("/usr/bin/env", ["git", "-c", "user.name=Tests", "-c", "user.email=tests@example.org", "-c", "init.defaultBranch=main"] + arguments, in: folder)
        #expect(code == 0, "git \(arguments): \(output)")
    }

    func practice(_ name: String) throws -> String {
        try refer(["init", name, "--name", name, "--timezone", "UTC"])
        return work.appendingPathComponent(name).path
    }

    func copyExample(_ name: String, to destination: String) throws -> URL {
        let target = work.appendingPathComponent(destination)
        try FileManager.default.copyItem(at: PackFixtures.examples.appendingPathComponent(name), to: target)
        return target
    }

    func listJSON(_ practice: String) throws -> [[String: Any]] {
        let output = try refer(["pack", "list", "--json", "--practice", practice])
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
    }

    /// What must match between two practices that installed the same pack.
    func identity(_ entries: [[String: Any]]) -> [String] {
        entries.map { "\($0["name"] ?? "") \($0["version"] ?? "") \($0["manifest_sha256"] ?? "") \($0["signer"] ?? "") \($0["permissions"] ?? "")" }
    }

    @Test func publishTrustInstallFromArchiveAndGit() throws {
        let a = try practice("a")
        _ = a
        let keyOutput = try refer(["pack", "keygen", "--output", "keys/a.key"])
        #expect(keyOutput.contains("Key id:"))
        let source = try copyExample("gift-ideas", to: "src/gift-ideas")
        try refer(["pack", "build", source.path, "--output", "dist"])
        let archive = "dist/gift-ideas-1.0.0.referpack"
        try refer(["pack", "sign", archive, "--key", "keys/a.key"])
        #expect(try refer(["pack", "verify", archive, "--key", "keys/a.pub"]).contains("Signed by: "))

        let b = try practice("b")
        let refused = try refer(["pack", "install", archive, "--practice", b, "--yes"], expect: 1)
        #expect(refused.contains("refer pack trust"))
        try refer(["pack", "trust", "keys/a.pub", "--label", "Practice A", "--practice", b])
        let declined = try refer(["pack", "install", archive, "--practice", b], input: "n\n", expect: 1)
        #expect(declined.contains("permissions: read:partners, gifts"))
        let installed = try refer(["pack", "install", archive, "--practice", b], input: "y\n")
        #expect(installed.contains("signed by:   Practice A"))
        #expect(installed.contains("Installed gift-ideas@1.0.0"))
        #expect(FileManager.default.fileExists(atPath: "\(b)/packs/gift-ideas@1.0.0/data/gifts.csv"))

        // The same pack from a tagged git repository whose folder was signed in place.
        let repo = try copyExample("gift-ideas", to: "repo")
        try refer(["pack", "sign", repo.path, "--key", "keys/a.key"])
        try git(["init", "-q"], in: repo)
        try git(["add", "."], in: repo)
        try git(["commit", "-q", "-m", "gift-ideas 1.0.0"], in: repo)
        try git(["tag", "v1.0.0"], in: repo)
        let c = try practice("c")
        try refer(["pack", "trust", "keys/a.pub", "--label", "Practice A", "--practice", c])
        try refer(["pack", "install", repo.path, "--ref", "v1.0.0", "--yes", "--practice", c])

        let fromArchive = try listJSON(b)
        let fromGit = try listJSON(c)
        #expect(identity(fromArchive) == identity(fromGit))
        #expect(fromArchive.first?["signer_label"] as? String == "Practice A")
        #expect((fromGit.first?["source"] as? String)?.hasPrefix("git+\(repo.path)#") == true)

        // Practice D reproduces B's set from its lockfile.
        let d = try practice("d")
        try refer(["pack", "trust", "keys/a.pub", "--label", "Practice A", "--practice", d])
        try refer(["pack", "install", "--lockfile", "\(b)/packs.lock", "--yes", "--practice", d])
        #expect(try String(contentsOfFile: "\(d)/packs.lock", encoding: .utf8) == String(contentsOfFile: "\(b)/packs.lock", encoding: .utf8))

        // Practice E reproduces C's set, fetched again from git at the recorded commit.
        let e = try practice("e")
        try refer(["pack", "trust", "keys/a.pub", "--label", "Practice A", "--practice", e])
        try refer(["pack", "sync", "\(c)/packs.lock", "--yes", "--practice", e])
        #expect(try String(contentsOfFile: "\(e)/packs.lock", encoding: .utf8) == String(contentsOfFile: "\(c)/packs.lock", encoding: .utf8))

        try refer(["pack", "remove", "gift-ideas", "--practice", c])
        #expect(try listJSON(c).isEmpty)
    }

    @Test func allowUnsignedInReferTomlAcceptsAnUnsignedFolder() throws {
        let p = try practice("open")
        let source = try copyExample("attorney-partners", to: "src/attorney-partners")
        _ = try copyExample("gift-ideas", to: "src/gift-ideas")
        let refused = try refer(["pack", "install", source.path, "--yes", "--practice", p], expect: 1)
        #expect(refused.contains("allow_unsigned"))
        let config = URL(fileURLWithPath: p).appendingPathComponent("refer.toml")
        let text = try String(contentsOf: config, encoding: .utf8)
        #expect(text.contains("# allow_unsigned = false"))
        try text.replacingOccurrences(of: "# allow_unsigned = false", with: "allow_unsigned = true").write(to: config, atomically: true, encoding: .utf8)
        // The dependency, gift-ideas, comes from the folder beside attorney-partners.
        let output = try refer(["pack", "install", source.path, "--yes", "--practice", p])
        #expect(output.contains("Installed attorney-partners@1.0.0"))
        #expect(output.contains("Installed gift-ideas@1.0.0"))
        #expect(output.contains("signed by:   nobody (unsigned)"))
    }

    @Test(arguments: ["mid-extract", "after-extract", "after-rename", "after-lock"])
    func aKilledUpdateLeavesAWorkingPractice(step: String) throws {
        let p = try practice("p")
        try refer(["pack", "keygen", "--output", "keys/k.key"])
        try refer(["pack", "trust", "keys/k.pub", "--practice", p])
        let v1 = try copyExample("gift-ideas", to: "v1/gift-ideas")
        try refer(["pack", "build", v1.path, "--output", "dist"])
        try refer(["pack", "sign", "dist/gift-ideas-1.0.0.referpack", "--key", "keys/k.key"])
        try refer(["pack", "install", "dist/gift-ideas-1.0.0.referpack", "--yes", "--practice", p])
        let lockBefore = try String(contentsOfFile: "\(p)/packs.lock", encoding: .utf8)

        let v2 = try copyExample("gift-ideas", to: "v2/gift-ideas")
        let toml = v2.appendingPathComponent("pack.toml")
        try String(contentsOf: toml, encoding: .utf8).replacingOccurrences(of: "version = \"1.0.0\"", with: "version = \"1.1.0\"")
            .write(to: toml, atomically: true, encoding: .utf8)
        try refer(["pack", "build", v2.path, "--output", "dist"])
        try refer(["pack", "sign", "dist/gift-ideas-1.1.0.referpack", "--key", "keys/k.key"])
        try refer(["pack", "update", "--yes", "--practice", p], environment: ["REFER_TEST_CRASH_AT": step], expect: SIGKILL)

        let lockAfter = try String(contentsOfFile: "\(p)/packs.lock", encoding: .utf8)
        let listed = try listJSON(p)
        let version = try #require(listed.first?["version"] as? String)
        if step == "after-lock" {
            #expect(version == "1.1.0")
        } else {
            #expect(lockAfter == lockBefore)
            #expect(version == "1.0.0")
        }
        // Whatever the lock names is complete on disk.
        #expect(FileManager.default.fileExists(atPath: "\(p)/packs/gift-ideas@\(version)/plugins/gift-selector/plugin.lua"))
        #expect(FileManager.default.fileExists(atPath: "\(p)/packs/gift-ideas@\(version)/data/gifts.csv"))
        // And the next command finishes the job cleanly.
        try refer(["pack", "update", "--yes", "--practice", p])
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(p)/packs").filter { !$0.hasPrefix(".") }
        #expect(names == ["gift-ideas@1.1.0"])
    }
}
