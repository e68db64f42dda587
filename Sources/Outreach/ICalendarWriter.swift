import Foundation

/// Writes events and tasks as an RFC 5545 iCalendar file (`refer export ics`).
///
/// Times: in a practice whose zone is UTC they are written in UTC (`…Z`). Otherwise
/// they are the practice's wall-clock time with `TZID=<zone>`, and the file carries a
/// VTIMEZONE for that zone listing every offset change from the year before the first
/// item to the year after the last, so calendars show the time the practitioner means
/// even across daylight-saving changes. `DTSTAMP` is always UTC, as RFC 5545 requires.
///
/// UIDs are `<kind>-<id>@<practice>.refer` (each part reduced to letters, digits and
/// `-`), the same on every export, so re-importing updates items instead of copying them.
public struct ICalendarWriter: Sendable {
    /// The practice name, used in UIDs and as the calendar name.
    public let practice: String
    /// The practice's time zone.
    public let timeZone: TimeZone

    /// Creates a writer for `practice` in the IANA zone `timeZoneIdentifier`.
    /// - Throws: ``OutreachError/unknownTimeZone(_:)``.
    public init(practice: String, timeZoneIdentifier: String) throws {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else {
            throw OutreachError.unknownTimeZone(timeZoneIdentifier)
        }
        self.practice = practice
        self.timeZone = zone
    }

    var isUTC: Bool { timeZone.secondsFromGMT() == 0 && ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z"].contains(timeZone.identifier) }

    /// The stable UID of an item of `kind` with `id` in this practice.
    public func uid(kind: String, id: String) -> String {
        "\(Self.slug(kind))-\(Self.slug(id))@\(Self.slug(practice)).refer"
    }

    /// The calendar text (CRLF line endings, folded at 75 octets). `stamp` is the export
    /// time, written as every item's DTSTAMP.
    public func calendar(events: [CalendarEvent], tasks: [CalendarTask], stamp: Date) -> String {
        var lines: [String] = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Refer//Refer Outreach//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + ICalendarText.escape(practice),
        ]
        let times = events.flatMap { [$0.start, $0.end].compactMap { $0 } } + tasks.compactMap(\.due)
        if !isUTC, !times.isEmpty {
            lines += timeZoneComponent(covering: times)
        }
        let dtstamp = "DTSTAMP:" + Self.utcStamp(stamp)
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + uid(kind: event.kind, id: event.id))
            lines.append(dtstamp)
            lines.append(property("DTSTART", event.start))
            if let end = event.end { lines.append(property("DTEND", end)) }
            lines.append("SUMMARY:" + ICalendarText.escape(event.summary))
            if let details = event.details { lines.append("DESCRIPTION:" + ICalendarText.escape(details)) }
            if let location = event.location { lines.append("LOCATION:" + ICalendarText.escape(location)) }
            lines.append("CATEGORIES:" + ICalendarText.escape(event.kind))
            lines.append("END:VEVENT")
        }
        for task in tasks {
            lines.append("BEGIN:VTODO")
            lines.append("UID:" + uid(kind: task.kind, id: task.id))
            lines.append(dtstamp)
            if let due = task.due { lines.append(property("DUE", due)) }
            lines.append("SUMMARY:" + ICalendarText.escape(task.summary))
            if let details = task.details { lines.append("DESCRIPTION:" + ICalendarText.escape(details)) }
            lines.append("STATUS:" + (task.completed ? "COMPLETED" : "NEEDS-ACTION"))
            lines.append("CATEGORIES:" + ICalendarText.escape(task.kind))
            lines.append("END:VTODO")
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `NAME:20261129T190000Z`, `NAME;TZID=Europe/Bucharest:20261129T210000` or
    /// `NAME;VALUE=DATE:20261129`.
    func property(_ name: String, _ time: CalendarTime) -> String {
        switch time {
        case .date(let year, let month, let day):
            return "\(name);VALUE=DATE:" + Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2)
        case .dateTime(let date):
            if isUTC { return "\(name):" + Self.utcStamp(date) }
            return "\(name);TZID=\(timeZone.identifier):" + Self.local(date, in: timeZone)
        }
    }

    static func utcStamp(_ date: Date) -> String {
        local(date, in: TimeZone(identifier: "UTC") ?? .current) + "Z"
    }

    /// `date` as `YYYYMMDDTHHMMSS` wall-clock time in `zone`.
    static func local(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return digits(c.year ?? 1970, 4) + digits(c.month ?? 1, 2) + digits(c.day ?? 1, 2) + "T"
            + digits(c.hour ?? 0, 2) + digits(c.minute ?? 0, 2) + digits(c.second ?? 0, 2)
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        String(value).leftPadded(to: width)
    }

    /// Lowercase letters, digits and `-` only; other runs become one `-`.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        let trimmed = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "x" : trimmed
    }
}
