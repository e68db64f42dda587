import Foundation
import GRDB
import GRDBSQLite
import Model
@testable import Store
import Testing

/// A large import writes its rows from one buffer of bytes, with the contacts' index
/// upkeep put off to the end: the rows, the search index and the schema must come out as
/// the one-at-a-time path leaves them.
@Suite struct BulkInsertTests {
    static let awkward: [Contact] = [
        Contact(name: "Ștefan Țărănescu", givenName: "Ștefan", familyName: "Țărănescu", kind: .client, category: "attorney",
                market: "Cluj", company: "Țărănescu & Asociații", jobTitle: "Partner", emails: ["Stefan@Taranescu.RO", "a\nb@x.ro"],
                phones: ["+40 722 123 456", "0040-21-000"], address: "Str. Mare 1\nCluj", birthday: "1980-02-29",
                note: "line one\nline two", tags: ["VIP", "Țară"], preferredChannel: .email,
                addedAt: Date(timeIntervalSince1970: 1_767_225_600.123), source: "import a.vcf"),
        Contact(name: ""),
        Contact(name: "Ελένη Παπαδοπούλου", company: "Αθήνα ΑΕ", emails: ["eleni@example.gr"], tags: ["πελάτης"]),
        Contact(name: "李小龍 🐉", phones: ["+86 10 1234 5678"]),
        Contact(name: "Nul\u{0}Inside", company: "Co\u{0}", tags: ["t\u{0}g"]),
        Contact(name: "Tags Only", tags: ["one", "Two Words", "ÀÉÎÕÜ"], addedAt: Date(timeIntervalSince1970: 0)),
        Contact(name: "Line\nBreak", emails: ["multi\nline@example.ro", ""], phones: [""]),
    ]

    @Test func theBufferHoldsEveryContactsColumnTexts() throws {
        var buffer = ContactRowBuffer()
        for contact in Self.awkward { buffer.append(contact) }
        #expect(buffer.count == Self.awkward.count)
        // Read back through SQLite: bind each row to a SELECT of its parameters.
        let store = try AppDatabase.inMemory()
        let marks = (1...AppDatabase.insertedColumns).map { "?\($0)" }.joined(separator: ", ")
        try store.read { db in
            try buffer.bytes.withUnsafeBufferPointer { bytes in
                for (row, contact) in Self.awkward.enumerated() {
                    var values: [String?] = []
                    try DirectStatement(db, sql: "SELECT \(marks)").withBound([]) { statement in
                        buffer.bind(row: row, to: statement, from: 1, bytes: bytes.baseAddress!)
                        #expect(sqlite3_step(statement) == SQLITE_ROW)
                        let read = DirectRow(handle: statement)
                        values = (0..<Int32(AppDatabase.insertedColumns)).map { read.text($0) }
                    }
                    #expect(values == contact.columnTexts, "row \(row): \(contact.name)")
                }
            }
        }
    }

    @Test func aLargeImportLeavesTheSchemaAndTheSearchIndexAsTheyWere() throws {
        let store = try AppDatabase.inMemory()
        let schemaBefore = try Self.schema(store)
        _ = try store.addContact(Contact(name: "Already Here", emails: ["here@example.ro"]))
        let records = (0..<2_500).map { i in
            ImportedContact(contact: Contact(name: "Bulk Person \(i)", company: i % 2 == 0 ? "Țesături \(i)" : nil,
                                             emails: ["bulk\(i)@example.ro"], tags: ["t\(i % 7)"]),
                            file: "bulk.vcf", line: i + 1)
        } + Self.awkward.enumerated().map { ImportedContact(contact: $1, file: "bulk.vcf", line: 10_000 + $0) }
        let summary = try store.importContacts(records, source: "import bulk.vcf", dryRun: false, at: Date(), rowsPerStatement: 333)
        #expect(summary.added == records.count)
        #expect(try Self.schema(store) == schemaBefore)
        try store.write { db in  // the index's check is written as an insert
            try db.execute(sql: "INSERT INTO contact_search(contact_search) VALUES ('integrity-check')")
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            // Every stored search text is the one its record makes.
            let stored = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, search FROM contacts").map { ($0[0] as Int64, $0[1] as String) })
            #expect(stored.count == records.count + 1)
            for change in summary.changes {
                let record = records.first { $0.line == change.line }!
                #expect(stored[change.contactId!] == record.contact.searchText, "line \(change.line)")
            }
        }
        #expect(try store.findContacts("bulk person", limit: 10_000).count == 2_500)
        #expect(try store.findContacts("tesaturi 2498").map(\.name) == ["Bulk Person 2498"])
        #expect(try store.findContacts("here@example").map(\.name) == ["Already Here"])
        #expect(try store.findContacts("ελένη").map(\.name) == ["Ελένη Παπαδοπούλου"])
        // The trigger is back: a contact added one at a time is found.
        _ = try store.addContact(Contact(name: "Added Later", emails: ["later@example.ro"]))
        #expect(try store.findContacts("later@exa").map(\.name) == ["Added Later"])
    }

