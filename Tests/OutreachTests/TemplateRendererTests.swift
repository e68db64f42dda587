import Foundation
import Testing
@testable import Outreach

@Suite struct TemplateRendererTests {
    let data: [String: TemplateValue] = [
        "partner": ["first_name": "Ana", "last_name": "Țăranu"],
        "practice": ["name": "Acme <Advisers>"],
        "prospect": "Ion & Maria",
        "items": [["name": "Wine", "price": 120], ["name": "Book", "price": 35.5]],
    ]

    @Test func practiceTemplateOverridesThePackOneAsAWhole() throws {
        let renderer = TemplateRenderer(folders: [Fixtures.templates("practice"), Fixtures.templates("pack")])
        let result = try renderer.render("thank-you", data: data)
        #expect(result.subject == "Mulțumim, Ana! 🎉")
        #expect(result.text == "Dragă Ana,\n\nîți mulțumim pentru recomandarea lui Ion & Maria.\nCu drag,\nAcme <Advisers>\n")
        // The practice's thank-you has no HTML twin; the pack's must not leak in.
        #expect(result.html == nil)
    }

    @Test func packTemplateIsUsedWhenThePracticeHasNone() throws {
        let renderer = TemplateRenderer(folders: [Fixtures.templates("pack")])
        let result = try renderer.render("thank-you", data: data)
        #expect(result.subject == "Thank you, Ana!")
        #expect(result.text == "Dear Ana,\n\nthis is the text from the pack.\n-- \nAcme <Advisers>\n")
        #expect(result.html == "<p>Dear Ana, this is the HTML from the pack.</p>\n<p class=\"signature\">Acme &lt;Advisers&gt;</p>\n")
    }

    @Test func partialsResolvePerFlavorAndPracticePartialsWin() throws {
        let renderer = TemplateRenderer(folders: [Fixtures.templates("practice"), Fixtures.templates("pack")])
        let result = try renderer.render("introduction", data: data)
        #expect(result.subject == "An introduction: Ion & Maria & Ana")
        #expect(result.text == "Hello Ana,\n\n\nNo gift this time.\n- Wine: 120\n- Book: 35.5\nCu drag,\nAcme <Advisers>\n")
        // HTML escapes values, text does not; the practice's signature.mustache serves both.
        #expect(result.html == "<p>Hello Ana & co,</p>\n<p>Ion &amp; Maria</p>\nCu drag,\nAcme &lt;Advisers&gt;\n")
    }

    @Test func optionalSectionsRenderWhenGiven() throws {
        var withGift = data
        withGift["gift"] = "a bottle of Fetească Neagră"
        let renderer = TemplateRenderer(folders: [Fixtures.templates("pack")])
        let result = try renderer.render("introduction", data: withGift)
        #expect(result.text.contains("We are sending you a bottle of Fetească Neagră.\n"))
        #expect(!result.text.contains("No gift"))
    }

