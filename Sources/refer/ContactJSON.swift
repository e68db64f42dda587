import Foundation
import Model
import Store

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
        out.append(UInt8(ascii: "]"))
        out.append(0x0A)
        stdout.write(Data(out))
    }

    static func append(_ c: Model.Contact, to out: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
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
        key("addedAt"); string(UTCDateText.iso8601(c.addedAt), &out)
        field("address", c.address)
        field("birthday", c.birthday)
        field("category", c.category)
        field("company", c.company)
        list("emails", c.emails)
        field("familyName", c.familyName)
        field("givenName", c.givenName)
        if let id = c.id { key("id"); out.append(contentsOf: String(id).utf8) }
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
        var s = s
        s.withUTF8 { bytes in
            if bytes.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)  // nothing to escape: the common case
            } else {
                for b in bytes { escaped(b, &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
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
