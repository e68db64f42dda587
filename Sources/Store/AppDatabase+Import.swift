import Foundation
import GRDB
import GRDBSQLite
import Model

/// What an import did (or, with `--dry-run`, would do) to one contact.
public struct ImportChange: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable { case add, update }
    public var action: Action
    /// The existing contact's id for an update; the new id after a real add.
    public var contactId: Int64?
    public var name: String
    public var file: String
    public var line: Int
    /// The fields an update changes.
    public var fields: [String]
}

/// The outcome of an import.
public struct ImportSummary: Sendable, Codable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var changes: [ImportChange] = []
    /// Records left out with `--skip-bad`.
    public var skipped: [ImportProblem] = []
    public var dryRun = false
}

extension AppDatabase {
    /// Imports contacts in one transaction, matching existing contacts (and earlier records
    /// of the same import) by normalised email or phone so a second import updates instead
    /// of duplicating. With `dryRun` nothing is written.
    public func importContacts(_ records: [ImportedContact], source: String? = nil, dryRun: Bool = false, at time: Date = Date()) throws -> ImportSummary {
        try importContacts(records, source: source, dryRun: dryRun, at: time, rowsPerStatement: nil)
    }

    /// `rowsPerStatement`: how many new contacts one INSERT writes; nil for as many as
    /// SQLite binds at once, up to 4,096.
    func importContacts(_ records: [ImportedContact], source: String?, dryRun: Bool, at time: Date, rowsPerStatement: Int?) throws -> ImportSummary {
        if dryRun {
            return try read { db in try Self.planImport(records, source: source, at: time, db).summary(dryRun: true) }
        }
        return try write { db in
            var plan = try Self.planImport(records, source: source, at: time, db)
            if plan.added.count > 10_000 {
                // Room for the whole import in the page cache, so that SQLite does not
                // write pages to the WAL and read them back before the commit.
                try db.execute(sql: "PRAGMA cache_size = -262144")
            }
            // Many rows to a statement: each statement that fires the search index's
            // trigger writes the index's pending terms out (SQLite opens a savepoint for
            // it, and FTS5 flushes at every savepoint), which one row at a time made an
            // import three times slower.
            let perStatement = max(1, rowsPerStatement ?? min(4_096, Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) / Self.insertedColumns))
            var keys: [(kind: String, value: String, id: Int64)] = []
            keys.reserveCapacity(plan.added.count * 2)
            var firstId: Int64?, lastId: Int64?
            let built = Self.rowsToInsert(plan.added)
            var texts: [String?] = []
            for start in stride(from: 0, to: plan.added.count, by: perStatement) {
                let rows = start..<min(start + perStatement, plan.added.count)
                texts.removeAll(keepingCapacity: true)
                for index in rows { texts += built[index].texts }
                try DirectStatement(db, sql: Self.insertContactsSQL(rows: rows.count)).execute(texts: texts)
                // One statement, one writer: the rows took consecutive ids, the last one last.
                let last = db.lastInsertedRowID
                var id = last - Int64(rows.count - 1)
                firstId = firstId ?? id
                lastId = last
                for index in rows {
                    plan.added[index].contact.id = id
                    for k in built[index].keys { keys.append((k.kind, k.value, id)) }
                    id += 1
                }
            }
            // In the key index's own order: each insert then lands next to the last one.
            keys.sort { ($0.kind, $0.value, $0.id) < ($1.kind, $1.value, $1.id) }
            let key = try DirectStatement(db, sql: Self.insertKeySQL)
            for k in keys { try key.execute(texts: [k.kind, k.value], integers: [k.id]) }
            if plan.updatedOrder.count > 1 {
                try Self.updateAll(plan.updatedOrder.map { (plan.updated[$0]!.0, plan.originals[$0]!) }, perStatement: perStatement, db)
            } else if let id = plan.updatedOrder.first {
                try Self.update(plan.updated[id]!.0, replacing: plan.originals[id]!, db)
            }
            for id in plan.updatedOrder {
                try Self.record(db, .contactUpdated, contact: id, payload: ["name": plan.updated[id]!.0.name, "source": "import"], at: time)
            }
            let summary = plan.summary(dryRun: false)
            // One event for the added contacts (ids first_id…last_id, consecutive): an event
            // per contact would double the work of a large import.
            var payload = [
                "added": String(summary.added), "updated": String(summary.updated),
                "unchanged": String(summary.unchanged), "source": source ?? "",
            ]
            if let firstId, let lastId { payload["first_id"] = String(firstId); payload["last_id"] = String(lastId) }
            try Self.record(db, .contactsImported, payload: payload, at: time)
            return summary
        }
    }

    /// Writes many changed contacts with one UPDATE: their rows go to a temporary table
    /// first. One statement per contact made the search index write its pending terms
    /// out at each (an import that changed 100,000 contacts took over 40 s).
    static func updateAll(_ changes: [(contact: Contact, old: Contact)], perStatement: Int, _ db: Database) throws {
        let columns = "name, given_name, family_name, kind, category, market, company, job_title, emails, phones, address, birthday, note, tags, preferred_channel, added_at, source, search"
        try db.execute(sql: "CREATE TEMP TABLE import_updates (id INTEGER PRIMARY KEY, \(columns))")
        let row = "(" + Array(repeating: "?", count: insertedColumns + 1).joined(separator: ", ") + ")"
        let rowsPerStatement = max(1, perStatement * insertedColumns / (insertedColumns + 1))
        var texts: [String?] = []
        for start in stride(from: 0, to: changes.count, by: rowsPerStatement) {
            let rows = start..<min(start + rowsPerStatement, changes.count)
            texts.removeAll(keepingCapacity: true)
            for i in rows { texts.append(String(changes[i].contact.id!)); texts += changes[i].contact.columnTexts }
            let sql = "INSERT INTO temp.import_updates (id, \(columns)) VALUES " + Array(repeating: row, count: rows.count).joined(separator: ", ")
            try DirectStatement(db, sql: sql).execute(texts: texts)
        }
        let assignments = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map { "\($0) = u.\($0)" }.joined(separator: ", ")
        try db.execute(sql: "UPDATE contacts SET \(assignments) FROM temp.import_updates AS u WHERE contacts.id = u.id")
        try db.execute(sql: "DROP TABLE temp.import_updates")
        let delete = try DirectStatement(db, sql: "DELETE FROM contact_keys WHERE kind = ? AND value = ? AND contact_id = ?")
        for (contact, old) in changes {
            let id = contact.id!
            for key in old.keys { try delete.execute(texts: [key.kind, key.value], integers: [id]) }
            try insertKeys(of: contact, id: id, db)
        }
    }

    typealias RowToInsert = (texts: [String?], keys: [(kind: String, value: String)])

    /// The stored text and the keys of each new contact, built on both cores when there
    /// are many: on one, building them took a third as long as SQLite's inserts, while
    /// the other core waited.
    static func rowsToInsert(_ added: [ImportedContact]) -> [RowToInsert] {
        guard added.count >= 2_000 else { return added.map { row($0.contact) } }
        let half = added.count / 2
        return Array(unsafeUninitializedCapacity: added.count) { buffer, count in
            // Each iteration initialises only its own elements, and concurrentPerform
            // returns after both have finished.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                for i in part == 0 ? 0..<half : half..<added.count {
                    (out.baseAddress! + i).initialize(to: row(added[i].contact))
                }
            }
            count = added.count
        }
    }

    private static func row(_ contact: Contact) -> RowToInsert { (contact.columnTexts, contact.keys) }

    struct ImportPlan {
        var added: [ImportedContact] = []
        var updated: [Int64: (Contact, ImportedContact)] = [:]
        var updatedOrder: [Int64] = []
        var updatedFields: [Int64: Set<String>] = [:]
        /// The stored version of each updated contact, to swap its keys.
        var originals: [Int64: Contact] = [:]
        var unchanged = 0

        func summary(dryRun: Bool) -> ImportSummary {
            var s = ImportSummary()
            s.dryRun = dryRun
            s.added = added.count
            s.updated = updatedOrder.count
            s.unchanged = unchanged
            s.changes = added.map {
                ImportChange(action: .add, contactId: $0.contact.id, name: $0.contact.name, file: $0.file, line: $0.line, fields: [])
            }
            for id in updatedOrder {
                let (contact, from) = updated[id]!
                s.changes.append(ImportChange(action: .update, contactId: id, name: contact.name, file: from.file,
                                              line: from.line, fields: updatedFields[id, default: []].sorted()))
            }
            return s
        }
    }

    private enum Target { case existing(Int64), new(Int) }

    static func planImport(_ records: [ImportedContact], source: String?, at time: Date, _ db: Database) throws -> ImportPlan {
        var plan = ImportPlan()
        var index: [String: Target] = [:]
        index.reserveCapacity(records.count * 2)  // an email and a phone each, commonly
        if try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM contacts)") == 1 {
            let rows = try Row.fetchCursor(db, sql: "SELECT kind, value, contact_id FROM contact_keys WHERE kind IN ('email', 'phone')")
            while let row = try rows.next() {
                let kind: String = row[0], value: String = row[1]
                index[kind + ":" + value] = .existing(row[2])
            }
        }
        var cache: [Int64: Contact] = [:]
        for record in records {
            var incoming = record.contact
            if incoming.source == nil { incoming.source = source }
            incoming.addedAt = time
            let keys = incoming.keys.filter { $0.kind != "tag" }.map { $0.kind + ":" + $0.value }
            let target = keys.lazy.compactMap { index[$0] }.first
            switch target {
            case .existing(let id):
                let current: Contact
                if let pending = plan.updated[id]?.0 { current = pending }
                else if let cached = cache[id] { current = cached }
                else { current = try fetchContact(id, db); cache[id] = current; plan.originals[id] = current }
                let (merged, fields) = merge(current, with: incoming, takeKind: record.hasKind)
                if fields.isEmpty {
                    if plan.updated[id] == nil { plan.unchanged += 1 }
                } else {
                    if plan.updated[id] == nil { plan.updatedOrder.append(id) }
                    plan.updated[id] = (merged, record)
                    plan.updatedFields[id, default: []].formUnion(fields)
                }
                for key in keys where index[key] == nil { index[key] = .existing(id) }
            case .new(let position):
                let (merged, _) = merge(plan.added[position].contact, with: incoming, takeKind: record.hasKind)
                plan.added[position].contact = merged
                for key in keys where index[key] == nil { index[key] = .new(position) }
            case nil:
                plan.added.append(ImportedContact(contact: incoming, file: record.file, line: record.line, hasKind: record.hasKind))
                for key in keys { index[key] = .new(plan.added.count - 1) }
            }
        }
        return plan
    }

    /// `current` updated with what `incoming` says: its fields win when present; emails,
    /// phones and tags are joined. Returns the fields that changed.
    static func merge(_ current: Contact, with incoming: Contact, takeKind: Bool) -> (Contact, [String]) {
        var c = current
        var fields: [String] = []
        func take<T: Equatable>(_ path: WritableKeyPath<Contact, T?>, _ name: String) {
            if let value = incoming[keyPath: path], c[keyPath: path] != value {
                c[keyPath: path] = value
                fields.append(name)
            }
        }
        if !incoming.name.isEmpty && incoming.name != c.name { c.name = incoming.name; fields.append("name") }
        take(\.givenName, "given name")
        take(\.familyName, "family name")
        take(\.company, "company")
        take(\.jobTitle, "job title")
        take(\.address, "address")
        take(\.birthday, "birthday")
        take(\.note, "note")
        take(\.category, "category")
        take(\.market, "market")
        take(\.preferredChannel, "preferred channel")
        if takeKind && incoming.kind != c.kind { c.kind = incoming.kind; fields.append("kind") }
        func join(_ path: WritableKeyPath<Contact, [String]>, _ name: String, _ normal: (String) -> String) {
            var seen = Set(c[keyPath: path].map(normal))
            for value in incoming[keyPath: path] where seen.insert(normal(value)).inserted {
                c[keyPath: path].append(value)
                if !fields.contains(name) { fields.append(name) }
            }
        }
        join(\.emails, "emails", Contact.normalizedEmail)
        join(\.phones, "phones", Contact.normalizedPhone)
        join(\.tags, "tags", Contact.fold)
        return (c, fields)
    }
}

extension AppDatabase {
    /// Imports what the readers found. Any problem refuses the whole import (nothing is
    /// written) unless `skipBad`, in which case the good records are imported and the
    /// problems returned in `skipped`.
    public func importReadings(_ readings: [ImportReading], source: String? = nil, skipBad: Bool = false, dryRun: Bool = false) throws -> ImportSummary {
        let problems = readings.flatMap(\.problems)
        if !problems.isEmpty && !skipBad { throw ImportError.badRecords(problems) }
        var summary = try importContacts(readings.flatMap(\.contacts), source: source, dryRun: dryRun)
        summary.skipped = problems
        return summary
    }
}
