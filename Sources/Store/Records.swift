import Foundation
import GRDB
import Model

// Persistence for the Model types. They stay plain structs; the store adds the
// GRDB conformances here. Columns are the snake_case of the property names.

/// A Model type stored in a table whose columns are the snake_case of its properties.
public protocol SnakeCaseRecord: FetchableRecord, PersistableRecord {}

extension SnakeCaseRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A stored type with an autoincremented `id`, set on insert.
public protocol IdentifiedRecord: FetchableRecord, MutablePersistableRecord {
    var id: Int64? { get set }
}

extension IdentifiedRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Partner: IdentifiedRecord {
    public static let databaseTableName = "partners"
}

extension Referral: IdentifiedRecord {
    public static let databaseTableName = "referrals"

    /// Decodes a row by column name. Plugins walk referrals by the hundred thousand,
    /// and the generic snake-case decoding rebuilt every column name for every row.
    public init(row: Row) throws {
        guard let direction = ReferralDirection(rawValue: row["direction"] ?? ""),
              let status = ReferralStatus(rawValue: row["status"] ?? "") else {
            throw StoreError.invalid("referral \(row["id"] as Int64? ?? 0) has an unknown direction or status in the store")
        }
        // `decode` throws where the subscripts would stop the process on a value that is
        // not a date or a number (a row edited by hand, say).
        self.init(
            id: try row.decode(forColumn: "id"), direction: direction, partnerId: try row.decode(forColumn: "partner_id"),
            prospectId: try row.decode(forColumn: "prospect_id"), colleagueId: try row.decode(forColumn: "colleague_id"),
            status: status, arrivedAt: try row.decode(forColumn: "arrived_at"),
            firstResponseAt: try row.decode(forColumn: "first_response_at"), thankedAt: try row.decode(forColumn: "thanked_at"),
            outcome: try row.decode(forColumn: "outcome"), value: try row.decode(forColumn: "value"), note: try row.decode(forColumn: "note"))
    }
}

extension ReferralStatusChange: SnakeCaseRecord {
    public static let databaseTableName = "referral_status_changes"
}

extension Touch: IdentifiedRecord {
    public static let databaseTableName = "touches"
}

extension Gift: IdentifiedRecord {
    public static let databaseTableName = "gifts"
}

extension GiftLogEntry: IdentifiedRecord {
    public static let databaseTableName = "gift_log"
}

extension Activity: IdentifiedRecord {
    public static let databaseTableName = "activities"
}

extension AppreciationEvent: IdentifiedRecord {
    public static let databaseTableName = "appreciation_events"
}

extension EventInvitation: SnakeCaseRecord {
    public static let databaseTableName = "event_invitations"
}

extension FollowUpTask: IdentifiedRecord {
    public static let databaseTableName = "tasks"
}

extension StoreEvent: IdentifiedRecord {
    public static let databaseTableName = "events"
}

// Contacts are mapped by hand: they are read and written in bulk (import, list of
// 100,000), and the list columns are newline-joined text rather than JSON.
extension Contact: FetchableRecord {
    public static let databaseTableName = "contacts"
    static let selection = "id, name, given_name, family_name, kind, category, market, company, job_title, emails, phones, address, birthday, note, tags, preferred_channel, added_at, source"

    public init(row: Row) throws {
        // `decode` throws where the subscripts would stop the process on a bad value.
        self.init(
            id: try row.decode(atIndex: 0), name: try row.decode(atIndex: 1), givenName: try row.decode(atIndex: 2),
            familyName: try row.decode(atIndex: 3), kind: ContactKind(rawValue: try row.decode(atIndex: 4)) ?? .prospect,
            category: try row.decode(atIndex: 5), market: try row.decode(atIndex: 6), company: try row.decode(atIndex: 7),
            jobTitle: try row.decode(atIndex: 8), emails: Self.lines(try row.decode(atIndex: 9)),
            phones: Self.lines(try row.decode(atIndex: 10)), address: try row.decode(atIndex: 11),
            birthday: try row.decode(atIndex: 12), note: try row.decode(atIndex: 13), tags: Self.lines(try row.decode(atIndex: 14)),
            preferredChannel: (try row.decode(String?.self, atIndex: 15)).flatMap(Channel.init(rawValue:)),
            addedAt: try row.decode(atIndex: 16), source: try row.decode(atIndex: 17))
    }

