/// A wall-clock schedule: the minutes, hours, days and months it runs on.
///
/// Every cron expression and every friendly form that names a time of day or a
/// day compiles to one of these. Sets are bit masks so that finding the next
/// matching value is a shift and a count of trailing zeros.
struct CalendarRule: Sendable, Hashable {
    /// Bits 0…59.
    var minutes: UInt64
    /// Bits 0…23.
    var hours: UInt64
    /// Bits 1…31.
    var daysOfMonth: UInt64
    /// Bits 1…12.
    var months: UInt64
    /// Bits 0…6, 0 = Sunday.
    var daysOfWeek: UInt64
    /// Whether the day-of-month field was restricted (does not start with `*`).
    var dayOfMonthRestricted: Bool
    /// Whether the day-of-week field was restricted (does not start with `*`).
    var dayOfWeekRestricted: Bool
    /// Also run on the last day of each month (friendly `monthly on the last day`).
    var lastDayOfMonth = false
    /// Run only in every n-th week, counted in Monday-started weeks from the week
    /// holding `weekAnchorDay` (a day number). 1 = every week.
    var weekInterval = 1
    var weekAnchorDay = CalendarRule.defaultWeekAnchorDay
    /// `daysOfWeek` as days of a month, for each weekday the month can start on.
    private(set) var weekdayDaysByFirstWeekday: [UInt64] = []

    /// Monday 2000-01-03: weeks of `every 2 weeks on friday` count from here unless
    /// the schedule says `starting YYYY-MM-DD`.
    static let defaultWeekAnchorDay = CivilDate.dayNumber(year: 2000, month: 1, day: 3)

    static let allMinutes: UInt64 = (1 << 60) - 1
    static let allHours: UInt64 = (1 << 24) - 1
    static let allDaysOfMonth: UInt64 = ((1 << 32) - 1) & ~1
    static let allMonths: UInt64 = ((1 << 13) - 1) & ~1
    static let allDaysOfWeek: UInt64 = (1 << 7) - 1

    init(minutes: UInt64, hours: UInt64, daysOfMonth: UInt64, months: UInt64, daysOfWeek: UInt64,
         dayOfMonthRestricted: Bool, dayOfWeekRestricted: Bool) {
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.daysOfWeek = daysOfWeek
        self.dayOfMonthRestricted = dayOfMonthRestricted
        self.dayOfWeekRestricted = dayOfWeekRestricted
        prepare()
    }

    /// A rule for one time of day on the given days of the week.
    static func daily(hour: Int, minute: Int, daysOfWeek: UInt64 = allDaysOfWeek) -> CalendarRule {
        CalendarRule(minutes: 1 << UInt64(minute), hours: 1 << UInt64(hour), daysOfMonth: allDaysOfMonth,
                     months: allMonths, daysOfWeek: daysOfWeek, dayOfMonthRestricted: false,
                     dayOfWeekRestricted: daysOfWeek != allDaysOfWeek)
    }

    /// Recomputes the derived weekday masks after a change to `daysOfWeek`.
    mutating func prepare() {
        weekdayDaysByFirstWeekday = (0..<7).map { first in
            var mask: UInt64 = 0
            for day in 1...31 where daysOfWeek & (1 << UInt64((first + day - 1) % 7)) != 0 {
                mask |= 1 << UInt64(day)
            }
            return mask
        }
    }

    /// The smallest set bit of `mask` at or above `from`, if any.
    @inline(__always)
    private static func nextBit(_ mask: UInt64, from: Int) -> Int? {
        guard from < 64 else { return nil }
        let rest = mask >> UInt64(from)
        return rest == 0 ? nil : from + rest.trailingZeroBitCount
    }

    /// The days of the given month this rule runs on, as bits 1…31.
    ///
    /// When both day fields are restricted a day matches if either does (the cron rule).
    private func matchingDays(year: Int, month: Int) -> UInt64 {
        let length = CivilDate.daysInMonth(year: year, month: month)
        let firstDay = CivilDate.dayNumber(year: year, month: month, day: 1)
        let byWeekday = weekdayDaysByFirstWeekday[CivilDate.weekday(dayNumber: firstDay)]
        var byDate = daysOfMonth
        if lastDayOfMonth { byDate |= 1 << UInt64(length) }
        let dateRestricted = dayOfMonthRestricted || lastDayOfMonth
        // A field starting with `*` (as in `*/2`) counts as unrestricted, as in cron.
        var days = dateRestricted && dayOfWeekRestricted ? byDate | byWeekday : byDate & byWeekday
        days &= ((1 << UInt64(length + 1)) - 1) & ~1
        if weekInterval > 1 { days &= weekFilter(firstDay: firstDay, length: length) }
        return days
    }

    /// Days of a month that fall in a running week of an every-n-weeks rule.
    private func weekFilter(firstDay: Int, length: Int) -> UInt64 {
        var mask: UInt64 = 0
        let anchorMonday = weekAnchorDay - CivilDate.floorMod(CivilDate.weekday(dayNumber: weekAnchorDay) - 1, 7)
        for day in 1...length {
            let week = CivilDate.floorDiv(firstDay + day - 1 - anchorMonday, 7)
            if CivilDate.floorMod(week, weekInterval) == 0 { mask |= 1 << UInt64(day) }
        }
        return mask
    }

    /// The first wall-clock minute at or after `local` (local seconds, on a
    /// minute boundary) that this rule matches, or nil if none within ~50 years.
    func nextMatch(atOrAfterLocal local: Int) -> Int? {
        let dayNumber = CivilDate.floorDiv(local, CivilDate.secondsPerDay)
        let secondOfDay = local - dayNumber * CivilDate.secondsPerDay
        var (year, month, day) = CivilDate.date(dayNumber: dayNumber)
        var hour = secondOfDay / 3600
        var minute = (secondOfDay % 3600) / 60
        let lastYear = year + 50

        while year <= lastYear {
            guard months & (1 << UInt64(month)) != 0 else {
                if let next = Self.nextBit(months, from: month + 1) {
                    month = next
                } else {
                    year += 1
                    month = Self.nextBit(months, from: 1) ?? 1
                }
                (day, hour, minute) = (1, 0, 0)
                continue
            }
            guard let matchingDay = Self.nextBit(matchingDays(year: year, month: month), from: day) else {
                (day, hour, minute) = (1, 0, 0)
                if month == 12 { (year, month) = (year + 1, 1) } else { month += 1 }
                continue
            }
            if matchingDay != day { (day, hour, minute) = (matchingDay, 0, 0) }
            guard let matchingHour = Self.nextBit(hours, from: hour) else {
                (day, hour, minute) = (day + 1, 0, 0)
                continue
            }
            if matchingHour != hour { (hour, minute) = (matchingHour, 0) }
            guard let matchingMinute = Self.nextBit(minutes, from: minute) else {
                if hour == 23 { (day, hour) = (day + 1, 0) } else { hour += 1 }
                minute = 0
                continue
            }
            let days = CivilDate.dayNumber(year: year, month: month, day: day)
            return days * CivilDate.secondsPerDay + hour * 3600 + matchingMinute * 60
        }
        return nil
    }
}
