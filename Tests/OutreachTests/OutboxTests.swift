import Foundation
import Testing
@testable import Outreach

/// A store that loses its connection right after delivery, the way a crash or a
/// killed process would: recording `sent` fails, so the message stays `sending`.
final class CrashAfterDeliveryStore: OutboxStore, @unchecked Sendable {
    // `@unchecked Sendable`: immutable apart from the wrapped store, which is Sendable.
    struct Crash: Error {}
    let inner: any OutboxStore

    init(_ inner: any OutboxStore) { self.inner = inner }

    func insert(_ draft: OutboxDraft) throws -> (message: OutboxMessage, inserted: Bool) { try inner.insert(draft) }
    func message(id: Int64) throws -> OutboxMessage? { try inner.message(id: id) }
    func messages(in states: Set<OutboxState>) throws -> [OutboxMessage] { try inner.messages(in: states) }
    func replace(_ message: OutboxMessage, ifStateIs expected: OutboxState) throws -> Bool {
        if message.state == .sent { throw Crash() }
        return try inner.replace(message, ifStateIs: expected)
    }
}

@Suite struct OutboxTests {
    let key = IdempotencyKey(plugin: "thank-you", subject: "referral:42", purpose: "thanks")
    let clock = TestClock()
    let store = InMemoryOutboxStore()

    func outbox(_ transport: any MailTransport, approval: Bool = true) -> Outbox {
        let clock = self.clock
        return Outbox(store: store, transport: transport, policy: OutboxPolicy(requiresApproval: approval), now: { clock.now })
    }

    @Test func draftingTheSameKeyTwiceReturnsTheFirstMessage() throws {
        let box = outbox(RecordingTransport())
        let first = try box.draft(sampleMessage(), key: key)
        var other = sampleMessage()
        other.subject = "A second attempt"
        let second = try box.draft(other, key: key)
        #expect(second == first)
        #expect(first.message.idempotencyKey == "thank-you/referral:42/thanks")
        let third = try box.draft(sampleMessage(), key: IdempotencyKey(plugin: "thank-you", subject: "referral:43", purpose: "thanks"))
        #expect(third.id != first.id)
        #expect(try box.messages().count == 2)
    }

    @Test func draftsWaitForApprovalWhenThePracticeWantsIt() async throws {
        let transport = RecordingTransport()
        let box = outbox(transport)
        let draft = try box.draft(sampleMessage(), key: key)
        let before = try await box.send()
        #expect(before.awaitingApproval.map(\.id) == [draft.id])
        #expect(transport.messages.isEmpty)

        _ = try box.approve(id: draft.id)
        let after = try await box.send()
        #expect(after.sent.map(\.id) == [draft.id])
        #expect(after.sent.first?.state == .sent)
        #expect(after.sent.first?.attempts == 1)
        #expect(transport.messages.count == 1)
        #expect(transport.messages.first?.date == clock.now)
        #expect(try await box.send().sent.isEmpty)
        #expect(transport.messages.count == 1)
    }

    @Test func draftsGoStraightOutWithoutApproval() async throws {
        let transport = RecordingTransport()
        let box = outbox(transport, approval: false)
        _ = try box.draft(sampleMessage(), key: key)
        #expect(try await box.send().sent.count == 1)
        #expect(transport.messages.count == 1)
    }

    @Test func failedDeliveryKeepsTheMessageWithStderrAndRetriesWithBackOff() async throws {
        let failing = try SendmailTransport(commandLine: "sh \(Fixtures.script("failing-sendmail.sh"))")
        let box = outbox(failing, approval: false)
        let draft = try box.draft(sampleMessage(), key: key)

        let first = try await box.send()
        let failed = try #require(first.failed.first)
        #expect(failed.state == .failed)
        #expect(failed.attempts == 1)
        #expect(failed.lastError?.contains("Connection refused") == true)
        #expect(failed.nextAttemptAt == clock.now.addingTimeInterval(300))

        // Not due yet: left alone.
        let early = try await box.send()
        #expect(early.failed.isEmpty && early.waiting.map(\.id) == [draft.id])

        clock.advance(by: 300)
        let second = try #require(try await box.send().failed.first)
        #expect(second.attempts == 2)
        #expect(second.nextAttemptAt == clock.now.addingTimeInterval(600))

        // The server is back: the same message goes out, once.
        clock.advance(by: 600)
        let working = RecordingTransport()
        let report = try await outbox(working, approval: false).send()
        #expect(report.sent.map(\.id) == [draft.id])
        #expect(report.sent.first?.attempts == 3)
        #expect(working.messages.map(\.messageID) == [draft.message.messageID])
    }

