import Foundation
import Model

/// Writes contact lists as JSON without going through `JSONEncoder`, so that listing
/// 100,000 contacts stays well under a second. The keys and formats are the ones
/// `JSONEncoder` gives `Contact` (ISO 8601 dates), one object per line.
enum ContactJSON {
    static func write(_ contacts: [Model.Contact]) throws {
        var out = [UInt8]()
        out.reserveCapacity(1 << 20)
        let stdout = FileHandle.standardOutput
        out.append(UInt8(ascii: "["))
        for (i, c) in contacts.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(0x0A)
            append(c, to: &out)
            if out.count > 1 << 20 {
                stdout.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        if !contacts.isEmpty { out.append(0x0A) }
        out.append(contentsOf: Array("]\n".utf8))
        stdout.write(Data(out))
    }

    static func append(_ c: Model.Contact, to out: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func field(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            string(value, &out)
        }
        func list(_ name: StaticString, _ values: [String]) {
            key(name)
            out.append(UInt8(ascii: "["))
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(v, &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "{"))
        key("addedAt"); string(iso8601(c.addedAt), &out)
        field("address", c.address)
        field("birthday", c.birthday)
        field("category", c.category)
        field("company", c.company)
        list("emails", c.emails)
        field("familyName", c.familyName)
        field("givenName", c.givenName)
        if let id = c.id { key("id"); out.append(contentsOf: Array(String(id).utf8)) }
        field("jobTitle", c.jobTitle)
        field("kind", c.kind.rawValue)
        field("market", c.market)
        field("name", c.name)
        field("note", c.note)
        list("phones", c.phones)
        field("preferredChannel", c.preferredChannel?.rawValue)
        field("source", c.source)
        list("tags", c.tags)
        out.append(UInt8(ascii: "}"))
    }

    static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array(String(format: "\\u%04x", b).utf8))
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `2026-03-01T12:00:00Z`, as `JSONEncoder.DateEncodingStrategy.iso8601` writes it
    /// (digits written by hand: `String(format:)` was most of a 100,000-contact listing).
    static func iso8601(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            for i in stride(from: at + width - 1, through: at, by: -1) {
                bytes[i] = UInt8(48 + v % 10)
                v /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, 0, 4); bytes[4] = 0x2D
        put(Int(parts.tm_mon) + 1, 5, 2); bytes[7] = 0x2D
        put(Int(parts.tm_mday), 8, 2); bytes[10] = UInt8(ascii: "T")
        put(Int(parts.tm_hour), 11, 2); bytes[13] = 0x3A
        put(Int(parts.tm_min), 14, 2); bytes[16] = 0x3A
        put(Int(parts.tm_sec), 17, 2); bytes[19] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }
}
