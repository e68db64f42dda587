import Foundation
import Testing
import TestSupport

/// `refer run` through the real binary: dry runs write nothing, exit statuses, JSON.
struct RunCommandTests {
    func practice() throws -> (TemporaryDirectory, URL) {
        let temp = try TemporaryDirectory("refer-run")
        let dir = try temp.makePractice()
        for args in [["contact", "add", "Radu Popa", "--kind", "professional", "--category", "attorney", "--email", "radu@lex.ro"],
                     ["contact", "add", "Ana Pop", "--email", "ana@example.com"],
                     ["partner", "add", "radu@lex.ro", "--tier", "A"],
                     ["referral", "add", "--prospect", "ana@example.com", "--partner", "radu@lex.ro"]] {
            let r = try ReferProcess.run(args + ["--practice", dir.path])
            guard r.status == 0 else { throw TestSupportError("\(args): \(r.stderr)") }
        }
        let plugin = dir.appendingPathComponent("plugins/mover")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        try """
            return { name = "mover", description = "moves and adds", permissions = { "read", "tasks", "referrals" },
              run = function(ctx)
                for r in ctx.referrals{ status = "received" } do
                  ctx.referrals.set_status(r, "contacted")
                  ctx.tasks.add{ title = "Meet " .. r.prospect.name }
                end
              end }
            """.write(to: plugin.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8)
        return (temp, dir)
    }

    @Test func dryRunLeavesTheStoreByteIdentical() throws {
        let (temp, dir) = try practice()
        _ = temp
        let store = dir.appendingPathComponent("refer.sqlite")
        // Fold the WAL into the main file so the bytes on disk are the whole store.
        _ = try ReferProcess.runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"), [store.path, "PRAGMA wal_checkpoint(TRUNCATE);"])
        let before = try Data(contentsOf: store)
        let wal = dir.appendingPathComponent("refer.sqlite-wal")
        let walBefore = FileManager.default.contents(atPath: wal.path) ?? Data()
        let result = try ReferProcess.run(["run", "mover", "--dry-run", "--practice", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("would write 2 change(s); nothing was written"))
        #expect(result.stdout.contains("move referral 1 to contacted"))
        #expect(try Data(contentsOf: store) == before)
        #expect((FileManager.default.contents(atPath: wal.path) ?? Data()) == walBefore)
    }

    @Test func dryRunJSONListsTheEffects() throws {
        let (temp, dir) = try practice()
        _ = temp
        let result = try ReferProcess.run(["run", "mover", "--dry-run", "--json", "--practice", dir.path])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let effects = json?["effects"] as? [[String: Any]] ?? []
        #expect(effects.map { $0["kind"] as? String } == ["referral_status", "task"])
        #expect(json?["dryRun"] as? Bool == true)
    }

    @Test func aRealRunAppliesAndASecondSkips() throws {
        let (temp, dir) = try practice()
        _ = temp
        let first = try ReferProcess.run(["run", "mover", "--practice", dir.path])
        #expect(first.stdout.contains("mover: 2 change(s) written"))
        let tasks = try ReferProcess.run(["task", "list", "--json", "--practice", dir.path])
        #expect(tasks.stdout.contains("Meet Ana Pop"))
        let second = try ReferProcess.run(["run", "mover", "--practice", dir.path])
        #expect(second.status == 0)
        #expect(!second.stdout.contains("written, "))
    }

    /// A run reads through a read-only connection and opens the store for writing only
    /// to apply what it asked for: one that asks for nothing leaves the file as it was.
    @Test func aRunThatAsksForNothingLeavesTheStoreByteIdentical() throws {
        let (temp, dir) = try practice()
        _ = temp
        let quiet = dir.appendingPathComponent("plugins/quiet")
        try FileManager.default.createDirectory(at: quiet, withIntermediateDirectories: true)
        try """
            return { name = "quiet", description = "reads only", permissions = { "read" },
              run = function(ctx) print(ctx.referrals.count{}) end }
            """.write(to: quiet.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("refer.sqlite")
        _ = try ReferProcess.runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"), [store.path, "PRAGMA wal_checkpoint(TRUNCATE);"])
        let before = try Data(contentsOf: store)
        let result = try ReferProcess.run(["run", "quiet", "--practice", dir.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[quiet] 1"))
        #expect(try Data(contentsOf: store) == before)
        #expect((FileManager.default.contents(atPath: store.path + "-wal") ?? Data()).isEmpty)
    }

    @Test func unknownPluginsAndBrokenDefinitionsExitOne() throws {
        let (temp, dir) = try practice()
        _ = temp
        let missing = try ReferProcess.run(["run", "nope", "--practice", dir.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no plugin named 'nope'"))
        let broken = dir.appendingPathComponent("plugins/broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "return { name = 'broken', description = 'x', run = function() end, evry = 'daily' }".write(to: broken.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8)
        let bad = try ReferProcess.run(["run", "broken", "--practice", dir.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("plugin 'broken': plugins/broken/plugin.lua: unknown field 'evry'"))
    }
}
