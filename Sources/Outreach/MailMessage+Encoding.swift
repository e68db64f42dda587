import Foundation

extension MailMessage {
    /// Longest line SMTP allows (RFC 5321 §4.5.3.1.6), without the CRLF.
    static let maxLineOctets = 998

    /// The message as RFC 5322 / MIME bytes: CRLF line endings, folded headers,
    /// RFC 2047 encoded-words for non-ASCII text, UTF-8 quoted-printable bodies, and
    /// `multipart/alternative` (text first, then HTML) when there is an HTML body.
    ///
    /// - Throws: ``OutreachError/invalidAddress(_:reason:)`` for an unusable address,
    ///   ``OutreachError/messageHasNoRecipients(messageID:)`` with no To or Cc, and
    ///   ``OutreachError/messageLineTooLong(messageID:line:)`` should a line pass 998 octets.
    public func rfc5322Data() throws -> Data {
        for address in [from] + to + cc + replyTo {
            try address.validate()
        }
        guard !recipients.isEmpty else { throw OutreachError.messageHasNoRecipients(messageID: messageID) }
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC") ?? .current

        var headers: [String] = []
        headers.append("Date: " + RFC5322Date.format(date, zone: zone))
        headers.append(MIMEHeader.fold("From", words: from.headerWords()))
        headers.append(Self.addressHeader("To", to))
        if !cc.isEmpty { headers.append(Self.addressHeader("Cc", cc)) }
        if !replyTo.isEmpty { headers.append(Self.addressHeader("Reply-To", replyTo)) }
        headers.append(MIMEHeader.fold("Subject", words: MIMEHeader.unstructuredWords(subject, headerName: "Subject")))
        headers.append("Message-ID: <\(messageID)>")
        if let idempotencyKey {
            headers.append("X-Refer-Key: " + Self.headerSafe(idempotencyKey))
        }
        headers.append("MIME-Version: 1.0")

        var out: [UInt8] = []
        func line(_ text: String) { out += Array(text.utf8) + [13, 10] }
        headers.forEach(line)
        if let html {
            line("Content-Type: multipart/alternative;")
            line(" boundary=\"\(boundary)\"")
            line("")
            for (type, body) in [("text/plain", text), ("text/html", html)] {
                line("--" + boundary)
                line("Content-Type: \(type); charset=utf-8")
                line("Content-Transfer-Encoding: quoted-printable")
                line("")
                out += QuotedPrintable.encode(body)
                // The CRLF before the next delimiter belongs to the delimiter.
                line("")
            }
            line("--" + boundary + "--")
        } else {
            line("Content-Type: text/plain; charset=utf-8")
            line("Content-Transfer-Encoding: quoted-printable")
            line("")
            out += QuotedPrintable.encode(text)
        }
        try checkLines(out)
        return Data(out)
    }

    /// `To: a, "B" <b@x>` folded between words; commas end every address but the last.
    static func addressHeader(_ name: String, _ addresses: [MailAddress]) -> String {
        var words: [String] = []
        for (index, address) in addresses.enumerated() {
            var own = address.headerWords()
            if index < addresses.count - 1, let last = own.popLast() { own.append(last + ",") }
            words += own
        }
        return MIMEHeader.fold(name, words: words)
    }

    /// Percent-encodes what may not stand in a header (controls, spaces, non-ASCII, `%`).
    static func headerSafe(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != 0x25 {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private func checkLines(_ bytes: [UInt8]) throws {
        var length = 0
        var lineNumber = 1
        for byte in bytes {
            if byte == 10 {
                length = 0
                lineNumber += 1
            } else if byte != 13 {
                length += 1
                if length > Self.maxLineOctets {
                    throw OutreachError.messageLineTooLong(messageID: messageID, line: lineNumber)
                }
            }
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
