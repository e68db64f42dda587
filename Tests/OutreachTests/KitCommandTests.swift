import Foundation
import Testing
import TestSupport

/// `refer kit PARTNER` (R15) through the real binary.
@Suite struct KitCommandTests {
    func practiceWithAProfile() async throws -> OutboxPractice {
        let practice = try await OutboxPractice(partners: [("Radu Popa", "radu@lex.test")])
        var config = try String(contentsOf: practice.configFile, encoding: .utf8)
        config = config.replacingOccurrences(of: "owner = \"Maria Ștefănescu\"\n", with: """
            owner = "Maria Ștefănescu"
            phone = "+40 722 000 000"
            ideal_prospect = "Owner-managed firms with 10 to 50 staff"
            problems_solved = ["Month-end close that takes three weeks", "Surprise tax bills"]
            process_steps = ["We call the prospect within one working day", "A free review of their books"]

            """)
        try config.write(to: practice.configFile, atomically: true, encoding: .utf8)
        return practice
    }

    @Test func theKitComesFromTheProfileAndThePartnersActions() async throws {
        let practice = try await practiceWithAProfile()
        try await practice.check(["partner", "edit", "1", "--action", "Copy Maria into your e-mail to the client."])
        let html = practice.temp.url.appendingPathComponent("kit.html")
        let markdown = practice.temp.url.appendingPathComponent("kit.md")
        let made = try await practice.check(["kit", "radu@lex.test", "--html", html.path, "--markdown", markdown.path])
        #expect(made.stdout.contains("Wrote the referral kit for Radu Popa"))

        let md = try String(contentsOf: markdown, encoding: .utf8)
        #expect(md.contains("# Referring to Test Practice"))
        #expect(md.contains("Prepared for Radu Popa"))
        #expect(md.contains("Owner-managed firms with 10 to 50 staff"))
        #expect(md.contains("- Surprise tax bills"))
        #expect(md.contains("2. A free review of their books"))
        #expect(md.contains("Copy Maria into your e-mail to the client."))
        #expect(md.contains("+40 722 000 000"))
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<li>Month-end close that takes three weeks</li>"))
        #expect(!page.contains("http://") && !page.contains("https://"))

        // By partner id or name too; without files the Markdown goes to stdout.
        #expect(try await practice.check(["kit", "1"]).stdout == md)
        #expect(try await practice.check(["kit", "Radu Popa"]).stdout == md)
    }

    @Test func anIncompleteProfileOrAnUnknownPartnerIsAClearError() async throws {
        let practice = try await OutboxPractice(partners: [("Radu Popa", "radu@lex.test")])
        let bare = try await practice.refer(["kit", "radu@lex.test"])
        #expect(bare.status == 1)
        #expect(bare.stderr.contains("a referral kit needs ideal_prospect, problems_solved, process_steps in the [practice] section of refer.toml"))
        let unknown = try await practice.refer(["kit", "nobody@nowhere.test"])
        #expect(unknown.status == 1)
        #expect(!unknown.stderr.isEmpty)
    }
}
