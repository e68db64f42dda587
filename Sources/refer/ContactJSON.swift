import Foundation
import Model
import Store

/// Writes contact lists as JSON without going through `JSONEncoder`, so that listing
/// 100,000 contacts stays well under a second. The keys and formats are the ones
/// `JSONEncoder` gives `Contact` (ISO 8601 dates), one object per line.
enum ContactJSON {
    /// Writes the contacts `forEachRow` hands over, straight from their rows: making
    /// 100,000 contacts first took as long as reading them. Nothing is written unless
    /// every row reads: a row that cannot be read is an error, not half a listing.
    ///
    ///     try ContactJSON.write { try store.forEachContact(filter, $0) }
    static func write(_ forEachRow: ((ContactColumns) throws -> Void) throws -> Void) throws {
        var out = [UInt8]()
        out.reserveCapacity(1 << 20)
        var lastAdded: (stored: [UInt8], iso: [UInt8])?
        var count = 0
        out.append(UInt8(ascii: "["))
        try forEachRow { row in
            if count > 0 { out.append(UInt8(ascii: ",")) }
            count += 1
            out.append(0x0A)
            // Imported contacts share one date: it is written once and reused.
            let stored = row.addedAtText ?? UnsafeBufferPointer(start: nil, count: 0)
            if lastAdded == nil || !lastAdded!.stored.elementsEqual(stored) {
                lastAdded = (Array(stored), Array(UTCDateText.iso8601(try row.addedAt()).utf8))
            }
            try append(row, addedAt: lastAdded!.iso, to: &out)
        }
        if count > 0 { out.append(0x0A) }
        out.append(UInt8(ascii: "]"))
        out.append(0x0A)
        FileHandle.standardOutput.write(Data(out))
    }

    /// One row as `JSONEncoder` writes the contact `Contact(row:)` makes of it.
    static func append(_ row: ContactColumns, addedAt: [UInt8], to out: inout [UInt8]) throws {
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        func field(_ name: StaticString, _ column: ContactColumns.Column) {
            guard let value = row.text(column) else { return }
            key(name)
            string(value, &out)
        }
        func list(_ name: StaticString, _ column: ContactColumns.Column) {
            key(name)
            out.append(UInt8(ascii: "["))
            var n = 0
            for line in (row.text(column) ?? UnsafeBufferPointer(start: nil, count: 0)).split(separator: 0x0A) {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                n += 1
                string(UnsafeBufferPointer(rebasing: line), &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        /// The raw value of `T` that the column holds, if it holds one.
        func choice<T: RawRepresentable<String>>(_ column: ContactColumns.Column, _: T.Type) -> T? {
            row.text(column).flatMap { T(rawValue: String(decoding: $0, as: UTF8.self)) }
        }
        guard row.text(.name) != nil else { throw StoreError.invalid("contact \(row.id) has no name") }
        out.append(UInt8(ascii: "{"))
        key("addedAt"); out.append(UInt8(ascii: "\"")); out.append(contentsOf: addedAt); out.append(UInt8(ascii: "\""))
        field("address", .address)
        field("birthday", .birthday)
        field("category", .category)
        field("company", .company)
        list("emails", .emails)
        field("familyName", .familyName)
        field("givenName", .givenName)
        key("id"); out.append(contentsOf: String(row.id).utf8)
        field("jobTitle", .jobTitle)
        key("kind"); string((choice(.kind, ContactKind.self) ?? .prospect).rawValue, &out)
        field("market", .market)
        field("name", .name)
        field("note", .note)
        list("phones", .phones)
        if let channel = choice(.preferredChannel, Channel.self) { key("preferredChannel"); string(channel.rawValue, &out) }
        field("source", .source)
        list("tags", .tags)
        out.append(UInt8(ascii: "}"))
    }

    /// `bytes` as a JSON string; bytes that are not UTF-8 are repaired as `String` does.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8]) {
        var plain = true, ascii = true
        for b in bytes {
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { plain = false }
            if b >= 0x80 { ascii = false }
        }
        if !ascii && String(validating: bytes, as: UTF8.self) == nil { return string(String(decoding: bytes, as: UTF8.self), &out) }
        out.append(UInt8(ascii: "\""))
        if plain { out.append(contentsOf: bytes) } else { for b in bytes { escaped(b, &out) } }
        out.append(UInt8(ascii: "\""))
    }

    static func string(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { string($0, &out) }
    }

    private static func escaped(_ b: UInt8, _ out: inout [UInt8]) {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(0x5C); out.append(b)
        case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
        case 0..<0x20: out.append(contentsOf: String(format: "\\u%04x", b).utf8)
        default: out.append(b)
        }
    }
}
