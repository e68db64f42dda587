import Foundation
import GRDB
import Model

/// Which contacts a listing shows.
public struct ContactFilter: Sendable, Equatable {
    public var kind: ContactKind?
    public var tag: String?
    public var category: String?
    /// Only contacts added at or after this time.
    public var since: Date?
    public var limit: Int?

    public init(kind: ContactKind? = nil, tag: String? = nil, category: String? = nil, since: Date? = nil, limit: Int? = nil) {
        self.kind = kind
        self.tag = tag
        self.category = category
        self.since = since
        self.limit = limit
    }
}

extension AppDatabase {
    /// Saves a new contact and records `contact.added`.
    public func addContact(_ contact: Contact) throws -> Contact {
        try validate(contact)
        return try write { db in
            var saved = contact
            saved.id = try Self.insert(contact, db)
            try Self.record(db, .contactAdded, contact: saved.id, payload: ["name": contact.name, "kind": contact.kind.rawValue])
            return saved
        }
    }

    /// Replaces a saved contact's fields and records `contact.updated`.
    public func updateContact(_ contact: Contact) throws {
        try validate(contact)
        guard let id = contact.id else { throw StoreError.invalid("a contact without an id cannot be updated") }
        try write { db in
            let old = try Self.fetchContact(id, db)
            try Self.update(contact, replacing: old, db)
            try Self.record(db, .contactUpdated, contact: id, payload: ["name": contact.name])
            if old.kind != .client && contact.kind == .client {
                try Self.record(db, .clientWon, contact: id, payload: ["name": contact.name])
            }
        }
    }

