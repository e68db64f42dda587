import Foundation
import Model

/// Reads vCard 2.1, 3.0 and 4.0 files: folded lines, quoted-printable, charsets,
/// grouped properties (`item1.EMAIL`) and `\,` `\;` `\n` escapes. Never throws and never
/// traps on bad input: a card with a problem is left out and the problem reported.
public enum VCardReader {
    /// One unfolded content line.
    struct Property {
        var name: String
        var params: [(name: String, values: [String])]
        var value: ArraySlice<UInt8>
        var line: Int

        func param(_ key: String) -> [String] {
            if params.isEmpty { return [] }
            return params.filter { $0.name == key }.flatMap(\.values)
        }
    }

    /// Reads every card in `bytes`; `file` names the file in problems.
    public static func read(_ bytes: [UInt8], file: String) -> ImportReading {
        var reading = ImportReading(format: "vCard")
        var card: CardBuilder?
        forEachLogicalLine(bytes) { line, number in
            let property: Property
            switch parseLine(line, number: number) {
            case .blank:
                return
            case .failure(let field, let message):
                let problem = ImportProblem(file: file, line: number, field: field, message: message)
                if card != nil { card!.problems.append(problem) } else { reading.problems.append(problem) }
                return
            case .property(let p):
                property = p
            }
            switch property.name {
            case "BEGIN":
                if let open = card {
                    reading.problems.append(contentsOf: open.problems)
                    reading.problems.append(ImportProblem(file: file, line: open.line, field: "BEGIN",
                        message: "this card has no END:VCARD before the next BEGIN at line \(number)"))
                }
                if upperASCII(property.value) != "VCARD" {
                    reading.problems.append(ImportProblem(file: file, line: number, field: "BEGIN", message: "expected BEGIN:VCARD"))
                    card = nil
                } else {
                    card = CardBuilder(file: file, line: number)
                }
            case "END":
                guard let open = card else {
                    reading.problems.append(ImportProblem(file: file, line: number, field: "END", message: "END:VCARD without a BEGIN:VCARD"))
                    return
                }
                card = nil
                switch open.finish() {
                case .success(let contact): reading.contacts.append(contact)
                case .failure(let list): reading.problems.append(contentsOf: list.problems)
                }
            default:
                if card == nil {
                    reading.problems.append(ImportProblem(file: file, line: number, field: property.name,
                        message: "property outside BEGIN:VCARD … END:VCARD"))
                } else {
                    card!.add(property)
                }
            }
        }
        if let open = card {
            reading.problems.append(contentsOf: open.problems)
            reading.problems.append(ImportProblem(file: file, line: open.line, field: "BEGIN",
                message: "this card has no END:VCARD (the file ends first)"))
        }
        return reading
    }

    // MARK: Lines

