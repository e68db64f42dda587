import Foundation
import Testing

/// `refer daemon` stops cleanly on SIGTERM.
@Suite("refer daemon", .serialized)
struct DaemonTests {
    @Test("SIGTERM during the idle sleep: exit 0 within a few seconds")
    func stopsWhenIdle() throws {
        let practice = try TickPractice(scheduler: "poll_seconds = 1")
        try practice.addPlugin("daily-note")
        let daemon = try practice.launch(["daemon"])
        #expect(daemon.waitFor("watching", timeout: 20))
        sleep(1)
        let sent = Date()
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
        #expect(Date().timeIntervalSince(sent) < 3)
        #expect(daemon.errors.contains("stopped"))
    }

    @Test("SIGTERM during a slow plugin run: the run finishes and is written, then exit 0")
    func finishesRunOnStop() throws {
        let practice = try TickPractice(scheduler: "poll_seconds = 0.3", limits: "timeout_seconds = 60")
        try practice.addPlugin("slow-welcome")
        let daemon = try practice.launch(["daemon"])
        #expect(daemon.waitFor("watching", timeout: 20))
        // Let the first tick see the plugin, so that the new contact is news to it.
        sleep(1)
        let store = try practice.store()
        let contact = try store.addContact(.init(name: "Elena Dima"))
        #expect(daemon.waitFor("[slow-welcome] started", timeout: 10))
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit(timeout: 30) == 0)
        // A loaded machine must not turn the slow run into a timeout: the practice allows 60 s.
        #expect(daemon.output.contains("[slow-welcome] finished"), "\(daemon.output)\n\(daemon.errors)")
        #expect(daemon.output.contains("ran slow-welcome for event"))
        #expect(try practice.tasks().map(\.title) == ["Welcome contact \(contact.id!)"])
    }

    @Test("a new event wakes the sleeping daemon at once, though it would not poll for an hour")
    func wakesForEvents() throws {
        let practice = try TickPractice(scheduler: "poll_seconds = 3600")
        try practice.addPlugin("thank-referral")
        let daemon = try practice.launch(["daemon"])
        defer { daemon.send(SIGKILL) }
        #expect(daemon.waitFor("watching", timeout: 20))
        #expect(daemon.waitUntilIdle(timeout: 20))
        let store = try practice.store()
        let partner = try store.addPartner(.init(contactId: try store.addContact(.init(name: "Radu Popa", kind: .professional)).id!))
        _ = try store.addReferral(.init(partnerId: partner.id!, prospectId: try store.addContact(.init(name: "Ana Enache")).id!))
        #expect(daemon.waitFor("ran thank-referral for event", timeout: 20), "\(daemon.output)\n\(daemon.errors)")
        daemon.send(SIGTERM)
        #expect(daemon.waitForExit(timeout: 10) == 0)
        #expect(try practice.tasks().count == 1)
    }

    @Test("a plugin added while the daemon sleeps is indexed at once and hears the events after it")
    func picksUpNewPlugins() throws {
        let practice = try TickPractice(scheduler: "poll_seconds = 3600")
        let daemon = try practice.launch(["daemon"])
        defer { daemon.send(SIGKILL) }
        #expect(daemon.waitFor("watching", timeout: 20))
        #expect(daemon.waitUntilIdle(timeout: 20))
        try practice.addPlugin("thank-referral")
        let deadline = Date() + 20
        while try practice.store().pluginIndex()["thank-referral"] == nil, Date() < deadline { usleep(50_000) }
        #expect(try practice.store().pluginIndex()["thank-referral"] != nil)
        let store = try practice.store()
        let partner = try store.addPartner(.init(contactId: try store.addContact(.init(name: "Radu Popa", kind: .professional)).id!))
        _ = try store.addReferral(.init(partnerId: partner.id!, prospectId: try store.addContact(.init(name: "Ana Enache")).id!))
        #expect(daemon.waitFor("ran thank-referral for event", timeout: 20), "\(daemon.output)\n\(daemon.errors)")
    }

    #if os(Linux)
    @Test("while nothing is due the daemon is not woken at all: no context switch in 3 s")
    func noWakeUpsWhileIdle() throws {
        // A poll interval of a second would show as three wake-ups.
        let practice = try TickPractice(scheduler: "poll_seconds = 1")
        try practice.addPlugin("daily-note")
        try practice.addPlugin("thank-referral")
        let daemon = try practice.launch(["daemon"])
        defer { daemon.send(SIGKILL) }
        #expect(daemon.waitFor("watching", timeout: 20))
        #expect(daemon.waitUntilIdle(timeout: 20))
        // The store's log may still be checkpointed by the tick that just ended.
        sleep(1)
        let before = daemon.contextSwitches()
        sleep(3)
        #expect(daemon.contextSwitches() == before, "threads: \(daemon.threads())")
        #expect(daemon.threads() == 1)
    }
    #endif

    @Test("when the first tick fails (the store is not a database) the daemon exits with its status")
    func firstTickFails() throws {
        let practice = try TickPractice()
        try Data("not a database, as a careless copy may leave it".utf8).write(to: practice.root.appendingPathComponent("refer.sqlite"))
        let daemon = try practice.launch(["daemon"])
        #expect(daemon.waitForExit(timeout: 30) == 1)
        #expect(daemon.errors.contains("refer.sqlite"), "\(daemon.errors)")
        #expect(daemon.errors.contains("the first tick failed"))
    }
}

extension Launched {
    /// Waits until the process has run its first tick and has no child left; false on timeout.
    func waitUntilIdle(timeout: Double) -> Bool {
        let pid = process.processIdentifier
        let deadline = Date() + timeout
        var quietSince: Date?
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            if children.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                quietSince = quietSince ?? Date()
                // Long enough for a first tick to have started and ended.
                if Date().timeIntervalSince(quietSince!) > 0.5 { return true }
            } else {
                quietSince = nil
            }
            usleep(20_000)
        }
        return false
    }

    /// The threads of the process.
    func threads() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/task").count) ?? 0
    }

    /// Voluntary and involuntary context switches of all the process's threads.
    func contextSwitches() -> Int {
        let folder = "/proc/\(process.processIdentifier)/task"
        var total = 0
        for task in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let status = (try? String(contentsOfFile: "\(folder)/\(task)/status", encoding: .utf8)) ?? ""
            for line in status.split(separator: "\n") where line.contains("ctxt_switches:") {
                total += Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        return total
    }
}
