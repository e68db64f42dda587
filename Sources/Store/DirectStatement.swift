import Foundation
import GRDB
import GRDBSQLite

/// A cached GRDB statement whose arguments are bound, and whose rows are read, through
/// SQLite's C API. Bulk writes (an import of 100,000 contacts, two key rows each) spent a
/// tenth of their time boxing every column into `StatementArguments`, and bulk reads
/// (a plugin walking 100,000 referrals) most of theirs finding columns by name.
struct DirectStatement {
    /// An argument to bind.
    enum Argument {
        case text(String?)
        case integer(Int64)
    }

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
            bind(text, at: index)
            index += 1
        }
        for integer in integers {
            sqlite3_bind_int64(handle, index, integer)
            index += 1
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error() }
    }

    /// Binds `arguments` to parameters 1…n, then runs the statement to completion.
    func execute(_ arguments: [Argument]) throws {
        try withBound(arguments) { handle in
            guard sqlite3_step(handle) == SQLITE_DONE else { throw error() }
        }
    }

    /// Lets `bind` bind the parameters of the statement (`sqlite3_stmt *`), then runs it to
    /// completion. The bindings are cleared afterwards, so values bound without a copy
    /// need to live only until this returns.
    func execute(binding bind: (OpaquePointer) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        bind(handle)
        guard sqlite3_step(handle) == SQLITE_DONE else { throw error() }
    }

    /// Binds `arguments` to parameters 1…n and calls `body` with each row.
    func forEachRow(_ arguments: [Argument], _ body: (DirectRow) throws -> Void) throws {
        try withBound(arguments) { handle in
            while true {
                switch sqlite3_step(handle) {
                case SQLITE_ROW: try body(DirectRow(handle: handle))
                case SQLITE_DONE: return
                default: throw error()
                }
            }
        }
    }

    /// Binds GRDB `arguments` (dates and all, as GRDB binds them) and calls `body` with
    /// each row.
    func forEachRow(_ arguments: StatementArguments, _ body: (DirectRow) throws -> Void) throws {
        try statement.setArguments(arguments)
        try forEachRow([], body)  // no arguments of its own: the ones set stay bound
    }

    /// Binds `arguments` to parameters 1…n and hands the statement (`sqlite3_stmt *`) to
    /// `body` to step; it is reset again afterwards.
    func withBound<T>(_ arguments: [Argument], _ body: (OpaquePointer) throws -> T) rethrows -> T {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        for (i, argument) in arguments.enumerated() {
            switch argument {
            case .text(let text): bind(text, at: Int32(i + 1))
            case .integer(let integer): sqlite3_bind_int64(handle, Int32(i + 1), integer)
            }
        }
        return try body(handle)
    }

    private func bind(_ text: String?, at index: Int32) {
        let handle = statement.sqliteStatement
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                if let start = chars.baseAddress, !chars.isEmpty {
                    _ = sqlite3_bind_text(handle, index, start, Int32(chars.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)  // empty, not NULL
                }
            }
        }
    }

    /// The error of the last step, with the statement's SQL.
    func error() -> DatabaseError {
        let extended = sqlite3_extended_errcode(db.sqliteConnection)
        return DatabaseError(resultCode: ResultCode(rawValue: extended),
                             message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }

    /// SQLite's SQLITE_TRANSIENT: copy the bytes before returning.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The current row of a `DirectStatement`, read by column index (0-based).
struct DirectRow {
    let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func integer(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func double(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// A date as GRDB stores it ("2026-03-01 12:00:00.000", UTC), read digit by digit;
    /// the other forms GRDB accepts ("2026-03-01", "2026-03-01 12:00", …) go through
    /// GRDB. Anything else is an error naming the column and what it holds.
    func date(_ column: Int32) throws -> Date? {
        if isNull(column) { return nil }
        if sqlite3_column_type(handle, column) == SQLITE_TEXT, let bytes = sqlite3_column_text(handle, column),
           let date = UTCDateText.parseStored(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))) {
            return date
        }
        let value = DatabaseValue(sqliteStatement: handle, index: column)
        guard let date = Date.fromDatabaseValue(value) else {
            let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "column \(column)"
            throw StoreError.invalid("\(name) holds \(value), which is not a date")
        }
        return date
    }
}
