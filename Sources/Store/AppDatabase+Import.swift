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
    /// SQLite binds at once, up to 4,096. `indexApartAbove`: see `withContactUpkeepDeferred`.
    func importContacts(_ records: [ImportedContact], source: String?, dryRun: Bool, at time: Date, rowsPerStatement: Int?,
                        indexApartAbove: Int = 10_000) throws -> ImportSummary {
        if dryRun {
            return try read { db in try Self.planImport(records, source: source, at: time, db).summary(dryRun: true) }
        }
        return try writeTrustingReferences { db in
            StageTimer.mark("begin transaction")
            var plan = try Self.planImport(records, source: source, at: time, db)
            StageTimer.mark("match records")
            if plan.added.count > 10_000 {
                // Room for the whole import in the page cache, so that SQLite does not
                // write pages to the WAL and read them back before the commit.
                try db.execute(sql: "PRAGMA cache_size = -262144")
            }
            // Many rows to a statement: SQLite's work at the start and end of each
            // statement (AUTOINCREMENT writes sqlite_sequence at every one) is then paid
            // once per thousand rows.
            let perStatement = max(1, rowsPerStatement ?? min(4_096, Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) / Self.insertedColumns))
            var firstId: Int64?, lastId: Int64?
            let built = Self.rowsToInsert(plan.added)
            StageTimer.mark("build rows")
            // The key rows sorted into the key index's own order, so that each lands next to
            // the last one: on another core while the contacts are written. A contact's id
            // follows its place among the new contacts, so the place stands in for the id
            // until the ids are known.
            let addedKeys = plan.addedKeys
            let sorting = Background {
                var keys: [KeyRow] = []
                keys.reserveCapacity(addedKeys.count * 2)
                for (place, list) in addedKeys.enumerated() { for k in list { keys.append((k.kind, k.value, Int64(place))) } }
                keys.sort { ($0.kind, $0.value, $0.id) < ($1.kind, $1.value, $1.id) }
                return keys
            }
            try Self.withContactUpkeepDeferred(adding: plan.added.count, rows: built, indexApartAbove: indexApartAbove, db) {
                var ids: [Int64] = []
                ids.reserveCapacity(plan.added.count)
                for rows in built { ids += try Self.insert(rows, perStatement: perStatement, db) }
                for (place, id) in ids.enumerated() { plan.added[place].contact.id = id }
                firstId = ids.first
                lastId = ids.last
                StageTimer.mark("insert rows")
                let keys = sorting.value.map { (kind: $0.kind, value: $0.value, id: ids[Int($0.id)]) }
                StageTimer.mark("wait for sorted keys")
                try Self.insertKeys(keys, db)
                StageTimer.mark("insert keys")
            }
            if plan.updatedOrder.count > 1 {
                try Self.updateAll(plan.updatedOrder.map { (plan.updated[$0]!.0, plan.originals[$0]!) }, perStatement: perStatement, db)
            } else if let id = plan.updatedOrder.first {
                try Self.update(plan.updated[id]!.0, replacing: plan.originals[id]!, db)
            }
            for id in plan.updatedOrder {
                try Self.record(db, .contactUpdated, contact: id, payload: ["name": plan.updated[id]!.0.name, "source": "import"], at: time)
            }
            StageTimer.mark("apply updates")
            let summary = plan.summary(dryRun: false)
            // One event for the added contacts (ids first_id…last_id, consecutive): an event
            // per contact would double the work of a large import.
            var payload = [
                "added": String(summary.added), "updated": String(summary.updated),
                "unchanged": String(summary.unchanged), "source": source ?? "",
            ]
            if let firstId, let lastId { payload["first_id"] = String(firstId); payload["last_id"] = String(lastId) }
            try Self.record(db, .contactsImported, payload: payload, at: time)
            releaseInBackground((consume plan, built))
            StageTimer.mark("record event")
            return summary
        }
    }

    /// A row of `contact_keys`: a normalised email or phone of a contact.
    typealias KeyRow = (kind: String, value: String, id: Int64)

    /// Inserts key rows many to a statement: one statement per key took a tenth of an
    /// import.
    static func insertKeys(_ keys: [KeyRow], _ db: Database) throws {
        var arguments: [DirectStatement.Argument] = []
        try forEachChunk(of: keys.count, perStatement: 2_048, sql: insertKeysSQL, db) { rows, insert in
            arguments.removeAll(keepingCapacity: true)
            for k in keys[rows] {
                arguments.append(.text(k.kind))
                arguments.append(.text(k.value))
                arguments.append(.integer(k.id))
            }
            try insert.execute(arguments)
        }
    }

    /// `rows` key rows. The parameters are `?`, in order: SQLite looks each numbered one
    /// (`?123`) up in a list of those before it, and preparing 6,144 of them took 0.15 s.
    static func insertKeysSQL(_ rows: Int) -> String {
        "INSERT OR IGNORE INTO contact_keys (kind, value, contact_id) VALUES " + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", ")
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
        let sql = { (rows: Int) in "INSERT INTO temp.import_updates (id, \(columns)) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ") }
        try forEachChunk(of: changes.count, perStatement: rowsPerStatement, sql: sql, db) { rows, insert in
            texts.removeAll(keepingCapacity: true)
            for i in rows { texts.append(String(changes[i].contact.id!)); texts += changes[i].contact.columnTexts }
            try insert.execute(texts: texts)
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

    /// The stored values of the new contacts, in order, built on both cores when there
    /// are many: on one, building them took a third as long as SQLite's inserts, while the
    /// other core waited.
    static func rowsToInsert(_ added: [ImportedContact]) -> [ContactRowBuffer] {
        @Sendable func build(_ range: Range<Int>) -> ContactRowBuffer {
            var rows = ContactRowBuffer(capacity: range.count)
            for i in range { rows.append(added[i].contact) }
            return rows
        }
        guard added.count >= 2_000 else { return [build(0..<added.count)] }
        let half = added.count / 2
        return [0..<half, half..<added.count].mapOnTwoCores(above: 2, build)
    }

    /// Calls `body` with each run of `perStatement` of `count` rows and the statement `sql`
    /// makes for that many, then with each row left over and the one-row statement. The
    /// SQL of a full run is long (18 parameters a contact row): it is made and prepared
    /// once, and not again for the rest, which one-row statements write sooner than a
    /// long statement is prepared.
    static func forEachChunk(of count: Int, perStatement: Int, sql: (Int) -> String, _ db: Database,
                             _ body: (Range<Int>, DirectStatement) throws -> Void) throws {
        let full = count / perStatement * perStatement
        if full > 0 {
            let statement = try DirectStatement(db, sql: sql(perStatement))
            for start in stride(from: 0, to: full, by: perStatement) { try body(start..<(start + perStatement), statement) }
        }
        if full < count {
            let statement = try DirectStatement(db, sql: sql(1))
            for row in full..<count { try body(row..<(row + 1), statement) }
        }
    }

    /// Inserts the contacts of `rows`, `perStatement` to a statement; returns their ids.
    static func insert(_ rows: ContactRowBuffer, perStatement: Int, _ db: Database) throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(rows.count)
        try rows.bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }  // no row has a byte only when there are no rows
            try forEachChunk(of: rows.count, perStatement: perStatement, sql: insertContactsSQL(rows:), db) { chunk, insert in
                try insert.execute { statement in
                    for (n, row) in chunk.enumerated() {
                        rows.bind(row: row, to: statement, from: Int32(n * insertedColumns + 1), bytes: base)
                    }
                }
                // One statement, one writer: the rows took consecutive ids, the last one last.
                let last = db.lastInsertedRowID
                ids += (last - Int64(chunk.count - 1))...last
            }
        }
        return ids
    }

    struct ImportPlan {
        var added: [ImportedContact] = []
        /// The keys of each of `added`.
        var addedKeys: [[(kind: String, value: String)]] = []
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

    /// Where each normalised email and phone leads: to a stored contact or to one this
    /// import adds. Emails and phones are kept apart, so a key needs no string made for it.
    private struct KeyIndex {
        var emails: [String: Target] = [:]
        var phones: [String: Target] = [:]

        init(capacity: Int) {
            emails.reserveCapacity(capacity)
            phones.reserveCapacity(capacity)
        }

        subscript(key: (kind: String, value: String)) -> Target? {
            get { key.kind == "email" ? emails[key.value] : phones[key.value] }
            set {
                if key.kind == "email" { emails[key.value] = newValue } else { phones[key.value] = newValue }
            }
        }
    }

    static func planImport(_ records: [ImportedContact], source: String?, at time: Date, _ db: Database) throws -> ImportPlan {
        var plan = ImportPlan()
        var index = KeyIndex(capacity: records.count)  // an email and a phone each, commonly
        if try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM contacts)") == 1 {
            let rows = try Row.fetchCursor(db, sql: "SELECT kind, value, contact_id FROM contact_keys WHERE kind IN ('email', 'phone')")
            while let row = try rows.next() {
                let kind: String = row[0], value: String = row[1]
                index[(kind, value)] = .existing(row[2])
            }
        }
        // Normalising the emails and phones is most of the work per record: done first,
        // on both cores.
        let recordKeys = records.mapOnTwoCores { $0.contact.keys }
        plan.added.reserveCapacity(records.count)
        plan.addedKeys.reserveCapacity(records.count)
        var cache: [Int64: Contact] = [:]
        for (n, record) in records.enumerated() {
            let keys = recordKeys[n]
            var target: Target?
            for key in keys {
                if let found = index[key] { target = found; break }
            }
            switch target {
            case .existing(let id):
                let incoming = stamped(record.contact, source: source, at: time)
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
                let incoming = stamped(record.contact, source: source, at: time)
                let (merged, _) = merge(plan.added[position].contact, with: incoming, takeKind: record.hasKind)
                plan.added[position].contact = merged
                plan.addedKeys[position] = merged.keys
                for key in keys where index[key] == nil { index[key] = .new(position) }
            case nil:
                var added = record
                if added.contact.source == nil { added.contact.source = source }
                added.contact.addedAt = time  // as `stamped`, without a second copy
                plan.added.append(added)
                plan.addedKeys.append(keys)
                for key in keys { index[key] = .new(plan.added.count - 1) }
            }
        }
        return plan
    }

    /// `contact` as this import stores it: added now, from `source` unless it names one.
    private static func stamped(_ contact: Contact, source: String?, at time: Date) -> Contact {
        var c = contact
        if c.source == nil { c.source = source }
        c.addedAt = time
        return c
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
        // One file's contacts are passed on as they are: joining them copied every record.
        let records = readings.count == 1 ? readings[0].contacts : readings.flatMap(\.contacts)
        var summary = try importContacts(records, source: source, dryRun: dryRun)
        summary.skipped = problems
        return summary
    }
}
