/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies.
///
/// Lines end in CRLF whatever the input used. Encoded lines are at most 76 characters
/// including the `=` of a soft break; a soft break never falls inside an `=XX` or
/// between the bytes of one UTF-8 sequence. Space and tab before a line end are
/// encoded, as are a leading `.` (so a lone "." cannot end an SMTP transfer) and the
/// `F` of a leading `From ` (which mbox files would otherwise mangle).
enum QuotedPrintable {
    static let maxLineLength = 76

    /// Encodes `text`. The result always ends in CRLF: a hard line break when `text`
    /// ends with a newline, otherwise a soft break (`=` CRLF), which decodes to nothing,
    /// so the body round-trips exactly.
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let lines = splitLines(text)
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if isLast && line.isEmpty {
                break  // the text ended with a newline, already written
            }
            encodeLine(line, into: &out)
            if isLast {
                out += Array("=\r\n".utf8)
            } else {
                out += [13, 10]
            }
        }
        return out
    }

    /// Splits on CRLF, LF or a lone CR.
    static func splitLines(_ text: String) -> [Substring.UnicodeScalarView] {
        var lines: [Substring.UnicodeScalarView] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                lines.append(Substring(text)[start..<index].unicodeScalars)
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                    next = scalars.index(after: next)
                }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        lines.append(Substring(text)[start..<scalars.endIndex].unicodeScalars)
        return lines
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// The encoded form of one scalar: literal bytes or `=XX` per UTF-8 byte.
    private static func token(_ scalar: Unicode.Scalar, atLineStart: Bool, rest: Substring.UnicodeScalarView.SubSequence, isLineEnd: Bool) -> [UInt8] {
        let value = scalar.value
        var literal = (value >= 33 && value <= 126 && value != 61) || ((value == 32 || value == 9) && !isLineEnd)
        if atLineStart && scalar == "." { literal = false }
        if atLineStart && scalar == "F" && rest.starts(with: "rom ".unicodeScalars) { literal = false }
        if literal { return [UInt8(value)] }
        var bytes: [UInt8] = []
        for byte in String(scalar).utf8 {
            bytes += [61, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
        return bytes
    }

    private static func encodeLine(_ line: Substring.UnicodeScalarView, into out: inout [UInt8]) {
        var lineLength = 0
        var index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            let isLineEnd = next == line.endIndex
            var encoded = token(line[index], atLineStart: lineLength == 0, rest: line[next...], isLineEnd: isLineEnd)
            // A token may end the line at 76; otherwise leave room for the soft break.
            let limit = isLineEnd ? maxLineLength : maxLineLength - 1
            if lineLength + encoded.count > limit {
                out += Array("=\r\n".utf8)
                lineLength = 0
                // The token now starts a physical line, where "." and "From " are encoded.
                encoded = token(line[index], atLineStart: true, rest: line[next...], isLineEnd: isLineEnd)
            }
            out += encoded
            lineLength += encoded.count
            index = next
        }
    }
}