    @Test func aFailureWhileInsertingPutsTheTriggerAndIndexBack() throws {
        let store = try AppDatabase.inMemory()
        let schemaBefore = try Self.schema(store)
        struct Stop: Error {}
        try store.write { (db: Database) throws -> Void in
            #expect(throws: Stop.self) {
                try AppDatabase.withContactUpkeepDeferred(adding: 10, db) {
                    let during = try Self.schema(db)
                    #expect(during != schemaBefore)  // set aside while inserting
                    try db.execute(sql: "INSERT INTO contacts (name, added_at) VALUES ('Half Way', '2026-01-01 00:00:00.000')")
                    throw Stop()
                }
            }
            let after = try Self.schema(db)
            #expect(after == schemaBefore)
        }
        #expect(try Self.schema(store) == schemaBefore)
        // The trigger works again: the row added through it is found.
        _ = try store.addContact(Contact(name: "After The Failure"))
        #expect(try store.findContacts("after the").map(\.name) == ["After The Failure"])
    }

    /// The import writes without foreign key checks; they must be on again afterwards,
    /// whether the write committed or failed.
    @Test func foreignKeyChecksAreBackAfterATrustedWrite() throws {
        let store = try AppDatabase.inMemory()
        struct Stop: Error {}
        _ = try store.importContacts([ImportedContact(contact: Contact(name: "A", emails: ["a@example.ro"]), file: "a.vcf", line: 1),
                                      ImportedContact(contact: Contact(name: "B", emails: ["b@example.ro"]), file: "a.vcf", line: 6)])
        #expect(throws: Stop.self) { try store.writeTrustingReferences { (_: Database) throws -> Void in throw Stop() } }
        try store.write { (db: Database) throws -> Void in
            let checks = try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            #expect(checks == 1)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO contact_keys (contact_id, kind, value) VALUES (999, 'email', 'nobody@example.ro')")
            }
        }
        // The keys the import wrote name their contacts: deleting one takes its keys.
        let a = try store.resolveContact("a@example.ro")
        try store.write { db in try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [a.id!]) }
        let keys = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_keys") }
        #expect(keys == 1)
    }

    static func schema(_ store: AppDatabase) throws -> [String] { try store.read { try schema($0) } }

    static func schema(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master ORDER BY name")
    }
}

/// Into a store with no contacts, a large import builds the search index on another core
/// and copies its pages in (`SearchIndexApart`).
@Suite struct SearchIndexApartTests {
    /// The pages come from the rows handed over, not from the table: rows whose search
    /// text says something else than the table's show which index was kept.
    @Test func theIndexBuiltApartIsTheOneKept() throws {
        try AppDatabase.inMemory().write { db in
            try Self.insertApples(50, id: { _ in nil }, db)
            let zebras = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_search WHERE contact_search MATCH 'zeb'")
            let apples = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_search WHERE contact_search MATCH 'app'")
            #expect(zebras == 50)
            #expect(apples == 0)
        }
    }

    /// When the rows do not take the ids the index was built for, it is built in place.
    @Test func rowsWithOtherIdsAreIndexedInPlace() throws {
        try AppDatabase.inMemory().write { db in
            // Every other id: not the consecutive ids expected.
            try Self.insertApples(20, id: { Int64(2 * $0 + 1) }, db)
            try db.execute(sql: "INSERT INTO contact_search(contact_search) VALUES ('integrity-check')")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_search WHERE contact_search MATCH 'app'") == 20)
        }
    }

    /// Inserts contacts "Apple 0"… with upkeep deferred, handing over rows for "Zebra 0"…
    /// as their values; `id(i)` is the id of the i-th (nil: the next one).
    static func insertApples(_ count: Int, id: (Int) -> Int64?, _ db: Database) throws {
        var rows = ContactRowBuffer()
        for i in 0..<count { rows.append(Contact(name: "Zebra \(i)")) }
        try AppDatabase.withContactUpkeepDeferred(adding: count, rows: [rows], indexApartAbove: 2, db) {
            for i in 0..<count {
                try db.execute(sql: "INSERT INTO contacts (id, name, added_at, search) VALUES (?, ?, '2026-01-01 00:00:00.000', ?)",
                               arguments: [id(i), "Apple \(i)", "apple \(i)"])
            }
        }
    }

