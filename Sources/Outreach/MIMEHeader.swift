import Foundation

/// Header text helpers: RFC 2047 encoded-words and RFC 5322 folding.
enum MIMEHeader {
    /// Lines are folded to stay at or under this length (RFC 5322 "SHOULD").
    static let foldWidth = 78
    /// Raw bytes per encoded-word: 39 bytes → 52 base64 characters → a 64-character
    /// word, which fits after the longest header name used here on one line.
    static let encodedWordBytes = 39

    /// Replaces line breaks and tabs with spaces: a header value is one line.
    static func singleLine(_ text: String) -> String {
        var out = ""
        var lastWasBreak = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" || scalar == "\n" || scalar == "\t" {
                if !lastWasBreak { out.unicodeScalars.append(" ") }
                lastWasBreak = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasBreak = false
            }
        }
        return out
    }

    /// `text` as `=?UTF-8?B?…?=` words of at most ``encodedWordBytes`` bytes each,
    /// cut between characters (never inside a UTF-8 sequence). Decoders join adjacent
    /// encoded-words and drop the space between them, so spaces stay inside the words.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count > encodedWordBytes {
                // A very long grapheme (e.g. a family emoji): cut between its scalars.
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > encodedWordBytes { flush() }
                    chunk += scalarBytes
                }
                continue
            }
            if chunk.count + bytes.count > encodedWordBytes { flush() }
            chunk += bytes
        }
        flush()
        return words
    }

    /// The unstructured value (Subject) as words: plain when it is printable ASCII that
    /// folds under the width, encoded-words otherwise.
    static func unstructuredWords(_ value: String, headerName: String) -> [String] {
        let clean = singleLine(value)
        let printable = clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if printable, !clean.contains("=?") {
            let words = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let folded = fold(headerName, words: words)
            if folded.components(separatedBy: "\r\n").allSatisfy({ $0.utf8.count <= foldWidth }),
               !folded.hasSuffix(" "), words.first?.isEmpty == false
            {
                return words
            }
        }
        return encodedWords(clean)
    }

    /// `Name: w1 w2 …`, with CRLF inserted before the space in front of a word whenever
    /// that word would pass ``foldWidth`` (unfolding removes the CRLF and gives back the
    /// exact text). Never folds before an empty word, so no continuation line is only
    /// white space. No trailing CRLF.
    static func fold(_ name: String, words: [String]) -> String {
        var out = name + ":"
        var lineLength = out.utf8.count
        for (index, word) in words.enumerated() {
            let piece = " " + word
            if index > 0, !word.isEmpty, lineLength + piece.utf8.count > foldWidth {
                out += "\r\n" + piece
                lineLength = piece.utf8.count
            } else {
                out += piece
                lineLength += piece.utf8.count
            }
        }
        return out
    }
}
