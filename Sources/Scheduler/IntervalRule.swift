/// An elapsed-time schedule: every `seconds`, counted from an anchor instant.
///
/// Intervals ignore the wall clock on purpose: `every 3 hours` is three real
/// hours apart across a DST change, never two or four.
struct IntervalRule: Sendable, Hashable {
    /// Where the count of intervals starts.
    enum Anchor: Sendable, Hashable {
        /// A wall-clock moment in the practice's time zone: day number and second of day.
        case local(day: Int, second: Int)
        /// A fixed instant (seconds since 1970-01-01T00:00Z).
        case instant(Int)
    }

    /// Midnight at the start of Monday 2000-01-03, practice time.
    static let defaultAnchor = Anchor.local(day: CalendarRule.defaultWeekAnchorDay, second: 0)

    var seconds: Int
    var anchor: Anchor = IntervalRule.defaultAnchor
}
