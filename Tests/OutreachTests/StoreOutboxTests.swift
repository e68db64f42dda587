import Foundation
import Model
import Store
import Testing
@testable import Outreach

/// The outbox over the SQLite store: keys, insert-or-get, compare-and-set, and rows
/// that plugins drafted.
@Suite struct StoreOutboxTests {
    let key = IdempotencyKey(plugin: "thank-you", subject: "referral:42", purpose: "thanks")
    let clock = TestClock()

    func outbox(_ database: AppDatabase, _ transport: any MailTransport = RecordingTransport()) -> Outbox {
        let clock = self.clock
        return Outbox(store: StoreOutbox(database: database), transport: transport, now: { clock.now })
    }

    @Test(arguments: [
        IdempotencyKey(plugin: "thank-you", subject: "referral:42", purpose: "thanks"),
        IdempotencyKey(plugin: "a/b", subject: "100%", purpose: "x%2Fy"),
        IdempotencyKey(plugin: "", subject: "ș/ț", purpose: " "),
    ])
    func keysReadBackFromTheirTextForm(key: IdempotencyKey) {
        #expect(IdempotencyKey(parsing: key.description) == key)
    }

    @Test(arguments: ["only/two", "a/b/c/d", "a/b%2/c", "a/%2f/c", "plain"])
    func textThatNoKeyWritesIsNotAKey(text: String) {
        #expect(IdempotencyKey(parsing: text) == nil)
    }

    @Test func draftingTheSameKeyTwiceKeepsOneRow() throws {
        let database = try AppDatabase.inMemory()
        let box = outbox(database)
        let first = try box.draft(sampleMessage(), key: key)
        var other = sampleMessage()
        other.subject = "Another"
        #expect(try box.draft(other, key: key) == first)
        #expect(try database.rowCounts()["outbox"] == 1)
        #expect(first.key == key)
        #expect(first.message.subject == sampleMessage().subject)
        #expect(first.message.idempotencyKey == key.description)
    }

    @Test func replaceIsACompareAndSetOnTheState() throws {
        let database = try AppDatabase.inMemory()
        let store = StoreOutbox(database: database)
        let draft = try store.insert(OutboxDraft(key: key, message: sampleMessage(), createdAt: clock.now)).message
        var claimed = draft
        claimed.state = .sending
        claimed.attempts = 1
        #expect(try store.replace(claimed, ifStateIs: .draft))
        // A second run that read the draft before the first claimed it loses.
        var late = draft
        late.state = .sending
        #expect(try !store.replace(late, ifStateIs: .draft))
        #expect(try store.message(id: draft.id)?.state == .sending)
        #expect(try store.message(id: draft.id)?.attempts == 1)
        #expect(try store.messages(in: [.sending]).map(\.id) == [draft.id])
        #expect(try store.messages(in: [.draft]).isEmpty)
    }

    @Test func aMessageWhoseSentWasNeverRecordedIsUncertainAfterReopening() async throws {
        let folder = try makeTemporaryDirectory()
        let path = folder.appendingPathComponent("refer.sqlite").path
        let transport = RecordingTransport()
        do {
            let database = try AppDatabase.open(path: path)
            let crashing = CrashAfterDeliveryStore(StoreOutbox(database: database))
            let clock = self.clock
            let box = Outbox(store: crashing, transport: transport, policy: OutboxPolicy(requiresApproval: false), now: { clock.now })
            _ = try box.draft(sampleMessage(), key: key)
            await #expect(throws: CrashAfterDeliveryStore.Crash.self) { try await box.send() }
        }
        let reopened = outbox(try AppDatabase.open(path: path), transport)
        let report = try await reopened.send()
        #expect(report.uncertain.map(\.id) == [1])
        #expect(report.sent.isEmpty)
        #expect(transport.messages.count == 1)
        _ = try reopened.resolve(id: 1, as: .sent)
        #expect(try reopened.messages(in: [.sent]).map(\.id) == [1])
    }

    @Test func rowsDraftedByPluginsReadAsOutboxMessages() throws {
        let database = try AppDatabase.inMemory()
        var message = sampleMessage()
        message.idempotencyKey = key.description
        var effect = PluginEffect(kind: .message, plugin: "thank-you")
        effect.key = key.description
        effect.payload = try StoreOutbox.encode(message)
        effect.initialState = "approved"
        _ = try database.apply([effect], at: clock.now)
        let read = try #require(try StoreOutbox(database: database).messages(in: [.approved]).first)
        #expect(read.key == key)
        #expect(read.message == message)
        #expect(read.state == .approved)
    }

    @Test func anUnreadableRowIsAnErrorNamingIt() throws {
        let database = try AppDatabase.inMemory()
        var effect = PluginEffect(kind: .message, plugin: "odd")
        effect.key = "odd/contact:1/x"
        effect.payload = "{\"subject\": 1}"
        _ = try database.apply([effect])
        let error = try #require(throws: OutreachError.self) { try StoreOutbox(database: database).message(id: 1) }
        #expect(error.description.hasPrefix("outbox message 1 cannot be read from the store"))
    }
}
