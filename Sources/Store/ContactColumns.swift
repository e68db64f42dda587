import Foundation
import GRDB
import GRDBSQLite
import Model

/// One contact row as SQLite holds it (`Contact.selection`), valid only inside the
/// `AppDatabase.forEachContact` call that gives it. Each value reads as `Contact(row:)`
/// would read it, without making the contact.
public struct ContactColumns {
    /// The columns after `id`, in `Contact.selection` order.
    public enum Column: Int32 {
        case name = 1, givenName, familyName, kind, category, market, company, jobTitle
        case emails, phones, address, birthday, note, tags, preferredChannel, addedAt, source
    }

    let row: DirectRow

    public var id: Int64 { sqlite3_column_int64(row.handle, 0) }

    /// The UTF-8 bytes of `column`, nil for NULL. As GRDB reads text, a value ends at its
    /// first NUL byte, and bytes that are not UTF-8 are left to the caller to repair
    /// (`String(decoding:as:)` does it as GRDB does).
    public func text(_ column: Column) -> UnsafeBufferPointer<UInt8>? {
        if row.isNull(column.rawValue) { return nil }
        guard let start = sqlite3_column_text(row.handle, column.rawValue) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let count = Int(sqlite3_column_bytes(row.handle, column.rawValue))
        return UnsafeBufferPointer(start: start, count: strnlen(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), count))
    }

    /// The stored `added_at` text, for a caller that keeps what it made of the last one.
    public var addedAtText: UnsafeBufferPointer<UInt8>? { text(.addedAt) }

    /// `added_at` as a date; an error naming the column when it holds something else.
    public func addedAt() throws -> Date {
        guard let date = try row.date(Column.addedAt.rawValue) else {
            throw StoreError.invalid("contact \(id) has no added_at date")
        }
        return date
    }
}
