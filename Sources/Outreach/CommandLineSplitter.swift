/// Splits a configured command line (`msmtp -t --from="Ana <a@x.ro>"`) into arguments
/// the way a POSIX shell would for plain words, quotes and backslashes — without
/// running a shell, so nothing in it is expanded or executed.
enum CommandLineSplitter {
    /// The words of `line`, or `nil` with a reason when a quote is left open.
    static func split(_ line: String) -> Result<[String], OutreachError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(character)
            case ("\"", "\\"), (nil, "\\"):
                escaped = true
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, _) where character.isWhitespace:
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if quote != nil || escaped {
            return .failure(.deliveryCommandMalformed(command: line, reason: "a quote or backslash is not closed"))
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else { return .failure(.deliveryCommandEmpty) }
        return .success(words)
    }
}
