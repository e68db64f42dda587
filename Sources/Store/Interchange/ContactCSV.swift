import Foundation
import Model

/// Maps the CSV column sets that Google Contacts, Outlook and Apple Contacts export
/// (and Refer's own export) to contacts.
public enum ContactCSV {
    /// What a column holds.
    enum Role: Hashable {
        case name, given, middle, family, prefix, suffix, company, jobTitle
        case email, phone, address, note, birthday, tags
        case street(home: Bool), city(home: Bool), region(home: Bool), postalCode(home: Bool), country(home: Bool)
        case kind, category, market, channel, source
    }

    /// Reads a contacts CSV, detecting which address book wrote it.
    public static func read(_ bytes: [UInt8], file: String) -> ImportReading {
        let (records, readProblems) = CSVReader.records(bytes, file: file)
        guard let header = records.first else {
            return ImportReading(problems: readProblems + [ImportProblem(file: file, line: 1, message: "the file is empty; a header line with the column names is needed")], format: "CSV")
        }
        let roles = header.fields.map(role(of:))
        let format = detect(header.fields.map(normalize))
        var reading = ImportReading(problems: readProblems, format: format)
        guard roles.contains(where: { [.name, .given, .family, .company, .email, .phone].contains($0) }) else {
            reading.problems.append(ImportProblem(file: file, line: header.line, field: "header",
                message: "no name, email or phone column among \(header.fields.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")); expected the columns of a Google Contacts, Outlook or Apple Contacts export (e.g. \"First Name\", \"Last Name\", \"E-mail Address\")"))
            return reading
        }
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if record.fields.count != header.fields.count {
                reading.problems.append(ImportProblem(file: file, line: record.line, field: nil,
                    message: "this row has \(record.fields.count) fields but the header has \(header.fields.count)"))
                continue
            }
            switch contact(from: record, header: header.fields, roles: roles, file: file) {
            case .success(let imported): reading.contacts.append(imported)
            case .failure(let list): reading.problems.append(contentsOf: list.problems)
            }
        }
        return reading
    }

    static func contact(from record: CSVReader.Record, header: [String], roles: [Role?], file: String) -> Result<ImportedContact, VCardReader.ProblemList> {
        var c = Contact(name: "")
        var problems: [ImportProblem] = []
        var parts: [Role: String] = [:]
        var hasKind = false
        var home: [String] = [], work: [String] = []
        for (index, role) in roles.enumerated() {
            guard let role, let value = Interchange.clean(record.fields[index]) else { continue }
            let column = header[index]
            func problem(_ message: String) {
                problems.append(ImportProblem(file: file, line: record.line, field: column, message: message))
            }
            switch role {
            case .name, .given, .middle, .family, .prefix, .suffix:
                parts[role] = value
            case .company: c.company = c.company ?? value
            case .jobTitle: c.jobTitle = c.jobTitle ?? value
            case .email:
                for email in multiple(value) {
                    let at = email.split(separator: "@", omittingEmptySubsequences: false)
                    if at.count != 2 || at[0].isEmpty || !at[1].contains(".") || email.contains(" ") {
                        problem("\"\(email)\" is not an email address")
                    } else if !c.emails.contains(email) {
                        c.emails.append(email)
                    }
                }
            case .phone:
                for phone in multiple(value) {
                    if !phone.contains(where: \.isNumber) { problem("\"\(phone)\" has no digits") }
                    else if !c.phones.contains(phone) { c.phones.append(phone) }
                }
            case .address: c.address = c.address ?? value
            case .street(let isHome), .city(let isHome), .region(let isHome), .postalCode(let isHome), .country(let isHome):
                if isHome { home.append(value) } else { work.append(value) }
            case .note: c.note = value
            case .birthday:
                if value == "0/0/00" { continue }  // Outlook's "no birthday"
                guard let day = Interchange.birthday(value) else { problem("\"\(value)\" is not a date (use YYYY-MM-DD)"); continue }
                c.birthday = day
            case .tags:
                for tag in multiple(value, extraSeparator: ";") {
                    let t = tag.hasPrefix("* ") ? String(tag.dropFirst(2)) : tag
                    if ["mycontacts", "starred"].contains(t.lowercased()) || t.isEmpty { continue }
                    if !c.tags.contains(t) { c.tags.append(t) }
                }
            case .kind:
                guard let kind = ContactKind(rawValue: value.lowercased()) else {
                    problem("\"\(value)\" is not a kind (\(ContactKind.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
                }
                c.kind = kind
                hasKind = true
            case .category: c.category = value
            case .market: c.market = value
            case .channel:
                guard let channel = Channel(rawValue: value.lowercased()) else {
                    problem("\"\(value)\" is not a channel (\(Channel.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
                }
                c.preferredChannel = channel
            case .source: c.source = value
            }
        }
        if c.address == nil { c.address = Interchange.clean((work.isEmpty ? home : work).joined(separator: ", ")) }
        c.givenName = parts[.given]
        c.familyName = parts[.family]
        let composed = [parts[.prefix], parts[.given], parts[.middle], parts[.family], parts[.suffix]].compactMap { $0 }.joined(separator: " ")
        if let name = parts[.name] ?? Interchange.clean(composed) ?? c.company ?? c.emails.first {
            c.name = name
        } else {
            problems.append(ImportProblem(file: file, line: record.line, field: "name", message: "the row has no name, company or email"))
        }
        if !problems.isEmpty { return .failure(VCardReader.ProblemList(problems: problems)) }
        return .success(ImportedContact(contact: c, file: file, line: record.line, hasKind: hasKind))
    }

    /// Google joins several values in one cell with " ::: ".
    static func multiple(_ value: String, extraSeparator: Character? = nil) -> [String] {
        var parts = value.components(separatedBy: " ::: ")
        if let extraSeparator { parts = parts.flatMap { $0.split(separator: extraSeparator).map(String.init) } }
        return parts.compactMap(Interchange.clean)
    }

    static func normalize(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Which address book's columns these are, for messages.
    static func detect(_ headers: [String]) -> String {
        let set = Set(headers)
        if set.contains("refer kind") { return "Refer CSV" }
        if set.contains("given name") || set.contains("group membership") || set.contains("labels")
            || headers.contains(where: { $0.hasPrefix("e-mail 1 - ") || $0.hasPrefix("phone 1 - ") }) {
            return "Google Contacts CSV"
        }
        if set.contains("e-mail address") || set.contains("business phone") || set.contains("mobile phone") { return "Outlook CSV" }
        if headers.contains(where: { $0.hasPrefix("email (") || $0.hasPrefix("phone (") }) || set.contains("organization") {
            return "Apple Contacts CSV"
        }
        return "CSV"
    }

    static func role(of header: String) -> Role? {
        let h = normalize(header)
        switch h {
        case "name", "full name", "display name", "fn": return .name
        case "first name", "given name", "first": return .given
        case "middle name", "additional name", "middle": return .middle
        case "last name", "family name", "last", "surname": return .family
        case "name prefix", "prefix": return .prefix
        case "name suffix", "suffix": return .suffix
        case "organization name", "organization 1 - name", "company", "organization", "organisation": return .company
        case "organization title", "organization 1 - title", "job title": return .jobTitle
        case "notes", "note": return .note
        case "birthday", "birth date": return .birthday
        case "labels", "group membership", "categories", "groups", "tags", "refer tags": return .tags
        case "address 1 - formatted", "address", "home address", "work address": return .address
        case "business street": return .street(home: false)
        case "business city": return .city(home: false)
        case "business state": return .region(home: false)
        case "business postal code": return .postalCode(home: false)
        case "business country/region", "business country": return .country(home: false)
        case "home street": return .street(home: true)
        case "home city": return .city(home: true)
        case "home state": return .region(home: true)
        case "home postal code": return .postalCode(home: true)
        case "home country/region", "home country": return .country(home: true)
        case "refer kind", "kind": return .kind
        case "refer category", "category", "profession": return .category
        case "refer market", "market": return .market
        case "refer channel", "preferred channel": return .channel
        case "refer source", "source": return .source
        default: break
        }
        if h.contains("fax") || h.contains("pager") { return nil }
        if h.hasPrefix("e-mail") || h.hasPrefix("email") {
            if h.hasSuffix(" - value") || h.hasSuffix(" address") || h == "email" || h == "e-mail"
                || h.hasPrefix("email (") || h.range(of: #"^e-?mail ?\d+$"#, options: .regularExpression) != nil {
                return .email
            }
            return nil  // "E-mail 1 - Type", "E-mail Display Name"
        }
        if h.hasPrefix("phone") || h.hasSuffix(" phone") || h.hasSuffix(" phone 2") || h == "telephone" {
            if h.hasSuffix(" - type") || h.hasSuffix(" - label") { return nil }
            return .phone
        }
        if h.hasPrefix("address (") { return .address }
        return nil
    }
}
