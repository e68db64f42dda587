import Foundation

/// An RFC 4180 reader: quoted fields with `""`, embedded newlines, CRLF or LF, a UTF-8
/// BOM, and `,` (or `;` / tab, detected from the header line) as the separator.
public enum CSVReader {
    /// One record and the physical line it starts on.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        public var line: Int
    }

    /// Every record in `bytes`, plus the problems that stop the reading (an unterminated quote).
    public static func records(_ bytes: [UInt8], file: String) -> (records: [Record], problems: [ImportProblem]) {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        let separator = detectSeparator(bytes, from: i)
        var records: [Record] = []
        var problems: [ImportProblem] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        var wasQuoted = false
        let n = bytes.count

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
        }

        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    i += 1
                    // After the closing quote only a separator or a line end may follow.
                    if i < n, bytes[i] != separator, bytes[i] != 0x0A, bytes[i] != 0x0D {
                        problems.append(ImportProblem(file: file, line: line, field: "column \(fields.count + 1)",
                            message: "text after a closing quote; a quote inside a quoted field is written \"\""))
                        while i < n, bytes[i] != separator, bytes[i] != 0x0A, bytes[i] != 0x0D { field.append(bytes[i]); i += 1 }
                    }
                    continue
                }
                if b == 0x0A || b == 0x0D {
                    // An embedded line break, kept as "\n" whatever the file used.
                    line += 1
                    field.append(0x0A)
                    i += (b == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) ? 2 : 1
                    continue
                }
                field.append(b)
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if field.isEmpty && !wasQuoted {
                    inQuotes = true
                    wasQuoted = true
                    quoteLine = line
                } else {
                    problems.append(ImportProblem(file: file, line: line, field: "column \(fields.count + 1)",
                        message: "a quote inside an unquoted field; quote the whole field and write the quote as \"\""))
                    field.append(b)
                }
                i += 1
            case separator:
                endField()
                i += 1
            case 0x0A, 0x0D:
                endRecord()
                i += (b == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) ? 2 : 1
                line += 1
                recordLine = line
            default:
                field.append(b)
                i += 1
            }
        }
        if inQuotes {
            problems.append(ImportProblem(file: file, line: quoteLine, field: "column \(fields.count + 1)",
                message: "a quoted field is never closed (the file ends inside it)"))
        } else if !field.isEmpty || !fields.isEmpty {
            endRecord()
        }
        return (records, problems)
    }

    private static func detectSeparator(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var quoted = false
        var i = start
        while i < bytes.count, quoted || (bytes[i] != 0x0A && bytes[i] != 0x0D) {
            if bytes[i] == UInt8(ascii: "\"") { quoted.toggle() }
            else if !quoted, counts[bytes[i]] != nil { counts[bytes[i], default: 0] += 1 }
            i += 1
        }
        let best = counts.max { ($0.value, $0.key == UInt8(ascii: ",") ? 1 : 0) < ($1.value, $1.key == UInt8(ascii: ",") ? 1 : 0) }
        return (best?.value ?? 0) > 0 ? best!.key : UInt8(ascii: ",")
    }
}
