import Foundation
import Model

/// Writes contacts as vCard 4.0 or as CSV (Google Contacts columns plus Refer's own),
/// both of which `refer import` reads back unchanged.
public enum ContactExport {
    /// vCard 4.0, lines folded at 75 octets without splitting a character.
    public static func vCard(_ contacts: [Contact]) -> String {
        var out = ""
        out.reserveCapacity(contacts.count * 300)
        for c in contacts {
            out += "BEGIN:VCARD\r\nVERSION:4.0\r\n"
            line(&out, "FN", escape(c.name))
            line(&out, "N", [c.familyName, c.givenName, nil, nil, nil].map { escape($0 ?? "") }.joined(separator: ";"))
            if let company = c.company { line(&out, "ORG", escape(company)) }
            if let title = c.jobTitle { line(&out, "TITLE", escape(title)) }
            for email in c.emails { line(&out, "EMAIL", escape(email)) }
            for phone in c.phones { line(&out, "TEL", escape(phone)) }
            if let address = c.address { line(&out, "ADR", ";;" + escape(address) + ";;;;") }
            if let birthday = c.birthday { line(&out, "BDAY", birthday) }
            if let note = c.note { line(&out, "NOTE", escape(note)) }
            if !c.tags.isEmpty { line(&out, "CATEGORIES", c.tags.map(escape).joined(separator: ",")) }
            line(&out, "X-REFER-KIND", c.kind.rawValue)
            if let category = c.category { line(&out, "X-REFER-CATEGORY", escape(category)) }
            if let market = c.market { line(&out, "X-REFER-MARKET", escape(market)) }
            if let channel = c.preferredChannel { line(&out, "X-REFER-CHANNEL", channel.rawValue) }
            if let source = c.source { line(&out, "X-REFER-SOURCE", escape(source)) }
            out += "END:VCARD\r\n"
        }
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n": out += "\\n"
            case "\r": break
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Appends `NAME:value`, folding at 75 octets on character boundaries.
    static func line(_ out: inout String, _ name: String, _ value: String) {
        let text = name + ":" + value
        if text.utf8.count <= 75 { out += text + "\r\n"; return }
        var count = 0
        for ch in text.unicodeScalars {
            let width = String(ch).utf8.count
            if count + width > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(ch)
            count += width
        }
        out += "\r\n"
    }

    /// The CSV columns Refer writes: Google Contacts' names, then Refer's own.
    public static let csvHeader = [
        "Name", "Given Name", "Family Name", "Organization 1 - Name", "Organization 1 - Title",
        "E-mail 1 - Value", "Phone 1 - Value", "Address 1 - Formatted", "Birthday", "Notes", "Labels",
        "Refer Kind", "Refer Category", "Refer Market", "Refer Channel", "Refer Source",
    ]

    /// RFC 4180 CSV with CRLF line ends; several values in one cell are joined with " ::: ".
    public static func csv(_ contacts: [Contact]) -> String {
        var out = csvHeader.map(csvField).joined(separator: ",") + "\r\n"
        for c in contacts {
            let fields: [String?] = [
                c.name, c.givenName, c.familyName, c.company, c.jobTitle,
                c.emails.joined(separator: " ::: "), c.phones.joined(separator: " ::: "), c.address,
                c.birthday, c.note, c.tags.joined(separator: " ::: "),
                c.kind.rawValue, c.category, c.market, c.preferredChannel?.rawValue, c.source,
            ]
            out += fields.map { csvField($0 ?? "") }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
