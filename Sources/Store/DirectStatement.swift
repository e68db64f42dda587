import GRDB
import GRDBSQLite

/// A cached GRDB statement whose arguments are bound through SQLite's C API. Bulk writes
/// (an import of 100,000 contacts, two key rows each) spent a tenth of their time boxing
/// every column into `StatementArguments`; here a text is copied once, by SQLite.
struct DirectStatement {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    /// Binds `texts` to parameters 1…n (`nil` binds NULL) and `integers` to the ones after
    /// them, then runs the statement to completion.
    func execute(texts: [String?], integers: [Int64] = []) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var index: Int32 = 1
        for text in texts {
            if var text {
                text.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { chars in
                        if let start = chars.baseAddress, !chars.isEmpty {
                            _ = sqlite3_bind_text(handle, index, start, Int32(chars.count), Self.transient)
                        } else {
                            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)  // empty, not NULL
                        }
                    }
                }
            } else {
                sqlite3_bind_null(handle, index)
            }
            index += 1
        }
        for integer in integers {
            sqlite3_bind_int64(handle, index, integer)
            index += 1
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            let extended = sqlite3_extended_errcode(db.sqliteConnection)
            throw DatabaseError(resultCode: ResultCode(rawValue: extended),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }

    /// SQLite's SQLITE_TRANSIENT: copy the bytes before returning.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