    /// Calls `body` with each logical line (unfolded) and the number of its first physical line.
    static func forEachLogicalLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>, Int) -> Void) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var logical: [UInt8] = []
        var folded = false
        var pendingStart = -1, pendingEnd = -1, pendingLine = 0
        var softBreak = false
        var lineNumber = 0
        var i = start
        let n = bytes.count
        func flush() {
            guard pendingStart >= 0 else { return }
            if folded { body(logical[...], pendingLine) } else { body(bytes[pendingStart..<pendingEnd], pendingLine) }
            pendingStart = -1
            folded = false
        }
        while i < n {
            lineNumber += 1
            var end = i
            while end < n, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            let next = end < n && bytes[end] == 0x0D && end + 1 < n && bytes[end + 1] == 0x0A ? end + 2 : end + 1
            let continues = pendingStart >= 0 && end > i && (bytes[i] == 0x20 || bytes[i] == 0x09)
            if continues || (pendingStart >= 0 && softBreak) {
                if !folded {
                    logical.removeAll(keepingCapacity: true)
                    logical.append(contentsOf: bytes[pendingStart..<pendingEnd])
                    folded = true
                }
                if softBreak {
                    // Quoted-printable soft break: drop the `=`, keep the next line whole.
                    logical.removeLast()
                    logical.append(contentsOf: bytes[i..<end])
                } else {
                    logical.append(contentsOf: bytes[(i + 1)..<end])
                }
            } else {
                flush()
                pendingStart = i
                pendingEnd = end
                pendingLine = lineNumber
            }
            softBreak = endsWithSoftBreak(folded ? logical[...] : bytes[pendingStart..<pendingEnd])
            i = next
        }
        flush()
    }

    /// A quoted-printable line ending in `=` continues on the next physical line.
    private static func endsWithSoftBreak(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.last == UInt8(ascii: "=") else { return false }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return upperASCII(line[line.startIndex..<colon]).contains("QUOTED-PRINTABLE")
    }

    // MARK: Content lines

    enum LineResult {
        case blank
        case property(Property)
        case failure(field: String?, message: String)
    }

    static func parseLine(_ line: ArraySlice<UInt8>, number: Int) -> LineResult {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .blank }
        var colon: Int?
        var quoted = false
        for i in line.indices {
            let b = line[i]
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            else if b == UInt8(ascii: ":") && !quoted { colon = i; break }
        }
        guard let colon else {
            let preview = String(decoding: line.prefix(30), as: UTF8.self)
            return .failure(field: nil, message: "this line has no ':' between the property and its value (\"\(preview)\")")
        }
        let head = line[line.startIndex..<colon]
        if !head.contains(UInt8(ascii: ";")) {
            // No parameters (FN:, N:, NOTE:, …): the common case, without the splitting below.
            guard let name = propertyName(head) else { return notAName(head) }
            return .property(Property(name: name, params: [], value: line[(colon + 1)...], line: number))
        }
        var parts: [ArraySlice<UInt8>] = []
        var partStart = head.startIndex
        quoted = false
        for i in head.indices {
            if head[i] == UInt8(ascii: "\"") { quoted.toggle() }
            else if head[i] == UInt8(ascii: ";") && !quoted {
                parts.append(head[partStart..<i])
                partStart = i + 1
            }
        }
        parts.append(head[partStart..<head.endIndex])
        guard let name = propertyName(parts[0]) else { return notAName(parts[0]) }
        var params: [(String, [String])] = []
        for part in parts.dropFirst() where !part.isEmpty {
            if let eq = part.firstIndex(of: UInt8(ascii: "=")) {
                let key = upperASCII(part[part.startIndex..<eq])
                let raw = String(decoding: part[(eq + 1)...], as: UTF8.self)
                let values = raw.split(separator: ",").map { String($0.filter { $0 != "\"" }).uppercased() }
                params.append((key, values))
            } else {
                // vCard 2.1 bare parameters: TEL;WORK;VOICE:…, EMAIL;QUOTED-PRINTABLE:…
                let value = upperASCII(part)
                switch value {
                case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B": params.append(("ENCODING", [value]))
                default: params.append(("TYPE", [value]))
                }
            }
        }
        return .property(Property(name: name, params: params, value: line[(colon + 1)...], line: number))
    }

    /// The upper-cased property name of `part` (`item1.EMAIL` → `EMAIL`), or nil when it is
    /// not a name.
    private static func propertyName(_ part: ArraySlice<UInt8>) -> String? {
        var bytes = part
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")) { bytes = bytes[(dot + 1)...] }
        guard !bytes.isEmpty, bytes.allSatisfy(isNameByte) else { return nil }
        return upperASCII(bytes)
    }

    private static func notAName(_ part: ArraySlice<UInt8>) -> LineResult {
        .failure(field: nil, message: "\"\(String(decoding: part, as: UTF8.self))\" is not a property name")
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }

    static func upperASCII(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (i, b) in bytes.enumerated() { buffer[i] = (b >= 0x61 && b <= 0x7A) ? b - 32 : b }
            return bytes.count
        }
    }
}
