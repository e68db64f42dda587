import Foundation
import GRDB

extension AppDatabase {
    /// Runs `body`, which only inserts `count` new contacts, with the upkeep that each
    /// insert would do put off and done once for all of them at the end:
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
    static func withContactUpkeepDeferred<T>(adding count: Int, _ db: Database, _ body: () throws -> T) throws -> T {
        guard count > 1 else { return try body() }
        var names = [searchAddedTrigger]
        let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") ?? 0
        if count >= existing { names.append(nameIndex) }
        let arguments = StatementArguments(names)
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let deferred = try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name IN (\(marks))", arguments: arguments)
            .map { (type: $0[0] as String, name: $0[1] as String, sql: $0[2] as String) }
        let before = try Int64.fetchOne(db, sql: "SELECT max(id) FROM contacts") ?? 0
        for object in deferred { try db.execute(sql: "DROP \(object.type.uppercased()) \(object.name)") }
        func restore() throws { for object in deferred { try db.execute(sql: object.sql) } }
        let result: T
        do {
            result = try body()
        } catch {
            try? restore()
            throw error
        }
        if deferred.contains(where: { $0.name == searchAddedTrigger }) { try indexContacts(above: before, db) }
        StageTimer.mark("index search text")
        try restore()
        StageTimer.mark("rebuild name index")
        return result
    }

    private static let searchAddedTrigger = "contacts_search_added"
    private static let nameIndex = "contacts_by_name"
}
