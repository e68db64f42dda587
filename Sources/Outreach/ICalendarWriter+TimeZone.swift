import Foundation

extension ICalendarWriter {
    /// A VTIMEZONE for ``timeZone`` with one observance per offset change between the
    /// start of the year before the earliest of `times` and the end of the year after
    /// the latest, plus one for the offset in force at the start of that range.
    func timeZoneComponent(covering times: [CalendarTime]) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let instants = times.map { time -> Date in
            switch time {
            case .dateTime(let date): return date
            case .date(let year, let month, let day):
                return calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
            }
        }
        let earliest = instants.min() ?? Date(timeIntervalSince1970: 0)
        let latest = instants.max() ?? earliest
        let firstYear = calendar.component(.year, from: earliest) - 1
        let lastYear = calendar.component(.year, from: latest) + 1
        let rangeStart = calendar.date(from: DateComponents(year: firstYear, month: 1, day: 1)) ?? earliest
        let rangeEnd = calendar.date(from: DateComponents(year: lastYear + 1, month: 1, day: 1)) ?? latest

        var lines = ["BEGIN:VTIMEZONE", "TZID:" + timeZone.identifier]
        let startOffset = timeZone.secondsFromGMT(for: rangeStart)
        lines += observance(
            at: rangeStart, from: startOffset, to: startOffset,
            daylight: timeZone.isDaylightSavingTime(for: rangeStart))
        var cursor = rangeStart
        while let change = timeZone.nextDaylightSavingTimeTransition(after: cursor), change < rangeEnd {
            let before = timeZone.secondsFromGMT(for: change.addingTimeInterval(-1))
            let after = timeZone.secondsFromGMT(for: change)
            lines += observance(
                at: change, from: before, to: after,
                daylight: timeZone.isDaylightSavingTime(for: change))
            cursor = change
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    /// A STANDARD or DAYLIGHT block starting at `instant`; its DTSTART is the local time
    /// under the offset in force before it (`from`), as RFC 5545 §3.6.5 asks.
    private func observance(at instant: Date, from: Int, to: Int, daylight: Bool) -> [String] {
        let kind = daylight ? "DAYLIGHT" : "STANDARD"
        let before = TimeZone(secondsFromGMT: from) ?? timeZone
        var lines = [
            "BEGIN:\(kind)",
            "DTSTART:" + Self.local(instant, in: before),
            "TZOFFSETFROM:" + Self.offset(from),
            "TZOFFSETTO:" + Self.offset(to),
        ]
        if let name = timeZone.abbreviation(for: instant) {
            lines.append("TZNAME:" + ICalendarText.escape(name))
        }
        lines.append("END:\(kind)")
        return lines
    }

    /// `+0200`, `-0330`, or `+053000` when the offset has seconds.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        var text = sign + digits(value / 3600, 2) + digits(value % 3600 / 60, 2)
        if value % 60 != 0 { text += digits(value % 60, 2) }
        return text
    }
}

/// Text rules of RFC 5545: escaping of TEXT values and line folding.
enum ICalendarText {
    /// Content lines are folded to this many octets, without the CRLF.
    static let lineOctets = 75

    /// Escapes `\`, `;`, `,` and line breaks (CRLF, CR or LF become `\n`).
    static func escape(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            default: out.unicodeScalars.append(scalar)
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }

    /// Folds `line` so that no physical line passes 75 octets; continuation lines start
    /// with one space. Cuts fall between characters, never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > lineOctets else { return line }
        var out = ""
        var used = 0
        var limit = lineOctets
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if used + size > limit {
                out += "\r\n "
                used = 0
                limit = lineOctets - 1
            }
            out.unicodeScalars.append(scalar)
            used += size
        }
        return out
    }
}