    /// Removes a contact; refused while it is a partner or part of a referral.
    public func removeContact(id: Int64) throws {
        try write { db in
            let contact = try Self.fetchContact(id, db)
            if let partner = try Int64.fetchOne(db, sql: "SELECT id FROM partners WHERE contact_id = ?", arguments: [id]) {
                throw StoreError.inUse(entity: "contact", id: id, reason: "it is partner \(partner)")
            }
            let referrals = try Int.fetchOne(db, sql: "SELECT count(*) FROM referrals WHERE prospect_id = ?1 OR colleague_id = ?1", arguments: [id]) ?? 0
            if referrals > 0 {
                throw StoreError.inUse(entity: "contact", id: id, reason: "\(referrals) referral(s) name it")
            }
            try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [id])
            try Self.record(db, .contactRemoved, contact: id, payload: ["name": contact.name])
        }
    }

    /// The contact with `id`.
    public func contact(id: Int64) throws -> Contact {
        try read { db in try Self.fetchContact(id, db) }
    }

    /// The SQL conditions and arguments of a contact filter.
    static func conditions(_ filter: ContactFilter) -> ([String], StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let kind = filter.kind { conditions.append("kind = ?"); _ = arguments.append(contentsOf: [kind.rawValue]) }
        if let category = filter.category { conditions.append("category = ? COLLATE NOCASE"); _ = arguments.append(contentsOf: [category]) }
        if let since = filter.since { conditions.append("added_at >= ?"); _ = arguments.append(contentsOf: [since]) }
        if let tag = filter.tag {
            conditions.append("refer_contains(search, ?)")
            _ = arguments.append(contentsOf: ["#" + Contact.fold(tag) + "#"])
        }
        return (conditions, arguments)
    }

    /// Contacts matching `filter`, by name.
    public func contacts(_ filter: ContactFilter = ContactFilter()) throws -> [Contact] {
        try read { db in
            let (sql, arguments) = Self.contactsQuery(filter)
            return try Contact.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// Calls `body` with each contact that `contacts(filter)` returns, in the same order,
    /// as the row SQLite holds: a listing written straight from the rows makes no
    /// `Contact` and no string per value (`refer contact list --json`).
    public func forEachContact(_ filter: ContactFilter = ContactFilter(), _ body: (ContactColumns) throws -> Void) throws {
        try read { db in try Self.forEachContactRow(Self.contactsQuery(filter), db, body) }
    }

    /// Calls `body` with each contact that `findContacts(text, limit:)` returns, in order,
    /// as the row SQLite holds.
    public func forEachFoundContact(_ text: String, limit: Int = 50, _ body: (ContactColumns) throws -> Void) throws {
        try read { db in
            guard let query = try Self.findQuery(text, limit: limit, db) else { return }
            try Self.forEachContactRow(query, db, body)
        }
    }

    /// Runs `query`, which selects `Contact.selection`, and calls `body` with each row.
    private static func forEachContactRow(_ query: (sql: String, arguments: StatementArguments), _ db: Database,
                                          _ body: (ContactColumns) throws -> Void) throws {
        try DirectStatement(db, sql: query.sql).forEachRow(query.arguments) { try body(ContactColumns(row: $0)) }
    }

    static func contactsQuery(_ filter: ContactFilter) -> (sql: String, arguments: StatementArguments) {
        var sql = "SELECT \(Contact.selection) FROM contacts"
        let (conditions, arguments) = Self.conditions(filter)
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY name COLLATE NOCASE, id"
        if let limit = filter.limit { sql += " LIMIT \(limit)" }
        return (sql, arguments)
    }

    /// Contacts whose name, company, email or phone contains `text` (case and accents ignored),
    /// or, when `text` is mostly digits, whose phone holds those digits.
    public func findContacts(_ text: String, limit: Int = 50) throws -> [Contact] {
        try read { db in
            guard let query = try Self.findQuery(text, limit: limit, db) else { return [] }
            return try Contact.fetchAll(db, sql: query.sql, arguments: query.arguments)
        }
    }

    /// The query `findContacts` runs; nil when `text` is only spaces.
    private static func findQuery(_ text: String, limit: Int, _ db: Database) throws -> (sql: String, arguments: StatementArguments)? {
        let needle = Contact.fold(text.trimmingCharacters(in: .whitespaces))
        guard !needle.isEmpty else { return nil }
        var parts = [needle]
        let digits = Contact.normalizedPhone(text)
        if digits.count >= 4 && digits.count * 2 >= text.count { parts.append(digits) }
        let contains = parts.map { _ in "refer_contains(search, ?)" }.joined(separator: " OR ")
        var arguments = StatementArguments(parts)
        // NOT INDEXED: the matches are read by id (or in one pass over the table) and
        // the few found sorted. Walking the name index instead, to skip the sort, reads
        // every row out of order.
        var sql = "SELECT \(Contact.selection) FROM contacts NOT INDEXED WHERE "
        if let query = searchIndexQuery(parts), try db.tableExists(searchIndexTable) {
            // The index names every contact that may match; each is checked for the
            // whole text, so the answer is the scan's.
            sql += "id IN (SELECT rowid FROM \(searchIndexTable) WHERE \(searchIndexTable) MATCH ?) AND (\(contains))"
            arguments = [query] + arguments
        } else {
            sql += contains  // one or two characters: every contact is read
        }
        sql += " ORDER BY name COLLATE NOCASE, id LIMIT \(limit)"
        return (sql, arguments)
    }

    /// Resolves what a user typed for a contact: an id, an exact email, or a name that
    /// matches exactly one contact.
    public func resolveContact(_ reference: String) throws -> Contact {
        let text = reference.trimmingCharacters(in: .whitespaces)
        if let id = Int64(text) { return try contact(id: id) }
        return try read { db in
            if text.contains("@"),
               let id = try Int64.fetchOne(db, sql: "SELECT contact_id FROM contact_keys WHERE kind = 'email' AND value = ?", arguments: [Contact.normalizedEmail(text)]) {
                return try Self.fetchContact(id, db)
            }
            let matches = try Contact.fetchAll(db, sql: "SELECT \(Contact.selection) FROM contacts WHERE name = ? COLLATE NOCASE LIMIT 5", arguments: [text])
            if matches.count == 1 { return matches[0] }
            if matches.isEmpty {
                throw StoreError.invalid("no contact is called \"\(text)\"; use its id, its email, or find it with `refer contact find \(text)`.")
            }
            let ids = matches.compactMap(\.id).map(String.init).joined(separator: ", ")
            throw StoreError.invalid("\"\(text)\" names several contacts (ids \(ids)); use the id.")
        }
    }

    func validate(_ contact: Contact) throws {
        if contact.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw StoreError.rule(.emptyName) }
    }

    static func fetchContact(_ id: Int64, _ db: Database) throws -> Contact {
        // A cached statement: an import that matches 100,000 existing contacts fetches each,
        // and compiling the SQL each time (with GRDB's authorizer on every column) took most of it.
        let statement = try db.cachedStatement(sql: "SELECT \(Contact.selection) FROM contacts WHERE id = ?")
        guard let contact = try Contact.fetchOne(statement, arguments: [id]) else {
            throw StoreError.notFound(entity: "contact", id: id)
        }
        return contact
    }

    static let insertContactSQL = insertContactsSQL(rows: 1)

    /// The values of a contact row bound by `insertContactsSQL`: `columnTexts`.
    static let insertedColumns = 18

    /// Inserts `rows` contacts in one statement.
    static func insertContactsSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: insertedColumns).joined(separator: ", ") + ")"
        return """
            INSERT INTO contacts (name, given_name, family_name, kind, category, market, company, job_title,
              emails, phones, address, birthday, note, tags, preferred_channel, added_at, source, search)
            VALUES
            """ + " " + Array(repeating: row, count: rows).joined(separator: ", ")
    }
    static let insertKeySQL = "INSERT OR IGNORE INTO contact_keys (kind, value, contact_id) VALUES (?, ?, ?)"
    static let updateContactSQL = """
        UPDATE contacts SET name = ?, given_name = ?, family_name = ?, kind = ?, category = ?, market = ?,
          company = ?, job_title = ?, emails = ?, phones = ?, address = ?, birthday = ?, note = ?, tags = ?,
          preferred_channel = ?, added_at = ?, source = ?, search = ? WHERE id = ?
        """

    /// Inserts the contact row and its keys; returns the new id.
    static func insert(_ contact: Contact, _ db: Database) throws -> Int64 {
        try DirectStatement(db, sql: insertContactSQL).execute(texts: contact.columnTexts)
        let id = db.lastInsertedRowID
        try insertKeys(of: contact, id: id, db)
        return id
    }

    /// Saves `contact` over `old` (the stored version), swapping the keys that changed.
    static func update(_ contact: Contact, replacing old: Contact, _ db: Database) throws {
        guard let id = contact.id else { return }
        try DirectStatement(db, sql: updateContactSQL).execute(texts: contact.columnTexts, integers: [id])
        let delete = try DirectStatement(db, sql: "DELETE FROM contact_keys WHERE kind = ? AND value = ? AND contact_id = ?")
        for key in old.keys { try delete.execute(texts: [key.kind, key.value], integers: [id]) }
        try insertKeys(of: contact, id: id, db)
    }

    static func insertKeys(of contact: Contact, id: Int64, _ db: Database) throws {
        let statement = try DirectStatement(db, sql: insertKeySQL)
        for key in contact.keys { try statement.execute(texts: [key.kind, key.value], integers: [id]) }
    }
}
