import Foundation

/// A time zone's UTC offsets over a span of instants, as a list of transitions.
///
/// Asking `TimeZone` for an offset costs microseconds; a schedule asks several
/// times per occurrence, so offsets are read once per zone into this table and
/// looked up with a binary search. Instants and local times are whole seconds:
/// an instant counts from 1970-01-01T00:00Z, a local time is the instant plus the
/// offset in effect (wall-clock seconds read as if they were UTC).
struct ZoneTable: Sendable {
    /// The span of instants the table describes, `[start, end)`.
    let start: Int
    let end: Int
    /// Offset in effect at `start`.
    let initialOffset: Int
    /// Instants at which the offset changes, ascending, each at least days apart.
    let transitions: [Int]
    /// `offsetsAfter[i]` is the offset from `transitions[i]` on.
    let offsetsAfter: [Int]

    /// Whether `instant` and a day either side of it lie inside the table.
    func covers(_ instant: Int) -> Bool {
        instant - CivilDate.secondsPerDay >= start && instant + CivilDate.secondsPerDay < end
    }

    /// Offset in effect before transition `index` (`initialOffset` for the first).
    @inline(__always)
    private func offsetBefore(_ index: Int) -> Int {
        index == 0 ? initialOffset : offsetsAfter[index - 1]
    }

    /// The UTC offset in effect at `instant`.
    func offset(at instant: Int) -> Int {
        // Index of the first transition after `instant`.
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return offsetBefore(low)
    }

    /// The first instant whose wall clock reads `local` or later.
    ///
    /// This one rule gives the scheduler's DST behaviour: a wall-clock time that
    /// happens twice resolves to its first pass, and one that falls in a
    /// spring-forward gap resolves to the transition, the first instant after it.
    func firstInstant(atOrAfterLocal local: Int) -> Int {
        // The first period (between two transitions) whose wall clock reaches
        // past `local` holds the answer; wall-clock ends of periods ascend.
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] + offsetBefore(mid) > local { high = mid } else { low = mid + 1 }
        }
        let periodStart = low == 0 ? Int.min : transitions[low - 1]
        return max(periodStart, local - offsetBefore(low))
    }
}

extension ZoneTable {
    /// Reads the transitions of `zone` between `start` and `end` from Foundation.
    init(zone: TimeZone, start: Int, end: Int) {
        var cursor = Date(timeIntervalSince1970: TimeInterval(start))
        let initial = zone.secondsFromGMT(for: cursor)
        var transitions: [Int] = []
        var offsets: [Int] = []
        var current = initial
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next > cursor {
            let instant = Int(next.timeIntervalSince1970.rounded())
            if instant >= end { break }
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
            if offset != current {
                transitions.append(instant)
                offsets.append(offset)
                current = offset
            }
            cursor = next
        }
        self.init(start: start, end: end, initialOffset: initial, transitions: transitions, offsetsAfter: offsets)
    }
}

/// Zone tables shared by every schedule in the process, one per zone identifier.
final class ZoneTableCache: @unchecked Sendable {
    // @unchecked: `tables` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var tables: [String: ZoneTable] = [:]

    static let shared = ZoneTableCache()

    /// Tables are built with margins so that a run of nearby questions reuses one.
    private static let marginBefore = 2 * 366 * CivilDate.secondsPerDay
    private static let marginAfter = 10 * 366 * CivilDate.secondsPerDay
    /// Tables this close are merged: interval anchors (2000) and today share one.
    private static let unionReach = 60 * 366 * CivilDate.secondsPerDay

    /// A table for `zone` that covers `instant` (with a day either side).
    func table(for zone: TimeZone, covering instant: Int) -> ZoneTable {
        let key = zone.identifier
        lock.lock()
        let cached = tables[key]
        lock.unlock()
        if let cached, cached.covers(instant) { return cached }

        // Build outside the lock: building calls into Foundation and is slow.
        var start = instant - Self.marginBefore
        var end = instant + Self.marginAfter
        // Grow a nearby table so both spans stay cached; replace a far one rather
        // than read centuries of transitions for one odd question.
        if let cached, start < cached.end + Self.unionReach, end > cached.start - Self.unionReach {
            start = min(start, cached.start)
            end = max(end, cached.end)
        }
        let table = ZoneTable(zone: zone, start: start, end: end)
        lock.lock()
        if let current = tables[key], current.start <= start, current.end >= end {
            lock.unlock()
            return current  // another thread built a wider table meanwhile
        }
        tables[key] = table
        lock.unlock()
        return table
    }
}
