import Foundation
import Testing
import TestSupport

/// `refer outbox edit|approve|discard|resolve|show` through the real binary.
@Suite struct OutboxCommandTests {
    func practiceWithADraft() async throws -> OutboxPractice {
        let practice = try await OutboxPractice(partners: [("Radu Popa", "radu@lex.test")])
        try await practice.check(["run", "thank-partners"])
        return practice
    }

    @Test func editOpensTheEditorOnSubjectAndTextAndSavesThem() async throws {
        let practice = try await practiceWithADraft()
        let edited = try await practice.refer(["outbox", "edit", "1"], environment: ["EDITOR": "sh \(Fixtures.script("edit-message.sh"))"])
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stdout.contains("Saved message 1: A new subject, ăîș"))
        let entry = try #require(try await practice.json(["outbox", "show", "1"]) as? [String: Any])
        #expect(entry["subject"] as? String == "A new subject, ăîș")
        let text = try #require(entry["text"] as? String)
        #expect(text.hasPrefix("Dear Radu Popa,\n"))
        #expect(text.contains("Maria Ștefănescu\nP.S. See you at the wine tasting."))
        #expect(entry["state"] as? String == "draft")
        // The message as it goes out carries the edit.
        let shown = try await practice.check(["outbox", "show", "1"]).stdout
        #expect(shown.contains("P.S. See you at the wine tasting.\r\n"))
    }

    @Test func anEditorThatFailsLeavesTheMessageAsItWas() async throws {
        let practice = try await practiceWithADraft()
        let before = try await practice.check(["outbox", "show", "1"]).stdout
        let failed = try await practice.refer(["outbox", "edit", "1"], environment: ["EDITOR": "false"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("exited with status 1; the message was left as it was"))
        let unchanged = try await practice.refer(["outbox", "edit", "1"], environment: ["EDITOR": "true"])
        #expect(unchanged.stdout.contains("Message 1 unchanged."))
        #expect(try await practice.check(["outbox", "show", "1"]).stdout == before)
    }

    @Test func discardedMessagesCannotBeApprovedResolvedOrSent() async throws {
        let practice = try await practiceWithADraft()
        try await practice.check(["outbox", "discard", "1"])
        #expect(try await practice.states() == ["discarded"])
        let approve = try await practice.refer(["outbox", "approve", "1"])
        #expect(approve.status == 1)
        #expect(approve.stderr.contains("outbox message 1 is discarded, so it cannot be approved"))
        let resolve = try await practice.refer(["outbox", "resolve", "1", "--sent"])
        #expect(resolve.stderr.contains("outbox message 1 is discarded, so it cannot be resolved as sent"))
        let send = try await practice.refer(["send"])
        #expect(send.stdout.contains("Sent 0, failed 0, uncertain 0, waiting 0, awaiting approval 0."))
        // Discarded messages drop out of the default list but stay on record.
        #expect(try await practice.check(["outbox"]).stdout.contains("(none)"))
        #expect(try await practice.messages().count == 1)
    }

    @Test func badIdsAndFlagsAreClearErrors() async throws {
        let practice = try await practiceWithADraft()
        let missing = try await practice.refer(["outbox", "show", "99"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("outbox message 99 does not exist"))
        let both = try await practice.refer(["outbox", "resolve", "1", "--sent", "--retry"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("exactly one of --sent and --retry"))
        let notSending = try await practice.refer(["outbox", "resolve", "1", "--sent"])
        #expect(notSending.stderr.contains("outbox message 1 is draft, so it cannot be resolved as sent"))
        let state = try await practice.refer(["outbox", "--state", "lost"])
        #expect(state.stderr.contains("\"lost\" is not one of draft, approved, sending, sent, failed, discarded"))
    }
}
