import Foundation
import GRDB
import GRDBSQLite

/// The search index of a store taking a large import, built on another core in a
/// database of its own while the store writes the rows, then copied in. Indexing 100,000
/// new contacts took SQLite 0.7–0.8 s on the writing thread, which otherwise has the
/// rows, the name index and the keys to write in that time.
///
/// FTS5 keeps an index as pages in two tables of its own (`…_data`, `…_idx`); an index
/// made by the same FTS5 from the same rows, with the same options, is the same pages.
/// Pages made apart replace the whole index, so they hold the contacts already in the
/// store too: read through a connection of their own, which sees the store as it was
/// before the import's transaction.
struct SearchIndexApart: Sendable {
    /// `contact_search_data` rows (id, block) and `contact_search_idx` rows (segid, term, pgno).
    var data: [[DatabaseValue]]
    var idx: [[DatabaseValue]]
    /// The first and last contact id indexed.
    var ids: ClosedRange<Int64>

    /// Indexes the contacts stored in the file `existing` (nil when there are none), then
    /// the search texts of `rows` (the last column of each) under consecutive ids from
    /// `firstId`, with the table made by `createSQL`: the store's own `CREATE VIRTUAL
    /// TABLE` statement, so the options are the store's.
    static func build(createSQL: String, existing: String?, rows: [ContactRowBuffer], firstId: Int64) throws -> SearchIndexApart {
        let table = AppDatabase.searchIndexTable
        let queue = try DatabaseQueue()  // in memory, on this thread only
        return try queue.inDatabase { db in
            try db.execute(sql: "CREATE TABLE contacts (id INTEGER PRIMARY KEY, search TEXT)")
            try db.execute(sql: createSQL)
            var id = firstId
            try db.inTransaction {
                // Room for every term, so the index is written out once (see `indexContacts`).
                try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', ?)", arguments: [Int64(256 << 20)])
                let insert = try DirectStatement(db, sql: "INSERT INTO \(table)(rowid, search) VALUES (?1, ?2)")
                if let existing {
                    var config = Configuration()
                    config.readonly = true
                    try DatabaseQueue(path: existing, configuration: config).read { store in
                        let stored = try DirectStatement(store, sql: "SELECT id, search FROM contacts ORDER BY id")
                        try stored.forEachRow([]) { row in
                            try insert.execute { statement in
                                // The stored value as it is, as the index in place reads it.
                                sqlite3_bind_int64(statement, 1, sqlite3_column_int64(row.handle, 0))
                                sqlite3_bind_value(statement, 2, sqlite3_column_value(row.handle, 1))
                            }
                        }
                    }
                }
                for part in rows {
                    try part.bytes.withUnsafeBufferPointer { bytes in
                        guard let base = bytes.baseAddress else { return }
                        for row in 0..<part.count {
                            try insert.execute { statement in
                                sqlite3_bind_int64(statement, 1, id)
                                part.bind(column: AppDatabase.insertedColumns - 1, row: row, to: statement, at: 2, bytes: base)
                            }
                            id += 1
                        }
                    }
                }
                return .commit
            }
            func fetch(_ sql: String) throws -> [[DatabaseValue]] {
                try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) }
            }
            return SearchIndexApart(data: try fetch("SELECT id, block FROM \(table)_data"),
                                    idx: try fetch("SELECT segid, term, pgno FROM \(table)_idx"),
                                    ids: firstId...(id - 1))
        }
    }

    /// Puts these pages in place of the store's (empty) index, in the caller's transaction.
    func replaceIndex(_ db: Database) throws {
        let table = AppDatabase.searchIndexTable
        try db.execute(sql: "DELETE FROM \(table)_data")
        try db.execute(sql: "DELETE FROM \(table)_idx")
        let data = try db.makeStatement(sql: "INSERT INTO \(table)_data (id, block) VALUES (?, ?)")
        for row in self.data { try data.execute(arguments: StatementArguments(row)) }
        let idx = try db.makeStatement(sql: "INSERT INTO \(table)_idx (segid, term, pgno) VALUES (?, ?, ?)")
        for row in self.idx { try idx.execute(arguments: StatementArguments(row)) }
        // FTS5 keeps the index's table of contents in memory, per connection, and would
        // write over the new pages from the one it read before. A rollback to a savepoint
        // in which the index took part makes it read that table of contents again; the
        // setting written inside is rolled back with it.
        try db.inSavepoint {
            try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', 1048576)")
            return .rollback
        }
    }
}
