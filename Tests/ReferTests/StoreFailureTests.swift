import Foundation
import Testing

/// The store under stress: newer versions, read-only folders, other writers, SIGKILL.
@Suite struct StoreFailureTests {
    @Test func aStoreFromANewerReferIsRefused() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana")
        _ = try p.sql("PRAGMA user_version = 99")
        let error = try p.fails("contact", "list")
        #expect(error.contains("was written by a newer refer (store version 99; this refer reads up to \(storeVersionOfThisBuild))"))
        #expect(error.contains("install the newer refer"))
        #expect(try p.sql("SELECT count(*) FROM contacts") == "1")
    }

    @Test func aReadOnlyFolderGivesAClearError() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana")
        let folder = p.root.path
        // Root ignores permission bits; the immutable flag stops even root.
        let locked = geteuid() == 0 ? shell("chattr", "+i", folder) : shell("chmod", "555", folder)
        defer { _ = geteuid() == 0 ? shell("chattr", "-i", folder) : shell("chmod", "755", folder) }
        try #require(locked == 0, "cannot make \(folder) read-only here")
        let error = try p.fails("contact", "add", "Dan")
        #expect(error.contains("its folder is read-only"))
        #expect(error.contains("Make the folder writable"))
    }

    @Test func aLockedStoreWaitsThenFailsClearly() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana")
        // Another writer: sqlite3 holds a write transaction open until its input closes.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", p.store]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nINSERT INTO tasks (title, created_at) VALUES ('held', '2026-01-01');\n".utf8))
        Thread.sleep(forTimeInterval: 0.5)

        let started = Date()
        let result = try p.run("contact", "add", "Dan", environment: ["REFER_BUSY_TIMEOUT": "1"])
        let waited = Date().timeIntervalSince(started)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is locked by another program (waited 1 s)"))
        #expect(result.stderr.contains("busy_timeout_seconds"))
        #expect(waited >= 0.9)
        #expect(waited < 4.5)

        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        try p.ok("contact", "add", "Dan")
        #expect(try p.sql("SELECT count(*) FROM contacts") == "2")
    }

    @Test func sigkillDuringImportLeavesTheStoreAsItWas() throws {
        let p = try TempPractice()
        try p.ok("import", ReferRunner.fixture("contacts-v3.vcf"))
        let before = try p.sql("SELECT (SELECT count(*) FROM contacts) || ' ' || (SELECT count(*) FROM contact_keys) || ' ' || (SELECT count(*) FROM events)")

        var text = ""
        for i in 0..<60_000 {
            text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person \(i) Ionescu\r\nN:Ionescu;Person \(i);;;\r\nEMAIL:person\(i)@example.com\r\nTEL:+40 700 \(100_000 + i)\r\nCATEGORIES:bulk,test\r\nEND:VCARD\r\n"
        }
        let file = p.root.appendingPathComponent("big.vcf")
        try text.write(to: file, atomically: true, encoding: .utf8)

        let (process, out, err) = try ReferRunner.start(["import", file.path, "--practice", p.root.path])
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        // Kill once the import is writing (the WAL grows), or after a bounded wait.
        let wal = p.store + "-wal"
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 2_000_000 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(process.isRunning, "the import finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        #expect(try p.sql("PRAGMA integrity_check") == "ok")
        let after = try p.sql("SELECT (SELECT count(*) FROM contacts) || ' ' || (SELECT count(*) FROM contact_keys) || ' ' || (SELECT count(*) FROM events)")
        #expect(after == before)
        try p.ok("contact", "add", "Still Works")
    }

    func shell(_ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The store version this build writes (from `refer init` on an empty practice).
let storeVersionOfThisBuild: String = {
    guard let p = try? TempPractice(), let v = try? p.sql("PRAGMA user_version") else { return "?" }
    return v
}()