    @Test func missingValuesAreReportedWithFileAndLine() throws {
        let folder = Fixtures.templates("incomplete")
        let renderer = TemplateRenderer(folders: [folder])
        let error = #expect(throws: OutreachError.self) {
            try renderer.render("needs-data", data: ["partner": ["first_name": "Ana"], "referral": ["id": 7]])
        }
        guard case .templateDataIncomplete(let template, let problems)? = error else {
            Issue.record("expected templateDataIncomplete, got \(String(describing: error))")
            return
        }
        #expect(template == "needs-data")
        let main = folder.path + "/needs-data.txt.mustache"
        let footer = folder.path + "/footer-with-gap.mustache"
        #expect(problems == [
            TemplateProblem(file: main, line: 4, kind: .missingVariable("unknown_thing")),
            TemplateProblem(file: main, line: 5, kind: .missingVariable("referral.source")),
            TemplateProblem(file: main, line: 6, kind: .missingPartial("missing-footer")),
            TemplateProblem(file: footer, line: 2, kind: .missingVariable("practice.phone")),
        ])
        #expect(error?.description.contains("needs-data.txt.mustache:4: {{unknown_thing}} is not in the data") == true)
    }

    @Test func missingValuesInTheHTMLTwinAreReportedToo() throws {
        let renderer = TemplateRenderer(folders: [Fixtures.templates("pack")])
        var partial = data
        partial["prospect"] = nil
        let error = #expect(throws: OutreachError.self) { try renderer.render("introduction", data: partial) }
        guard case .templateDataIncomplete(_, let problems)? = error else {
            Issue.record("expected templateDataIncomplete")
            return
        }
        let files = problems.map { URL(fileURLWithPath: $0.file).lastPathComponent + ":\($0.line)" }
        #expect(files == ["introduction.txt.mustache:1", "introduction.html.mustache:2"])
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let folder = Fixtures.templates("broken")
        let renderer = TemplateRenderer(folders: [folder])
        #expect(throws: OutreachError.templateSyntaxError(
            file: folder.path + "/mismatched.txt.mustache", line: 5, column: 4,
            reason: "the closing tag does not match the section it closes")
        ) {
            try renderer.render("mismatched", data: [:])
        }
    }

    @Test func syntaxErrorInAPartialNamesThePartial() throws {
        let folder = Fixtures.templates("broken")
        let renderer = TemplateRenderer(folders: [folder])
        let error = #expect(throws: OutreachError.self) { try renderer.render("uses-bad-partial", data: [:]) }
        guard case .templateSyntaxError(let file, let line, _, _)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(file == folder.path + "/bad-partial.mustache")
        #expect(line == 3)
    }

    @Test func unknownTemplateSaysWhereItLooked() {
        let renderer = TemplateRenderer(folders: [Fixtures.templates("pack")])
        #expect(throws: OutreachError.templateNotFound(name: "nope", searched: [Fixtures.templates("pack").path])) {
            try renderer.render("nope", data: [:])
        }
    }

    @Test func selfIncludingPartialIsAProblemNotAHang() throws {
        let renderer = TemplateRenderer(folders: [], builtIn: [
            "loop.txt.mustache": "Subject: x\n\n{{> again}}\n",
            "again.mustache": "more {{> again}}",
        ])
        let error = #expect(throws: OutreachError.self) { try renderer.render("loop", data: [:]) }
        guard case .templateDataIncomplete(_, let problems)? = error else {
            Issue.record("expected templateDataIncomplete")
            return
        }
        #expect(problems.map(\.kind) == [.partialsTooDeep("again")])
    }

    @Test func scannerFollowsDelimiterChangesAndTransforms() {
        let nodes = MustacheTagScanner.scan("{{=<% %>=}}\n<% a %>\n<%# s %><% uppercased(b) %><%/ s %>\n{{{raw}}}")
        #expect(nodes == [
            .variable(name: "a", hasTransforms: false, line: 2),
            .section(name: "s", inverted: false, children: [.variable(name: "b", hasTransforms: true, line: 3)], line: 3),
        ])
    }

    @Test func renderedTemplateBecomesAMessage() throws {
        let renderer = TemplateRenderer(folders: [Fixtures.templates("pack")])
        let rendered = try renderer.render("thank-you", data: data)
        let message = try MailMessage(
            from: MailAddress("office@acme.ro"), to: [MailAddress("ana@example.ro")],
            rendered: rendered, template: "thank-you", timeZone: "Europe/Bucharest")
        #expect(message.subject == "Thank you, Ana!")
        #expect(message.text == rendered.text)
        #expect(message.html == rendered.html)
        let plain = RenderedTemplate(subject: nil, text: "x", html: nil)
        #expect(throws: OutreachError.templateHasNoSubject(template: "plain")) {
            try MailMessage(from: MailAddress("a@b.ro"), to: [MailAddress("c@d.ro")], rendered: plain, template: "plain")
        }
    }
}
