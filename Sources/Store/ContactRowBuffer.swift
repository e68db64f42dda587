import Foundation
import GRDBSQLite
import Model

/// The stored column values (`Contact.columnTexts`) of many contacts as UTF-8 in one
/// buffer, bound to an insert without a `String` per value. Making 18 strings for each
/// of 100,000 imported contacts, and binding them one by one, took as long as SQLite's
/// own writing of the rows.
struct ContactRowBuffer {
    private(set) var bytes: [UInt8] = []
    /// For each value: where it starts in `bytes`, and its length, or -1 for NULL.
    private var starts: [Int] = []
    private var lengths: [Int32] = []
    private var lastDate: (date: Date, text: [UInt8])?

    var count: Int { lengths.count / AppDatabase.insertedColumns }

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity * 256)
        starts.reserveCapacity(capacity * AppDatabase.insertedColumns)
        lengths.reserveCapacity(capacity * AppDatabase.insertedColumns)
    }

    /// Adds `contact`'s values, in `columnTexts` order.
    mutating func append(_ c: Contact) {
        text(c.name)
        text(c.givenName)
        text(c.familyName)
        text(c.kind.rawValue)
        text(c.category)
        text(c.market)
        text(c.company)
        text(c.jobTitle)
        lines(c.emails)
        lines(c.phones)
        text(c.address)
        text(c.birthday)
        text(c.note)
        lines(c.tags)
        text(c.preferredChannel?.rawValue)
        date(c.addedAt)
        text(c.source)
        search(c)
    }

    /// Binds row `row`'s values to parameters `first`… of `statement`. The bytes are not
    /// copied: the buffer must stay unchanged until the statement has run.
    func bind(row: Int, to statement: OpaquePointer, from first: Int32, bytes base: UnsafePointer<UInt8>) {
        for column in 0..<AppDatabase.insertedColumns {
            bind(column: column, row: row, to: statement, at: first + Int32(column), bytes: base)
        }
    }

    /// Binds the value in `column` of row `row` to parameter `index`, without a copy.
    func bind(column: Int, row: Int, to statement: OpaquePointer, at index: Int32, bytes base: UnsafePointer<UInt8>) {
        let i = row * AppDatabase.insertedColumns + column
        if lengths[i] < 0 {
            sqlite3_bind_null(statement, index)
        } else {
            let start = UnsafeRawPointer(base + starts[i]).assumingMemoryBound(to: CChar.self)
            sqlite3_bind_text(statement, index, start, lengths[i], nil)  // nil: SQLITE_STATIC
        }
    }

    private mutating func begin() -> Int {
        starts.append(bytes.count)
        return bytes.count
    }

    private mutating func end(_ start: Int) { lengths.append(Int32(bytes.count - start)) }

    private mutating func text(_ value: String?) {
        guard let value else {
            starts.append(bytes.count)
            lengths.append(-1)
            return
        }
        let start = begin()
        bytes.append(contentsOf: value.utf8)
        end(start)
    }

    /// `Contact.joined`: one value per line, a newline inside a value read as a space.
    private mutating func lines(_ values: [String]) {
        let start = begin()
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(0x0A) }
            let from = bytes.count
            bytes.append(contentsOf: value.utf8)
            for k in from..<bytes.count where bytes[k] == 0x0A { bytes[k] = 0x20 }
        }
        end(start)
    }

    private mutating func date(_ value: Date) {
        if lastDate?.date != value { lastDate = (value, Array(UTCDateText.stored(value).utf8)) }
        let start = begin()
        bytes.append(contentsOf: lastDate!.text)
        end(start)
    }

    /// `Contact.searchText`, folded straight into the buffer. A text with a character
    /// outside the Latin letters `Contact.fold` knows goes through `searchText` itself.
    private mutating func search(_ c: Contact) {
        let start = begin()
        var ok = fold(c.name)
        if let company = c.company { ok = ok && space() && fold(company) }
        for email in c.emails where ok { ok = space() && fold(email) }
        for phone in c.phones where ok { ok = space() && fold(Contact.normalizedPhone(phone)) }
        if ok && !c.tags.isEmpty {
            bytes.append(0x20)
            bytes.append(0x23)
            for (i, tag) in c.tags.enumerated() where ok {
                if i > 0 { bytes.append(0x23) }
                ok = fold(tag)
            }
            bytes.append(0x23)
        }
        if ok {
            for k in start..<bytes.count where bytes[k] == 0 { bytes[k] = 0x20 }
        } else {
            bytes.removeSubrange(start...)
            bytes.append(contentsOf: c.searchText.utf8)
        }
        end(start)
    }

    private mutating func space() -> Bool {
        bytes.append(0x20)
        return true
    }

    /// Appends `text` folded as `Contact.fold` does it; false when `fold` would hand the
    /// text to Foundation.
    private mutating func fold(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                bytes.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 32) : UInt8(v))
            } else if let plain = Contact.latinFolded(v) {
                bytes.append(plain)
            } else {
                return false
            }
        }
        return true
    }
}
