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
}
