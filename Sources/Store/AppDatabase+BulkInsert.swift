import Foundation
import GRDB
import GRDBSQLite

extension AppDatabase {
    /// Runs `body`, which inserts `count` new contacts (and rows that refer to them) and
    /// changes none, with the upkeep that each insert would do put off and done once for
    /// all of them at the end:
    ///
    /// - The search index's insert trigger is set aside, and the new contacts are indexed
    ///   in one statement. The trigger wrote the index's pending terms out at the end of
    ///   every insert statement and merged them into what was there: three quarters of
    ///   the SQLite work of a 100,000-contact import.
    /// - When the contacts added are at least as many as those already there, the index
    ///   by name is dropped and built again: inserting names in no order into it took
    ///   twice as long as writing the rows themselves, and building it sorts them once.
    ///
    /// The caller's transaction makes this all or nothing: if `body` fails, the dropped
    /// trigger and index come back with the rollback (and are put back here too, for a
    /// caller that goes on). The objects are made again from their own stored SQL. New
    /// ids are above every id before (AUTOINCREMENT), so the contacts to index are those
    /// above the largest id before `body`.
    ///
    /// When `rows` holds the new contacts' values in the order `body` inserts them (at
    /// least `indexApartAbove` of them), and the store has no contacts yet or fewer than
    /// are added (and is a file), the whole search index is built on another core while
    /// `body` runs (`SearchIndexApart`), and copied in if the rows took the ids it
    /// expected; otherwise the new contacts are indexed here as above.
    static func withContactUpkeepDeferred<T>(adding count: Int, rows: [ContactRowBuffer] = [], indexApartAbove: Int = 10_000,
                                             _ db: Database, _ body: () throws -> T) throws -> T {
        guard count > 1 else { return try body() }
        var names = [searchAddedTrigger]
        let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") ?? 0
        if count >= existing { names.append(nameIndex) }
        let arguments = StatementArguments(names)
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let deferred = try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name IN (\(marks))", arguments: arguments)
            .map { (type: $0[0] as String, name: $0[1] as String, sql: $0[2] as String) }
        let before = try Int64.fetchOne(db, sql: "SELECT max(id) FROM contacts") ?? 0
        var apart: Background<SearchIndexApart?>?
        // The contacts already there are read apart from the store's file, so there must
        // be one; and they are indexed again, so there should not be more than are added.
        let file = sqlite3_db_filename(db.sqliteConnection, "main").map { String(cString: $0) } ?? ""
        if existing == 0 || (count >= existing && !file.isEmpty), count >= indexApartAbove,
           rows.reduce(0, { $0 + $1.count }) == count,
           let createSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [searchIndexTable]) {
            // AUTOINCREMENT: the next id is above the largest ever used, as well as above
            // every id there.
            let used = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'contacts'") ?? 0
            let first = max(used, before) + 1
            let stored = existing == 0 ? nil : file
            apart = Background { try? SearchIndexApart.build(createSQL: createSQL, existing: stored, rows: rows, firstId: first) }
        }
        for object in deferred { try db.execute(sql: "DROP \(object.type.uppercased()) \(object.name)") }
        func restore() throws { for object in deferred { try db.execute(sql: object.sql) } }
        let result: T
        do {
            result = try body()
        } catch {
            try? restore()
            throw error
        }
        try restore()
        StageTimer.mark("rebuild name index")
        if deferred.contains(where: { $0.name == searchAddedTrigger }) {
            if let built = apart?.value, try newIds(above: before, db) == built.ids {
                try built.replaceIndex(db)
            } else {
                try indexContacts(above: before, db)
            }
        }
        StageTimer.mark("index search text")
        return result
    }

    /// The ids above `id`, when they are consecutive.
    private static func newIds(above id: Int64, _ db: Database) throws -> ClosedRange<Int64>? {
        guard let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id), count(*) FROM contacts WHERE id > ?", arguments: [id]),
              let low = row[0] as Int64?, let high = row[1] as Int64?, high - low + 1 == row[2] as Int64 else { return nil }
        return low...high
    }

    private static let searchAddedTrigger = "contacts_search_added"
    private static let nameIndex = "contacts_by_name"
}
