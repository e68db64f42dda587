import Foundation
import Model

/// Reads vCard 2.1, 3.0 and 4.0 files: folded lines, quoted-printable, charsets,
/// grouped properties (`item1.EMAIL`) and `\,` `\;` `\n` escapes. Never throws and never
/// traps on bad input: a card with a problem is left out and the problem reported.
public enum VCardReader {
    /// Bytes of the file being read, or of an unfolded line, valid while it is read.
    /// Slices of the file's array made each value retain and release the array, which
    /// was a tenth of reading.
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// One unfolded content line. Its value points into the bytes being read: a property
    /// does not outlive the line it came from.
    struct Property {
        var name: String
        /// The parameters that change how the value reads (`isKept`), upper-cased;
        /// the rest (TYPE, PREF, …) are not kept: making arrays for them was a tenth of
        /// reading.
        var params: [(name: String, values: [String])]
        var value: Bytes
        var line: Int

        static func isKept(_ key: String) -> Bool { key == "ENCODING" || key == "CHARSET" || key == "VALUE" }

        /// Whether a parameter names an encoding or a charset for the value.
        var hasCoding: Bool {
            params.contains { $0.name == "ENCODING" || $0.name == "CHARSET" }
        }

        func param(_ key: String) -> [String] {
            if params.isEmpty { return [] }
            return params.filter { $0.name == key }.flatMap(\.values)
        }
    }

    /// Reads every card in `bytes`; `file` names the file in problems.
    public static func read(_ bytes: [UInt8], file: String) -> ImportReading {
        read(bytes, file: file, splitAbove: 1 << 20)
    }

    /// Reads `bytes`, in two halves at once when there are more than `splitAbove` of them:
    /// reading took a third of a 100,000-card import, on one core of two. The halves meet
    /// where a card ends and the next begins, so each reads as it would in one pass; the
    /// second counts its lines on from the first, and the cards and problems are joined
    /// in file order.
    static func read(_ bytes: [UInt8], file: String, splitAbove: Int) -> ImportReading {
        guard bytes.count > splitAbove, let cut = cardBoundary(in: bytes, from: bytes.count / 2) else {
            return read(bytes, 0..<bytes.count, firstLine: 1, file: file)
        }
        let linesBefore = physicalLines(in: bytes[..<cut])
        let halves = [(0..<cut, 1), (cut..<bytes.count, linesBefore + 1)].mapOnTwoCores(above: 2) { range, firstLine in
            read(bytes, range, firstLine: firstLine, file: file)
        }
        var reading = halves[0]
        reading.contacts += halves[1].contacts
        reading.problems += halves[1].problems
        return reading
    }

