/// A word of a schedule and the column (from 1) it starts at.
struct ScheduleToken: Sendable, Equatable {
    var text: String
    var column: Int

    /// Splits `text` at any of `separators`, remembering where each piece starts.
    /// `column` is the column of `text`'s first character.
    static func split(_ text: String, separators: Set<Character>, column: Int = 1,
                      keepEmpty: Bool = false) -> [ScheduleToken] {
        var tokens: [ScheduleToken] = []
        var current = ""
        var start = column
        var position = column
        for character in text {
            if separators.contains(character) {
                if !current.isEmpty || keepEmpty { tokens.append(ScheduleToken(text: current, column: start)) }
                current = ""
                start = position + 1
            } else {
                if current.isEmpty { start = position }
                current.append(character)
            }
            position += 1
        }
        if !current.isEmpty || keepEmpty { tokens.append(ScheduleToken(text: current, column: start)) }
        return tokens
    }
}
