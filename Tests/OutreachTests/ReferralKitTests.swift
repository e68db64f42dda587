import Foundation
import Testing
@testable import Outreach

@Suite struct ReferralKitTests {
    let profile = ReferralKitProfile(
        practiceName: "Ștefănescu & Asociații",
        idealProspect: "Families with a business to hand on to the next generation.",
        problemsSolved: ["Succession plans that <actually> work", "Tax surprises after a sale"],
        processSteps: ["A free first call within two days", "A written plan within two weeks", "We report back to you"],
        howToIntroduce: "Send one e-mail to both of us; we take it from there.",
        contact: "Ana Ștefănescu · +40 721 000 000 · ana@acme.ro")

    @Test func htmlIsPrintableAndSelfContained() throws {
        let kit = try ReferralKitRenderer().render(profile, partnerName: "Ion Popescu", date: "29 November 2026")
        let html = kit.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Referring to Ștefănescu &amp; Asociații — for Ion Popescu</title>"))
        #expect(html.contains("@media print"))
        #expect(html.contains("@page"))
        #expect(html.contains("<li>Succession plans that &lt;actually&gt; work</li>"))
        #expect(html.contains("<li>A written plan within two weeks</li>"))
        #expect(html.contains("29 November 2026"))
        #expect(html.contains("ana@acme.ro"))
        for external in ["src=", "href=", "url(", "<link", "<script", "http:", "https:", "@import"] {
            #expect(!html.contains(external), "the kit must not load \(external)")
        }
    }

    @Test func markdownListsTheSameContent() throws {
        let kit = try ReferralKitRenderer().render(profile, partnerName: "Ion Popescu")
        #expect(kit.markdown.hasPrefix("# Referring to Ștefănescu & Asociații\n\nPrepared for Ion Popescu\n"))
        #expect(kit.markdown.contains("- Succession plans that <actually> work\n- Tax surprises after a sale\n"))
        #expect(kit.markdown.contains("1. A free first call within two days\n2. A written plan within two weeks\n3. We report back to you\n"))
        #expect(kit.markdown.contains("## Reaching us\n\nAna Ștefănescu"))
    }

    @Test func kitWithoutContactLeavesTheSectionOut() throws {
        var bare = profile
        bare.contact = nil
        let kit = try ReferralKitRenderer().render(bare, partnerName: "Ion")
        #expect(!kit.markdown.contains("Reaching us"))
        #expect(!kit.html.contains("<footer>"))
    }

    @Test func practiceTemplatesReplaceTheBuiltInKit() throws {
        let folder = try makeTemporaryDirectory()
        try Data("# {{practice_name}} for {{partner_name}}\n".utf8).write(to: folder.appendingPathComponent("referral-kit.txt.mustache"))
        try Data("<h1>{{practice_name}}</h1>\n".utf8).write(to: folder.appendingPathComponent("referral-kit.html.mustache"))
        let kit = try ReferralKitRenderer(templateFolders: [folder]).render(profile, partnerName: "Ion")
        #expect(kit.markdown == "# Ștefănescu & Asociații for Ion\n")
        #expect(kit.html == "<h1>Ștefănescu &amp; Asociații</h1>\n")
    }
}
