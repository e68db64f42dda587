import Foundation
import GRDB
import GRDBSQLite

/// `refer_contains(text, part)`: 1 when `part`'s bytes occur in `text`, as `instr(text,
/// part) > 0` says, but looking for the first byte with the C library's `memchr`.
/// `refer contact find` tests every contact's search text; SQLite's `instr` compares at
/// every position and took most of a search over 100,000 contacts.
enum SearchFunction {
    static let name = "refer_contains"

    static func register(on db: Database) {
        sqlite3_create_function_v2(db.sqliteConnection, name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
                                   contains, nil, nil, nil)
    }

    private static let contains: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
        guard let arguments, let text = sqlite3_value_text(arguments[0]), let part = sqlite3_value_text(arguments[1]) else {
            sqlite3_result_null(context)  // as instr: NULL in, NULL out
            return
        }
        let found = occurs(part, Int(sqlite3_value_bytes(arguments[1])), in: text, Int(sqlite3_value_bytes(arguments[0])))
        sqlite3_result_int(context, found ? 1 : 0)
    }

    /// Whether the `m` bytes at `part` occur in the `n` bytes at `text`.
    static func occurs(_ part: UnsafePointer<UInt8>, _ m: Int, in text: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if m == 0 { return true }
        guard m <= n else { return false }
        let first = Int32(part[0])
        let lastStart = text + (n - m)
        var start = text
        while start <= lastStart {
            guard let hit = memchr(start, first, lastStart - start + 1) else { return false }
            let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(candidate, part, m) == 0 { return true }
            start = candidate + 1
        }
        return false
    }
}
