import Foundation

/// A plugin's `every` schedule: cron, an `@` macro or a friendly form.
///
/// Accepted text (case-insensitive):
/// - cron, 5 fields `minute hour day-of-month month day-of-week`, with `*`, lists,
///   ranges, steps and names (`jan`…`dec`, `sun`…`sat`, 7 = Sunday). When both day
///   fields are restricted a day matches if either matches.
/// - `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly`, `@yearly` (`@annually`).
/// - friendly forms: `every monday 09:00`, `every weekday 08:30`, `every day 07:00`,
///   `mon 9am`, `every 2 weeks on friday 5:30pm`, `monthly on the 1st 10:00`,
///   `monthly on the last day`, `daily at 18:00`, `hourly`, `weekly on friday`,
///   and intervals `every 30 minutes`, `every 3 hours`, `every 2 days`, `every 6 weeks`.
///   A form without a time runs at 00:00.
///
/// Time zones and daylight saving time. Schedules are read in the practice's time
/// zone; occurrences are instants (`Date`, UTC).
/// - A wall-clock time that does not exist (the spring-forward gap) runs at the
///   first instant after the gap, once: 02:30 on 2026-03-08 in New York runs at 03:00.
/// - A wall-clock time that happens twice (fall back) runs on the first pass only:
///   01:30 on 2026-11-01 in New York runs at 01:30 EDT, not again at 01:30 EST.
///   An hourly wall-clock schedule therefore skips the repeated hour.
/// - Intervals (`every 30 minutes`, `every 3 hours`, `every 2 days`, `every 6 weeks`)
///   follow elapsed time from their anchor, not the wall clock. The anchor is
///   00:00 on Monday 2000-01-03 in the practice's time zone, or the date after
///   `starting` (`every 6 weeks starting 2026-01-05 09:00`), or `anchored(at:)`.
/// - `every N weeks on <day>` is wall-clock: it runs in every N-th Monday-started
///   week counted from the week of 2000-01-03, or of the `starting` date.
public struct ScheduleExpression: Sendable, Hashable, CustomStringConvertible {
    /// What the schedule compiles to.
    enum Rule: Sendable, Hashable {
        case calendar(CalendarRule)
        case interval(IntervalRule)
    }

    /// The text the schedule was read from.
    public let source: String
    let rule: Rule

    /// Reads a schedule; throws `ScheduleError` naming the column and what was expected.
    public init(_ text: String) throws(ScheduleError) {
        source = text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw .scheduleIsEmpty }
        if trimmed.hasPrefix("@") {
            rule = .calendar(try Self.macro(trimmed))
        } else if Self.looksLikeCron(text) {
            rule = .calendar(try Self.cron(text))
        } else {
            rule = try Self.friendly(text)
        }
    }

    init(source: String, rule: Rule) {
        self.source = source
        self.rule = rule
    }

    /// The schedule text, as written.
    public var description: String { source }

    /// Whether the schedule follows elapsed time (`every 3 hours`) rather than the wall clock.
    public var isInterval: Bool {
        if case .interval = rule { return true }
        return false
    }

    /// The same schedule with its interval counted from `anchor` (for example the
    /// plugin's first run). Wall-clock schedules are returned unchanged.
    public func anchored(at anchor: Date) -> ScheduleExpression {
        guard case .interval(var interval) = rule else { return self }
        interval.anchor = .instant(Int(anchor.timeIntervalSince1970.rounded(.down)))
        return ScheduleExpression(source: source, rule: .interval(interval))
    }

    /// The first occurrence strictly after `date`, reading the schedule in `zone`;
    /// nil if the schedule never runs again (no date within 50 years matches) or
    /// `date` lies outside the years 1 to 9999.
    ///
    /// A wall-clock time inside a spring-forward gap gives the first instant after
    /// the gap (once, however many matching times the gap swallows); a wall-clock
    /// time that happens twice gives its first pass only; intervals count elapsed
    /// seconds from their anchor.
    public func nextOccurrence(after date: Date, in zone: TimeZone) -> Date? {
        let after = date.timeIntervalSince1970
        // 0001-01-01 and 10000-01-01: past these the calendar arithmetic means nothing.
        guard after.isFinite, after >= -62_135_596_800, after < 253_402_300_800 else { return nil }
        let whole = Int(after.rounded(.down))
        switch rule {
        case .calendar(let calendar):
            return Self.next(calendar, afterWhole: whole, exact: after, zone: zone)
                .map { Date(timeIntervalSince1970: TimeInterval($0)) }
        case .interval(let interval):
            return Date(timeIntervalSince1970: TimeInterval(Self.next(interval, afterWhole: whole, zone: zone)))
        }
    }

    private static func next(_ rule: CalendarRule, afterWhole whole: Int, exact: Double, zone: TimeZone) -> Int? {
        var table = ZoneTableCache.shared.table(for: zone, covering: whole)
        let local = whole + table.offset(at: whole)
        // Only wall-clock minutes after `local` can resolve to instants after
        // `date`; a few of them (the repeated hour's second pass) resolve earlier.
        var candidate = (CivilDate.floorDiv(local, 60) + 1) * 60
        while let match = rule.nextMatch(atOrAfterLocal: candidate) {
            if !table.covers(match) { table = ZoneTableCache.shared.table(for: zone, covering: match) }
            let instant = table.firstInstant(atOrAfterLocal: match)
            if Double(instant) > exact { return instant }
            candidate = match + 60
        }
        return nil
    }

    private static func next(_ rule: IntervalRule, afterWhole whole: Int, zone: TimeZone) -> Int {
        let anchor: Int
        switch rule.anchor {
        case .instant(let instant):
            anchor = instant
        case .local(let day, let second):
            let local = day * CivilDate.secondsPerDay + second
            anchor = ZoneTableCache.shared.table(for: zone, covering: local).firstInstant(atOrAfterLocal: local)
        }
        // `whole` is `date` rounded down, and anchors are whole seconds, so the
        // first multiple after `whole` is also the first after `date`.
        return anchor + (CivilDate.floorDiv(whole - anchor, rule.seconds) + 1) * rule.seconds
    }
}