    /// The same connection searched before the import, which makes FTS5 keep the empty
    /// index's table of contents in memory, and adds a contact afterwards: that write must
    /// go on from the copied pages. Contacts added and removed before leave AUTOINCREMENT
    /// above the largest id, and old pages to replace.
    @Test func anImportIntoAStoreWithNoContactsIsFoundAndKeptInStep() throws {
        let store = try AppDatabase.inMemory()
        for i in 0..<3 { _ = try store.addContact(Contact(name: "Gone \(i)", emails: ["gone\(i)@example.ro"])) }
        #expect(try store.findContacts("gone").count == 3)
        try store.write { db in try db.execute(sql: "DELETE FROM contacts") }
        #expect(try store.findContacts("gone").isEmpty)
        let records = (0..<600).map { i in
            ImportedContact(contact: Contact(name: "Bulk Person \(i)", company: i % 2 == 0 ? "Țesături \(i)" : nil,
                                             emails: ["bulk\(i)@example.ro"], tags: ["t\(i % 7)"]),
                            file: "bulk.vcf", line: i + 1)
        } + BulkInsertTests.awkward.enumerated().map { ImportedContact(contact: $1, file: "bulk.vcf", line: 10_000 + $0) }
        let summary = try store.importContacts(records, source: "import bulk.vcf", dryRun: false, at: Date(),
                                               rowsPerStatement: 100, indexApartAbove: 2)
        #expect(summary.added == records.count)
        #expect(summary.changes.map(\.contactId!).min() == 4)  // above the three removed
        _ = try store.addContact(Contact(name: "Added Later", emails: ["later@example.ro"]))
        try store.write { db in
            try db.execute(sql: "INSERT INTO contact_search(contact_search) VALUES ('integrity-check')")
        }
        #expect(try store.findContacts("bulk person", limit: 10_000).count == 600)
        #expect(try store.findContacts("tesaturi 598").map(\.name) == ["Bulk Person 598"])
        #expect(try store.findContacts("ελένη").map(\.name) == ["Ελένη Παπαδοπούλου"])
        #expect(try store.findContacts("later@exa").map(\.name) == ["Added Later"])
        #expect(try store.findContacts("gone").isEmpty)
    }
}

/// A store file with a few contacts, taking more than it has: the index built apart holds
/// the contacts already there, read from the file as it was before the import.
@Suite struct SearchIndexApartWithContactsTests {
    static func storeWithTwoQuixotes(_ body: (AppDatabase) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("refer-apart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try AppDatabase.open(path: folder.appendingPathComponent("refer.sqlite").path)
        for name in ["Ana Quixote", "Dan Quixote"] { _ = try store.addContact(Contact(name: name, emails: ["\(name.prefix(3))@q.ro"])) }
        #expect(try store.findContacts("quixote").count == 2)  // this connection has read the index
        try body(store)
    }

    @Test func theContactsAlreadyThereAreIndexedApartToo() throws {
        try Self.storeWithTwoQuixotes { store in
            try store.write { db in
                try SearchIndexApartTests.insertApples(50, id: { _ in nil }, db)
                // Built apart: the rows handed over say Zebra, the table says Apple.
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_search WHERE contact_search MATCH 'zeb'") == 50)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_search WHERE contact_search MATCH 'app'") == 0)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_search WHERE contact_search MATCH 'xot'") == 2)
            }
        }
    }

    @Test func anImportIntoAStoreWithFewContactsIsFoundAndKeptInStep() throws {
        try Self.storeWithTwoQuixotes { store in
            let records = (0..<300).map { i in
                ImportedContact(contact: Contact(name: "Bulk Person \(i)", emails: ["bulk\(i)@example.ro"]), file: "bulk.vcf", line: i + 1)
            } + [ImportedContact(contact: Contact(name: "Ana Quixote", company: "Windmills"), file: "bulk.vcf", line: 999),
                 // The stored Dan, by his email: an update, through the index copied in.
                 ImportedContact(contact: Contact(name: "Dan Quixote", company: "Granary", emails: ["dan@q.ro"]), file: "bulk.vcf", line: 1_000)]
            let summary = try store.importContacts(records, source: "import bulk.vcf", dryRun: false, at: Date(),
                                                   rowsPerStatement: 64, indexApartAbove: 2)
            #expect(summary.added == records.count - 1)
            #expect(summary.updated == 1)
            _ = try store.addContact(Contact(name: "Eve Quixote"))
            try store.write { db in try db.execute(sql: "INSERT INTO contact_search(contact_search) VALUES ('integrity-check')") }
            #expect(try store.findContacts("quixote").map(\.name) == ["Ana Quixote", "Ana Quixote", "Dan Quixote", "Eve Quixote"])
            #expect(try store.findContacts("windmills").count == 1)
            #expect(try store.findContacts("granary").map(\.name) == ["Dan Quixote"])
            #expect(try store.findContacts("bulk person 29").count == 11)
        }
    }
}
