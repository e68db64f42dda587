import Foundation
import Testing
@testable import Outreach

@Suite struct MailMessageTests {
    /// Writes `message` to a file and returns what Python's `email` package reads back.
    func parsed(_ message: MailMessage) throws -> [String: Any] {
        let folder = try makeTemporaryDirectory()
        let file = folder.appendingPathComponent("m.eml")
        try message.rfc5322Data().write(to: file)
        let result = try runPython("parse_mime.py", [file.path])
        #expect(result.status == 0, "parse_mime.py failed: \(result.stderr)")
        return result.json
    }

    let longText = """
        Dragă Ana,

        îți mulțumim din suflet pentru că ne-ai recomandat familiei Popescu — ș ț ă î â Ș Ț Ă Î Â — și pentru încrederea ta de-a lungul anilor 🎉🙏👨‍👩‍👧‍👦.
        Line with trailing spaces   \u{20}
        .
        From here on, a line that mbox would mangle.
        a=b and =XX and 100% true
        \(String(repeating: "ă", count: 120))
        \(String(repeating: "x", count: 75))ă
        Tab\tat end\t
        """

    @Test func headersAndBodiesRoundTripThroughPythonEmail() throws {
        var message = sampleMessage(html: "<p>Dragă <b>Ana</b>, mulțumim! 🎉</p>\n" + String(repeating: "<span>ș</span>", count: 30), text: longText)
        message.subject = "Mulțumim, Ana Țăranu, pentru recomandarea familiei Ștefănescu din București 🎉🙏 — cu drag"
        message.to = [
            MailAddress("ana@example.ro", name: "Ana Țăranu"),
            MailAddress("bob@example.com", name: "Bob \"the Builder\" Smith"),
            MailAddress("plain@example.com"),
        ]
        message.cc = [MailAddress("cc@example.org", name: "Émilie 😀")]
        message.replyTo = [MailAddress("reply@acme.ro", name: "Acme Reply")]
        message.idempotencyKey = IdempotencyKey(plugin: "thank-you", subject: "referral:42", purpose: "thanks").description

        let got = try parsed(message)
        #expect(got["subject"] as? String == message.subject)
        #expect(got["from"] as? [[String]] == [["Biroul Ștefănescu", "office@acme.ro"]])
        #expect(got["to"] as? [[String]] == [
            ["Ana Țăranu", "ana@example.ro"], ["Bob \"the Builder\" Smith", "bob@example.com"], ["", "plain@example.com"],
        ])
        #expect(got["cc"] as? [[String]] == [["Émilie 😀", "cc@example.org"]])
        #expect(got["reply_to"] as? [[String]] == [["Acme Reply", "reply@acme.ro"]])
        #expect(got["message_id"] as? String == "<test-1@acme.ro>")
        #expect(got["refer_key"] as? String == "thank-you/referral:42/thanks")
        #expect(got["mime_version"] as? String == "1.0")
        #expect(got["content_type"] as? String == "multipart/alternative")
        #expect(got["boundary"] as? String == message.boundary)
        #expect(got["date"] as? String == "2026-11-30T02:53:20+02:00")
        let parts = got["parts"] as? [[String: Any]] ?? []
        #expect(parts.map { $0["content_type"] as? String } == ["text/plain", "text/html"])
        #expect(parts.map { $0["charset"] as? String } == ["utf-8", "utf-8"])
        #expect(parts.map { $0["transfer_encoding"] as? String } == ["quoted-printable", "quoted-printable"])
        #expect(parts.first?["body"] as? String == message.text)
        #expect(parts.last?["body"] as? String == message.html)
        #expect((got["defects"] as? [String])?.isEmpty == true)
        #expect(got["bare_lf"] as? Int == 0)
        #expect(got["bare_cr"] as? Int == 0)
        #expect(got["ends_with_crlf"] as? Bool == true)
        #expect((got["max_body_line_length"] as? Int ?? 999) <= 76)
    }

    @Test func headerLinesAreFoldedUnder78() throws {
        var message = sampleMessage()
        message.subject = String(repeating: "Mulțumim foarte mult 🎉 ", count: 8)
        message.to = (1...6).map { MailAddress("partner\($0)@example.ro", name: "Partener Ștefan \($0)") }
        let bytes = try message.rfc5322Data()
        let text = String(decoding: bytes, as: UTF8.self)
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        for line in headers {
            #expect(line.utf8.count <= 78, "header line too long: \(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII in header: \(line)")
        }
        #expect(headers.contains { $0.hasPrefix(" ") }, "long headers should be folded")
        let got = try parsed(message)
        #expect(got["subject"] as? String == message.subject)
        #expect((got["to"] as? [[String]])?.count == 6)
    }

    @Test func plainASCIISubjectStaysReadableAndFoldsAtSpaces() throws {
        var message = sampleMessage(html: nil)
        message.subject = "Thank you for the introduction to the Popescu family, it means a great deal to all of us here"
        let text = String(decoding: try message.rfc5322Data(), as: UTF8.self)
        let subject = text.components(separatedBy: "\r\nMessage-ID:")[0].components(separatedBy: "Subject:")[1]
        #expect(subject == " Thank you for the introduction to the Popescu family, it means a\r\n great deal to all of us here")
        #expect(try parsed(message)["subject"] as? String == message.subject)
    }

    @Test func singlePartBodyWithoutFinalNewlineRoundTripsExactly() throws {
        let message = sampleMessage(html: nil, text: "Fără rând nou la sfârșit ✓")
        let got = try parsed(message)
        #expect(got["content_type"] as? String == "text/plain")
        let parts = got["parts"] as? [[String: Any]] ?? []
        #expect(parts.first?["body"] as? String == message.text)
        #expect(got["ends_with_crlf"] as? Bool == true)
    }

    @Test func quotedPrintableNeverSplitsAnEscapeOrACharacter() throws {
        let line = String(repeating: "aă🎉", count: 60) + " x=y"
        let encoded = String(decoding: QuotedPrintable.encode(line + "\n"), as: UTF8.self)
        let physical = encoded.components(separatedBy: "\r\n").dropLast()
        for piece in physical {
            #expect(piece.utf8.count <= 76)
            // Each physical line decodes to whole UTF-8 on its own.
            var bytes: [UInt8] = []
            var chars = Array(piece.utf8)
            if chars.last == UInt8(ascii: "=") { chars.removeLast() }
            var i = 0
            while i < chars.count {
                if chars[i] == UInt8(ascii: "="), i + 2 < chars.count {
                    let hex = String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self)
                    bytes.append(UInt8(hex, radix: 16)!)
                    i += 3
                } else {
                    bytes.append(chars[i])
                    i += 1
                }
            }
            #expect(String(validating: bytes, as: UTF8.self) != nil, "line splits a character: \(piece)")
        }
    }

    @Test func trailingWhitespaceDotsAndFromAreEncoded() {
        let encoded = String(decoding: QuotedPrintable.encode("end \n.\nFrom me\nFrom\n"), as: UTF8.self)
        #expect(encoded == "end=20\r\n=2E\r\n=46rom me\r\nFrom\r\n")
    }

    @Test func boundaryIsRandomButCanBeFixed() throws {
        #expect(sampleMessage().boundary != sampleMessage().boundary)
        var message = sampleMessage()
        message.boundary = "=_refer_fixed"
        let text = String(decoding: try message.rfc5322Data(), as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/alternative;\r\n boundary=\"=_refer_fixed\"\r\n"))
        #expect(text.hasSuffix("\r\n--=_refer_fixed--\r\n"))
    }

    @Test func sameMessageEncodesToSameBytes() throws {
        let message = sampleMessage()
        #expect(try message.rfc5322Data() == message.rfc5322Data())
    }

    @Test func dateHeaderUsesThePracticeZone() throws {
        let text = String(decoding: try sampleMessage().rfc5322Data(), as: UTF8.self)
        #expect(text.hasPrefix("Date: Mon, 30 Nov 2026 02:53:20 +0200\r\n"))
    }

    @Test func lineBreaksInTheSubjectCannotInjectHeaders() throws {
        var message = sampleMessage(html: nil)
        message.subject = "Hello\r\nBcc: victim@example.com"
        let text = String(decoding: try message.rfc5322Data(), as: UTF8.self)
        #expect(!text.contains("\r\nBcc:"))
        #expect(try parsed(message)["subject"] as? String == "Hello Bcc: victim@example.com")
    }

    @Test func badAddressesAreRefused() {
        var message = sampleMessage()
        message.to = [MailAddress("ana at example.ro")]
        #expect(throws: OutreachError.self) { try message.rfc5322Data() }
        message.to = [MailAddress("ana@exam\nple.ro")]
        #expect(throws: OutreachError.self) { try message.rfc5322Data() }
        message.to = []
        #expect(throws: OutreachError.messageHasNoRecipients(messageID: "test-1@acme.ro")) { try message.rfc5322Data() }
    }

    @Test func messageIDUsesTheSenderDomain() {
        let message = MailMessage(from: MailAddress("office@acme.ro"), to: [MailAddress("a@b.ro")], subject: "x", text: "y")
        #expect(message.messageID.hasSuffix("@acme.ro"))
        #expect(message.messageID != MailMessage(from: MailAddress("office@acme.ro"), to: [], subject: "", text: "").messageID)
    }
}