    @Test func attemptsRunOutButTheMessageIsNeverLost() async throws {
        let failing = try SendmailTransport(commandLine: "sh \(Fixtures.script("failing-sendmail.sh"))")
        let clock = self.clock
        let box = Outbox(store: store, transport: failing, policy: OutboxPolicy(requiresApproval: false, maxAttempts: 2), now: { clock.now })
        let draft = try box.draft(sampleMessage(), key: key)
        _ = try await box.send()
        clock.advance(by: 10_000)
        let last = try #require(try await box.send().failed.first)
        #expect(last.attempts == 2)
        #expect(last.nextAttemptAt == nil)
        clock.advance(by: 1_000_000)
        #expect(try await box.send().waiting.map(\.id) == [draft.id])
        // The user can still ask for another try.
        #expect(try box.resolve(id: draft.id, as: .retry).state == .approved)
    }

    @Test func aMessageLeftInSendingIsNeverSentAgainAutomatically() async throws {
        let first = RecordingTransport()
        let crashing = Outbox(store: CrashAfterDeliveryStore(store), transport: first,
                              policy: OutboxPolicy(requiresApproval: false))
        let draft = try crashing.draft(sampleMessage(), key: key)
        await #expect(throws: CrashAfterDeliveryStore.Crash.self) { try await crashing.send() }
        #expect(first.messages.count == 1)
        #expect(try store.message(id: draft.id)?.state == .sending)

        let second = RecordingTransport()
        let box = outbox(second, approval: false)
        for _ in 0..<3 {
            clock.advance(by: 86_400)
            let report = try await box.send()
            #expect(report.uncertain.map(\.id) == [draft.id])
            #expect(report.sent.isEmpty)
        }
        #expect(second.messages.isEmpty)

        // The user finds it was not delivered after all: retry sends it exactly once more.
        #expect(try box.resolve(id: draft.id, as: .retry).state == .approved)
        #expect(try await box.send().sent.map(\.id) == [draft.id])
        #expect(second.messages.count == 1)
    }

    @Test func resolvingAsSentClosesAnUncertainMessage() async throws {
        let crashing = Outbox(store: CrashAfterDeliveryStore(store), transport: RecordingTransport(),
                              policy: OutboxPolicy(requiresApproval: false))
        let draft = try crashing.draft(sampleMessage(), key: key)
        _ = try? await crashing.send()
        let box = outbox(RecordingTransport())
        let resolved = try box.resolve(id: draft.id, as: .sent)
        #expect(resolved.state == .sent)
        #expect(resolved.sentAt == clock.now)
        #expect(try await box.send().uncertain.isEmpty)
        #expect(throws: OutreachError.outboxActionNotAllowed(id: draft.id, action: "resolved as sent", state: .sent)) {
            try box.resolve(id: draft.id, as: .sent)
        }
    }

    @Test func discardedMessagesAreNotSent() async throws {
        let transport = RecordingTransport()
        let box = outbox(transport, approval: false)
        let draft = try box.draft(sampleMessage(), key: key)
        #expect(try box.discard(id: draft.id).state == .discarded)
        #expect(try await box.send().sent.isEmpty)
        #expect(transport.messages.isEmpty)
        #expect(throws: OutreachError.outboxActionNotAllowed(id: draft.id, action: "approved", state: .discarded)) {
            try box.approve(id: draft.id)
        }
        #expect(throws: OutreachError.outboxMessageNotFound(id: 99)) { try box.discard(id: 99) }
    }

    @Test func twoConcurrentSendsDeliverEachMessageOnce() async throws {
        let transport = RecordingTransport(pause: .milliseconds(20))
        let a = outbox(transport, approval: false)
        let b = outbox(transport, approval: false)
        for n in 1...8 {
            _ = try a.draft(sampleMessage(), key: IdempotencyKey(plugin: "p", subject: "s\(n)", purpose: "x"))
        }
        async let first = a.send()
        async let second = b.send()
        let reports = try await [first, second]
        #expect(reports.map(\.sent.count).reduce(0, +) == 8)
        #expect(transport.messages.count == 8)
        #expect(Set(transport.messages.map(\.idempotencyKey)).count == 8)
    }

    @Test func undeliverableDraftsAreRefusedAtDraftTime() throws {
        var message = sampleMessage()
        message.to = [MailAddress("not an address")]
        #expect(throws: OutreachError.self) { try outbox(RecordingTransport()).draft(message, key: key) }
        #expect(try store.messages(in: Set(OutboxState.allCases)).isEmpty)
    }

    @Test func emlFolderThatCannotBeWrittenLeavesTheMessageFailed() async throws {
        let base = try makeTemporaryDirectory()
        try Data("x".utf8).write(to: base.appendingPathComponent("file"))
        let box = outbox(EmlDirectoryTransport(directory: base.appendingPathComponent("file/outbox")), approval: false)
        let draft = try box.draft(sampleMessage(), key: key)
        let report = try await box.send()
        #expect(report.failed.map(\.id) == [draft.id])
        #expect(try store.message(id: draft.id)?.lastError?.contains("cannot write message test-1@acme.ro") == true)
    }
}