    static func lines(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        if !text.utf8.contains(0x0A) { return [text] }
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    static func joined(_ values: [String]) -> String {
        values.map { $0.utf8.contains(0x0A) ? $0.replacingOccurrences(of: "\n", with: " ") : $0 }.joined(separator: "\n")
    }

    /// The values of the columns after `id`, in `selection` order, plus `search`: all text.
    var columnTexts: [String?] {
        [name, givenName, familyName, kind.rawValue, category, market, company, jobTitle,
         Self.joined(emails), Self.joined(phones), address, birthday, note, Self.joined(tags),
         preferredChannel?.rawValue, Self.storedDate(addedAt), source, searchText]
    }

    /// `addedAt` as GRDB stores dates, without GRDB's DateFormatter.
    static func storedDate(_ date: Date) -> String { UTCDateText.stored(date) }

    /// Lower-cased, accent-free name, company, emails and phones, for `refer contact find`,
    /// then the folded tags as `#tag#` for `--tag`. A NUL, which no one types and which
    /// ends the text for the search index's tokenizer, reads as a space.
    var searchText: String {
        var parts = [name]
        if let company { parts.append(company) }
        parts += emails
        parts += phones.map(Contact.normalizedPhone)
        var text = Contact.fold(parts.joined(separator: " "))
        if !tags.isEmpty { text += " #" + tags.map(Contact.fold).joined(separator: "#") + "#" }
        if text.utf8.contains(0) { text = String(decoding: text.utf8.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self) }
        return text
    }

    /// The normalised emails and phones that identify the contact in imports.
    var keys: [(kind: String, value: String)] {
        var out: [(kind: String, value: String)] = []
        out.reserveCapacity(emails.count + phones.count)
        func add(_ kind: String, _ value: String) {
            if !value.isEmpty, !out.contains(where: { $0.kind == kind && $0.value == value }) { out.append((kind, value)) }
        }
        for e in emails { add("email", Contact.normalizedEmail(e)) }
        for p in phones { add("phone", Contact.normalizedPhone(p)) }
        return out
    }
}

extension Contact {
    /// Case- and accent-insensitive form used for search and tags ("Ștefan" → "stefan").
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 32) : UInt8(v))
            } else if let plain = latinFolded(v) {
                out.append(plain)
            } else {
                // Rare scripts and symbols: let Foundation fold the whole text.
                return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The plain lower-case ASCII letter of an accented Latin one, or nil.
    static func latinFolded(_ scalar: UInt32) -> UInt8? {
        guard scalar < UInt32(latinTable.count) else { return nil }
        let plain = latinTable[Int(scalar)]
        return plain == 0 ? nil : plain
    }

    /// `latinFold` as a flat table by scalar value (0 where there is none), for the
    /// import's search texts.
    private static let latinTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: Int(latinFold.keys.max()! + 1))
        for (scalar, plain) in latinFold { table[Int(scalar)] = UInt8(plain.value) }
        return table
    }()

    /// Accented Latin letters (Latin-1 and Latin Extended-A, with Romanian Ș Ț) to their
    /// plain lower-case letter; the common case folded without Foundation.
    private static let latinFold: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [:]
        for v in UInt32(0xC0)...UInt32(0x17F) {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            if folded.unicodeScalars.count == 1, let plain = folded.unicodeScalars.first, plain.isASCII {
                table[v] = plain
            }
        }
        for (v, plain) in [(0x218, "s"), (0x219, "s"), (0x21A, "t"), (0x21B, "t")] as [(UInt32, Unicode.Scalar)] {
            table[v] = plain
        }
        return table
    }()
}
