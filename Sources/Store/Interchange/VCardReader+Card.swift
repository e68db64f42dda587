import Foundation
import Model

extension VCardReader {
    /// Collects one card's properties and turns them into a contact, or into problems.
    struct CardBuilder {
        let file: String
        let line: Int
        var problems: [ImportProblem] = []
        var contact = Contact(name: "")
        var formattedName: String?
        var structuredName: [String] = []
        var hasKind = false
        var notes: [String] = []

        init(file: String, line: Int) {
            self.file = file
            self.line = line
        }

        mutating func problem(_ property: Property, _ message: String) {
            problems.append(ImportProblem(file: file, line: property.line, field: property.name, message: message))
        }

        mutating func add(_ property: Property) {
            switch property.name {
            case "VERSION":
                let v = Interchange.clean(String(decoding: property.value, as: UTF8.self)) ?? ""
                if v != "3.0" && v != "4.0" && v != "2.1" { problem(property, "version \"\(v)\" is not 2.1, 3.0 or 4.0") }
            case "FN":
                formattedName = text(property)
            case "N":
                structuredName = components(property)
            case "EMAIL":
                guard var email = text(property) else { return }
                if Self.hasPrefix(email, "mailto:") { email.removeFirst(7) }
                guard Self.looksLikeEmail(email) else {
                    return problem(property, "\"\(email)\" is not an email address")
                }
                contact.emails.append(email)
            case "TEL":
                guard var phone = text(property) else { return }
                if Self.hasPrefix(phone, "tel:") { phone.removeFirst(4) }
                guard phone.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
                        || phone.unicodeScalars.contains(where: { $0.properties.numericType != nil }) else {
                    return problem(property, "\"\(phone)\" has no digits")
                }
                contact.phones.append(phone)
            case "ORG":
                contact.company = Interchange.clean(components(property).first)
            case "TITLE":
                contact.jobTitle = text(property)
            case "ADR":
                let parts = components(property).compactMap(Interchange.clean)
                if contact.address == nil, !parts.isEmpty { contact.address = parts.joined(separator: ", ") }
            case "LABEL":
                if contact.address == nil { contact.address = text(property) }
            case "BDAY":
                guard !property.param("VALUE").contains("TEXT"), let value = text(property) else { return }
                guard let day = Interchange.birthday(value) else {
                    return problem(property, "\"\(value)\" is not a date (use YYYY-MM-DD or --MM-DD)")
                }
                contact.birthday = day
            case "NOTE":
                if let note = text(property) { notes.append(note) }
            case "CATEGORIES":
                for tag in list(property) where !contact.tags.contains(tag) { contact.tags.append(tag) }
            case "X-REFER-KIND":
                guard let value = text(property) else { return }
                guard let kind = ContactKind(rawValue: value.lowercased()) else {
                    return problem(property, "\"\(value)\" is not a kind (\(ContactKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                contact.kind = kind
                hasKind = true
            case "X-REFER-CATEGORY":
                contact.category = text(property)
            case "X-REFER-MARKET":
                contact.market = text(property)
            case "X-REFER-CHANNEL":
                contact.preferredChannel = text(property).flatMap { Channel(rawValue: $0.lowercased()) }
            case "X-REFER-SOURCE":
                contact.source = text(property)
            default:
                return  // PHOTO, URL, UID, X-ABLabel, … are not part of a contact here
            }
        }

        /// The finished contact, or every problem found in the card.
        consuming func finish() -> Result<ImportedContact, ProblemList> {
            let parts = structuredName
            func n(_ i: Int) -> String { i < parts.count ? parts[i] : "" }  // N's parts, "" when missing
            contact.familyName = Interchange.clean(n(0))
            contact.givenName = Interchange.clean(n(1))
            // The name made of N's parts is needed only without FN.
            let composed = formattedName == nil ? [n(3), n(1), n(2), n(0), n(4)].compactMap(Interchange.clean).joined(separator: " ") : ""
            if let name = formattedName ?? Interchange.clean(composed) ?? contact.company {
                contact.name = name
            } else {
                problems.append(ImportProblem(file: file, line: line, field: "FN", message: "the card has no name (no FN, N or ORG)"))
            }
            if notes.count == 1 { contact.note = notes[0] } else if !notes.isEmpty { contact.note = notes.joined(separator: "\n") }
            if !problems.isEmpty { return .failure(ProblemList(problems: problems)) }
            return .success(ImportedContact(contact: contact, file: file, line: line, hasKind: hasKind))
        }

        /// Whether `text` starts with the lower-case ASCII `prefix`, in any case.
        static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
            var bytes = text.utf8.makeIterator()
            for p in prefix.utf8 {
                guard let b = bytes.next(), (b >= 0x41 && b <= 0x5A ? b + 32 : b) == p else { return false }
            }
            return true
        }

        /// One `@`, something before it, a dot after it and no space anywhere.
        static func looksLikeEmail(_ text: String) -> Bool {
            var ats = 0, dotAfterAt = false, first = true, emptyLocal = false
            for b in text.utf8 {
                switch b {
                case UInt8(ascii: "@"):
                    if first { emptyLocal = true }
                    ats += 1
                case UInt8(ascii: "."):
                    if ats == 1 { dotAfterAt = true }
                case UInt8(ascii: " "):
                    return false
                default:
                    break
                }
                first = false
            }
            return ats == 1 && !emptyLocal && dotAfterAt
        }

        // MARK: Values

        /// The value as it is when it needs nothing done to it: no encoding or charset, no
        /// escape, and UTF-8. Most values are; the general path copied each into an array
        /// of its own and each part of it into another.
        func plain(_ property: Property) -> UnsafeBufferPointer<UInt8>? {
            guard !property.hasCoding else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: property.value)
            var ascii = true
            for b in bytes {
                if b == UInt8(ascii: "\\") { return nil }
                if b >= 0x80 { ascii = false }
            }
            return ascii || String(validating: bytes, as: UTF8.self) != nil ? bytes : nil
        }