    /// Where the first line of a card (`BEGIN:`) follows an `END:VCARD` line, at or after
    /// `start`: a place where one pass has no card open and no line to continue. Nil when
    /// there is none.
    static func cardBoundary(in bytes: [UInt8], from start: Int) -> Int? {
        let end = Array("END:VCARD".utf8), begin = Array("BEGIN:".utf8)
        func matches(_ word: [UInt8], at i: Int) -> Bool {
            guard i + word.count <= bytes.count else { return false }
            for k in word.indices {
                let b = bytes[i + k]
                if (b >= 0x61 && b <= 0x7A ? b - 32 : b) != word[k] { return false }
            }
            return true
        }
        var i = max(start, 1)
        while i < bytes.count {
            // `i` starts a physical line that reads END:VCARD …
            if bytes[i - 1] == 0x0A || bytes[i - 1] == 0x0D, matches(end, at: i) {
                // … after a line that leaves nothing to continue: not empty, not folded,
                // not ending in `=` (a quoted-printable line would take END:VCARD in) …
                var before = i - 1
                if bytes[before] == 0x0A && before > 0 && bytes[before - 1] == 0x0D { before -= 1 }
                var lineStart = before
                while lineStart > 0 && bytes[lineStart - 1] != 0x0A && bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
                let continuesAbove = lineStart == before || bytes[before - 1] == UInt8(ascii: "=")
                    || bytes[lineStart] == 0x20 || bytes[lineStart] == 0x09
                // … and ends there, with the next card's BEGIN on the following line.
                var next = i + end.count
                if next < bytes.count && bytes[next] == 0x0D { next += 1; if next < bytes.count && bytes[next] == 0x0A { next += 1 } }
                else if next < bytes.count && bytes[next] == 0x0A { next += 1 }
                if !continuesAbove, next > i + end.count, matches(begin, at: next) { return next }
            }
            guard let newline = bytes[i...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
            i = newline + 1
        }
        return nil
    }

    /// The physical lines in `bytes` as `forEachLogicalLine` numbers them (CR LF, LF and
    /// CR each end one), for bytes that end with a line break.
    static func physicalLines(in bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x0A { count += 1 }
            else if bytes[i] == 0x0D {
                count += 1
                if i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        return count
    }

    /// Reads the cards in `bytes[range]`, whose first line is line `firstLine` of the file.
    private static func read(_ bytes: [UInt8], _ range: Range<Int>, firstLine: Int, file: String) -> ImportReading {
        var reading = ImportReading(format: "vCard")
        var card: CardBuilder?
        forEachLogicalLine(bytes, range, firstLine: firstLine) { line, number in
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
                guard let open = card.take() else {
                    reading.problems.append(ImportProblem(file: file, line: number, field: "END", message: "END:VCARD without a BEGIN:VCARD"))
                    return
                }
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

    /// Calls `body` with each logical line (unfolded) in `bytes[range]` and the number of
    /// its first physical line, counting the range's first line as `firstLine`.
    static func forEachLogicalLine(_ bytes: [UInt8], _ range: Range<Int>, firstLine: Int, _ body: (Bytes, Int) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in forEachLogicalLine(bytes, range, firstLine: firstLine, body) }
    }

    private static func forEachLogicalLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, firstLine: Int, _ body: (Bytes, Int) -> Void) {
        var start = range.lowerBound
        if start == 0, range.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var logical: [UInt8] = []
        var folded = false
        var pendingStart = -1, pendingEnd = -1, pendingLine = 0
        var softBreak = false
        var lineNumber = firstLine - 1
        var i = start
        let n = range.upperBound
        func flush() {
            guard pendingStart >= 0 else { return }
            if folded { logical.withUnsafeBufferPointer { body($0[...], pendingLine) } } else { body(bytes[pendingStart..<pendingEnd], pendingLine) }
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
            softBreak = folded ? logical.withUnsafeBufferPointer { endsWithSoftBreak($0[...]) } : endsWithSoftBreak(bytes[pendingStart..<pendingEnd])
            i = next
        }
        flush()
    }

    /// A quoted-printable line ending in `=` continues on the next physical line.
    private static func endsWithSoftBreak(_ line: Bytes) -> Bool {
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

    static func parseLine(_ line: Bytes, number: Int) -> LineResult {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .blank }
        // Index loops, not `indices`: a slice's `indices` went through generic code at
        // every line and was a sixth of reading.
        var colon: Int?
        var quoted = false
        var i = line.startIndex
        while i < line.endIndex {
            let b = line[i]
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            else if b == UInt8(ascii: ":") && !quoted { colon = i; break }
            i += 1
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
        var params: [(String, [String])] = []
        var name: String?
        var partStart = head.startIndex
        quoted = false
        i = head.startIndex
        while i <= head.endIndex {
            if i < head.endIndex && head[i] == UInt8(ascii: "\"") { quoted.toggle() }
            else if i == head.endIndex || (head[i] == UInt8(ascii: ";") && !quoted) {
                let part = head[partStart..<i]
                if name == nil {
                    guard let found = propertyName(part) else { return notAName(part) }
                    name = found
                } else if !part.isEmpty, let param = parameter(part) {
                    params.append(param)
                }
                partStart = i + 1
            }
            i += 1
        }
        return .property(Property(name: name!, params: params, value: line[(colon + 1)...], line: number))
    }

    /// The parameter in `part` (`KEY=a,b` or a vCard 2.1 bare value), when it is one that
    /// the reader acts on (`Property.params`); nil for the rest, such as TYPE.
    private static func parameter(_ part: Bytes) -> (String, [String])? {
        guard let eq = part.firstIndex(of: UInt8(ascii: "=")) else {
            // vCard 2.1 bare parameters: TEL;WORK;VOICE:…, EMAIL;QUOTED-PRINTABLE:…
            let value = upperASCII(part)
            switch value {
            case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B": return ("ENCODING", [value])
            default: return nil
            }
        }
        let key = upperASCII(part[part.startIndex..<eq])
        guard Property.isKept(key) else { return nil }
        let values = part[(eq + 1)...].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true).map { value in
            if !value.contains(where: { $0 >= 0x80 }) { return upperASCII(value, dropping: UInt8(ascii: "\"")) }
            return String(decoding: value, as: UTF8.self).filter { $0 != "\"" }.uppercased()
        }
        return (key, values)
    }

    /// The upper-cased property name of `part` (`item1.EMAIL` → `EMAIL`), or nil when it is
    /// not a name.
    private static func propertyName(_ part: Bytes) -> String? {
        var bytes = part
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")) { bytes = bytes[(dot + 1)...] }
        guard !bytes.isEmpty, bytes.allSatisfy(isNameByte) else { return nil }
        return upperASCII(bytes)
    }

    private static func notAName(_ part: Bytes) -> LineResult {
        .failure(field: nil, message: "\"\(String(decoding: part, as: UTF8.self))\" is not a property name")
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }

    /// `bytes` with ASCII letters upper-cased, and without any `dropping` byte.
    static func upperASCII(_ bytes: Bytes, dropping: UInt8? = nil) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var n = 0
            for b in bytes where b != dropping {
                buffer[n] = (b >= 0x61 && b <= 0x7A) ? b - 32 : b
                n += 1
            }
            return n
        }
    }
}
