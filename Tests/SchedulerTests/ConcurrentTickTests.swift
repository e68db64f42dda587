import Dispatch
import Foundation
import Testing
import TestSupport

/// Ticks that run at the same time, or die in the middle, never run a job twice.
@Suite("refer tick, concurrent and interrupted", .serialized)
struct ConcurrentTickTests {
    @Test("two ticks started at once on 100 due plugins run each exactly once")
    func twoTicksHundredPlugins() throws {
        let practice = try TickPractice()
        for i in 1...100 { try practice.addPlugin("hourly-task", as: "hourly-\(i)") }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.set(i, Result { try practice.tick("2026-03-02 10:05") })
        }
        let summaries = try results.all().map { try $0.get() }
        #expect(summaries.map(\.ran).reduce(0, +) == 100)
        let runs = try practice.runs()
        #expect(runs.count == 100)
        #expect(Set(runs.map(\.plugin)).count == 100)
        #expect(runs.allSatisfy { $0.state == .done && $0.attempts == 1 })
        let tasks = try practice.tasks()
        #expect(tasks.count == 100)
        #expect(Set(tasks.map(\.title)).count == 100)
    }

    @Test("ticks killed at random points while working through 200 events leave every event handled once")
    func killedTicks() throws {
        let practice = try TickPractice()
        try practice.addPlugin("thank-referral")
        _ = try practice.tick()
        let store = try practice.store()
        let partner = try store.addPartner(.init(contactId: try store.addContact(.init(name: "Radu Popa", kind: .professional)).id!))
        for i in 1...200 {
            _ = try store.addReferral(.init(partnerId: partner.id!, prospectId: try store.addContact(.init(name: "Prospect \(i)")).id!))
        }
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for _ in 0..<12 {
            let tick = try practice.launch(["tick"])
            // A tick works through the 200 events in about a fifth of a second on a quiet
            // machine: kills land from its start-up to well into its runs.
            usleep(UInt32.random(in: 20_000...200_000, using: &generator))
            if tick.process.isRunning {
                tick.send(SIGKILL)
                killed += 1
            }
            tick.process.waitUntilExit()
            if try practice.tasks().count == 200 { break }
        }
        #expect(killed > 0)
        for _ in 0..<5 where try practice.tasks().count < 200 { _ = try practice.tick() }

        let tasks = try practice.tasks()
        #expect(tasks.count == 200)
        #expect(Set(tasks.map(\.title)).count == 200)
        let runs = try practice.runs("thank-referral")
        let done = runs.filter { $0.state == .done }
        #expect(done.count == 200)
        #expect(Set(done.map(\.eventId)).count == 200)
        #expect(runs.count == 200)
    }
}

/// Results written by concurrent workers.
final class Results: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var values: [Int: Result<TickSummary, any Error>] = [:]
    func set(_ i: Int, _ r: Result<TickSummary, any Error>) { lock.lock(); values[i] = r; lock.unlock() }
    func all() -> [Result<TickSummary, any Error>] { lock.lock(); defer { lock.unlock() }; return values.sorted { $0.key < $1.key }.map(\.value) }
}