        /// The decoded, unescaped value; `nil` (with a problem) when it cannot be decoded.
        mutating func text(_ property: Property) -> String? {
            if let plain = plain(property) { return Interchange.clean(String(decoding: plain, as: UTF8.self)) }
            guard let bytes = decoded(property) else { return nil }
            return Interchange.clean(String(decoding: VCardText.unescape(bytes[...]), as: UTF8.self))
        }

        /// The `;`-separated components (N, ADR, ORG), each unescaped.
        mutating func components(_ property: Property) -> [String] {
            if let plain = plain(property) { return Self.split(plain, on: UInt8(ascii: ";"), keepingEmpty: true) }
            guard let bytes = decoded(property) else { return [] }
            return VCardText.split(bytes[...], on: UInt8(ascii: ";")).map { String(decoding: $0, as: UTF8.self) }
        }

        /// The `,`-separated values (CATEGORIES), each unescaped and trimmed.
        mutating func list(_ property: Property) -> [String] {
            if let plain = plain(property) { return Self.split(plain, on: UInt8(ascii: ","), keepingEmpty: false) }
            guard let bytes = decoded(property) else { return [] }
            return VCardText.split(bytes[...], on: UInt8(ascii: ",")).compactMap { Interchange.clean(String(decoding: $0, as: UTF8.self)) }
        }

        /// The parts of `bytes` between `separator`s as strings: all of them, or (not
        /// `keepingEmpty`) those `Interchange.clean` keeps, cleaned. One pass, and no array
        /// of slices on the way.
        static func split(_ bytes: UnsafeBufferPointer<UInt8>, on separator: UInt8, keepingEmpty: Bool) -> [String] {
            var parts: [String] = []
            parts.reserveCapacity(keepingEmpty ? 5 : 2)
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == separator {
                let part = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                if keepingEmpty { parts.append(part) } else if let clean = Interchange.clean(part) { parts.append(clean) }
                start = i + 1
            }
            return parts
        }

        /// The value's bytes as UTF-8, after quoted-printable and charset decoding.
        mutating func decoded(_ property: Property) -> [UInt8]? {
            var bytes = Array(property.value)
            if property.params.isEmpty && bytes.allSatisfy({ $0 < 0x80 }) { return bytes }  // plain ASCII
            let encoding = property.param("ENCODING")
            if encoding.contains("QUOTED-PRINTABLE") {
                guard let plain = VCardText.quotedPrintable(bytes[...]) else {
                    problem(property, "broken quoted-printable text (an = not followed by two hex digits)")
                    return nil
                }
                bytes = plain
            } else if encoding.contains("B") || encoding.contains("BASE64") {
                return nil
            }
            if let charset = property.param("CHARSET").first, charset != "UTF-8", charset != "UTF8" {
                guard let text = VCardText.decode(bytes, charset: charset) else {
                    problem(property, "charset \(charset) is not supported or the text is not in it; use UTF-8")
                    return nil
                }
                return Array(text.utf8)
            }
            if String(validating: bytes, as: UTF8.self) == nil {
                // Not UTF-8 and no CHARSET: old exports are usually Windows-1252.
                return Array((VCardText.decode(bytes, charset: "WINDOWS-1252") ?? String(decoding: bytes, as: UTF8.self)).utf8)
            }
            return bytes
        }
    }

    /// The problems of one card.
    struct ProblemList: Error {
        var problems: [ImportProblem]
    }
}

/// vCard text escapes, quoted-printable and charsets.
enum VCardText {
    /// `\n` `\N` → newline, `\,` `\;` `\:` `\\` → the character.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "\\")) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.endIndex {
                let next = bytes[i + 1]
                switch next {
                case UInt8(ascii: "n"), UInt8(ascii: "N"): out.append(0x0A)
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"): out.append(next)
                default: out.append(b); out.append(next)
                }
                i += 2
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// Splits on unescaped `separator`, unescaping each part.
    static func split(_ bytes: ArraySlice<UInt8>, on separator: UInt8) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
            if bytes[i] == separator {
                parts.append(unescape(bytes[start..<i]))
                start = i + 1
            }
            i += 1
        }
        parts.append(unescape(bytes[min(start, bytes.endIndex)..<bytes.endIndex]))
        return parts
    }

    /// Decodes quoted-printable; `nil` when an `=` is not followed by two hex digits.
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "=") {
                if i + 1 == bytes.endIndex { break }  // a trailing soft break
                guard i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Decodes `bytes` in a named charset.
    static func decode(_ bytes: [UInt8], charset: String) -> String? {
        switch charset.uppercased() {
        case "UTF-8", "UTF8": return String(validating: bytes, as: UTF8.self)
        case "US-ASCII", "ASCII", "ISO-8859-1", "LATIN1", "ISO8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "WINDOWS-1252", "CP1252":
            return String(data: Data(bytes), encoding: .windowsCP1252)
                ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "ISO-8859-2", "LATIN2": return String(data: Data(bytes), encoding: .isoLatin2)
        case "WINDOWS-1250", "CP1250": return String(data: Data(bytes), encoding: .windowsCP1250)
        case "UTF-16": return String(data: Data(bytes), encoding: .utf16)
        default: return nil
        }
    }
}
