import Foundation

/// An e-mail address with an optional display name, e.g. `Ana Ștefănescu <ana@example.ro>`.
///
/// The address itself must be ASCII (no SMTPUTF8); the display name may be any text and
/// is written as a quoted string or as RFC 2047 encoded-words when it is not ASCII.
public struct MailAddress: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The display name, e.g. "Ana Ștefănescu".
    public var name: String?
    /// The addr-spec, e.g. "ana@example.ro".
    public var address: String

    /// Creates an address; call ``validate()`` (or build a message) to check it.
    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The part after `@`, used for the Message-ID of messages from this address.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "localhost" }
        return String(address[address.index(after: at)...])
    }

    public var description: String {
        guard let name, !name.isEmpty else { return address }
        return "\(name) <\(address)>"
    }

    /// Checks that the address can go into a header unchanged.
    /// - Throws: ``OutreachError/invalidAddress(_:reason:)`` saying what is wrong.
    public func validate() throws {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw OutreachError.invalidAddress(address, reason: "it needs exactly one @ with text on both sides")
        }
        guard address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw OutreachError.invalidAddress(address, reason: "it may hold only ASCII letters, digits and punctuation, without spaces")
        }
        if let bad = address.first(where: { "<>()[]\\,;:\"".contains($0) }) {
            throw OutreachError.invalidAddress(address, reason: "it contains \"\(bad)\"")
        }
        let domainOK = parts[1].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
        guard domainOK, !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..") else {
            throw OutreachError.invalidAddress(address, reason: "the domain \"\(parts[1])\" is not a host name")
        }
    }

    /// The header form: `addr`, `"Name" <addr>` or `=?UTF-8?B?…?= <addr>`, as words
    /// that a header folder may separate with a line break.
    func headerWords() -> [String] {
        let clean = MIMEHeader.singleLine(name ?? "").trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty else { return [address] }
        let ascii = clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if ascii, clean.count <= 60, !clean.contains("=?") {
            let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"\(escaped)\"", "<\(address)>"]
        }
        return MIMEHeader.encodedWords(clean) + ["<\(address)>"]
    }
}
