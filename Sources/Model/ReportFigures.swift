import Foundation

/// The practice's referral system in numbers (R23): every figure `refer report` prints,
/// computed once by the store and only formatted by the text, JSON, HTML and Lua views.
///
/// Flows (referrals that arrived, contacts added, activities, events) count what happened
/// inside `period`; states (open loops, promises, drought, asks) are as of `period.until`.
public struct ReportFigures: Sendable, Codable, Equatable {
    public var period: ReportPeriod
    /// The limits the flags use, so a reader can see why something was flagged.
    public var thresholds: ReportThresholds
    public var totals: ReportTotals
    /// R1: visibility activities per month.
    public var visibility: MonthlyCounts
    /// R2: new contacts per month.
    public var growth: MonthlyCounts
    /// R3: referrals and their fit per contact category.
    public var fit: FitFigures
    /// R4: arrival to first response.
    public var response: DelayFigures
    /// R10: arrival to thank-you.
    public var thanks: DelayFigures
    /// R5: are referrals still arriving at the usual rate?
    public var drought: DroughtFigures
    /// R7: the partners who send the most.
    public var aList: AListFigures
    /// R13: communication promises against the last service touch.
    public var promises: PromiseFigures
    /// R16: referrals not closed, and closed ones the partner was not told about.
    public var openLoops: OpenLoopFigures
    /// R17: relationship touches per partner in the last 90 days.
    public var asks: AskFigures
    /// R18: relationship length and touches per partner and group.
    public var depth: DepthFigures
    /// R19: referrals given and received per partner.
    public var bank: BankFigures
    /// R20: yield of each kind of source, and referrals per month by kind.
    public var sources: SourceFigures
    /// R21: appreciation events and the referrals that followed.
    public var events: EventFigures

    public init(
        period: ReportPeriod, thresholds: ReportThresholds = ReportThresholds(), totals: ReportTotals,
        visibility: MonthlyCounts, growth: MonthlyCounts, fit: FitFigures, response: DelayFigures,
        thanks: DelayFigures, drought: DroughtFigures, aList: AListFigures, promises: PromiseFigures,
        openLoops: OpenLoopFigures, asks: AskFigures, depth: DepthFigures, bank: BankFigures,
        sources: SourceFigures, events: EventFigures
    ) {
        self.period = period
        self.thresholds = thresholds
        self.totals = totals
        self.visibility = visibility
        self.growth = growth
        self.fit = fit
        self.response = response
        self.thanks = thanks
        self.drought = drought
        self.aList = aList
        self.promises = promises
        self.openLoops = openLoops
        self.asks = asks
        self.depth = depth
        self.bank = bank
        self.sources = sources
        self.events = events
    }
}

/// The limits behind the report's flags. Fixed for now; kept in the figures so JSON,
/// HTML and plugins say the same thing the text does.
public struct ReportThresholds: Sendable, Codable, Equatable {
    /// A referral not answered within this many hours is waiting too long (R4).
    public var responseHours: Double = 24
    /// A thank-you later than this many hours is late (R10).
    public var thankYouHours: Double = 24
    /// A category with at least this many contacts and no fitting referral is flagged (R3).
    public var manyContacts: Int = 5
    /// Drought when the last 30 days bring less than this share of the usual rate (R5).
    public var droughtShare: Double = 0.5
    /// The A list is this share of the partners, at least one (R7).
    public var aListShare: Double = 0.2
    /// More relationship touches than this in 90 days is asking too often (R17).
    public var maxAsksPer90Days: Int = 3
    /// A referral open longer than this many days is a stale loop (R16).
    public var staleDays: Int = 30
    /// Referrals from attendees this many days after an event count for it (R21).
    public var eventWindowDays: Int = 90
    /// Lists in the figures (waiting referrals, partners…) keep at most this many rows.
    public var listLimit: Int = 10

    public init() {}
}

/// The window of a report, and its calendar months in the practice's time zone.
public struct ReportPeriod: Sendable, Codable, Equatable {
    /// First instant counted.
    public var since: Date
    /// First instant not counted (the report's "now").
    public var until: Date
    public var timezone: String
    /// "YYYY-MM" of every month the window touches, oldest first.
    public var months: [String]

    public init(since: Date, until: Date, timezone: String, months: [String]) {
        self.since = since
        self.until = until
        self.timezone = timezone
        self.months = months
    }
}

/// Head counts for the period.
public struct ReportTotals: Sendable, Codable, Equatable {
    /// Contacts in the network at the end of the period.
    public var contacts: Int
    public var partners: Int
    /// Referrals that arrived in the period, from partners.
    public var inbound: Int
    /// Referrals the practice sent out in the period.
    public var outbound: Int
    /// Inbound referrals of the period that were won, and their value.
    public var won: Int
    public var wonValue: Double

    public init(contacts: Int = 0, partners: Int = 0, inbound: Int = 0, outbound: Int = 0, won: Int = 0, wonValue: Double = 0) {
        self.contacts = contacts
        self.partners = partners
        self.inbound = inbound
        self.outbound = outbound
        self.won = won
        self.wonValue = wonValue
    }
}

/// A count per calendar month (R1, R2).
public struct MonthlyCounts: Sendable, Codable, Equatable {
    public struct Month: Sendable, Codable, Equatable {
        /// "YYYY-MM".
        public var month: String
        public var count: Int
        public init(month: String, count: Int) {
            self.month = month
            self.count = count
        }
    }

    public var months: [Month]

    public init(months: [Month]) { self.months = months }

    public var total: Int { months.reduce(0) { $0 + $1.count } }
    /// The months with nothing: the flag of R1 and R2.
    public var monthsWithNone: [String] { months.filter { $0.count == 0 }.map(\.month) }

    enum CodingKeys: String, CodingKey { case months, total, monthsWithNone }

    public init(from decoder: any Decoder) throws {
        months = try decoder.container(keyedBy: CodingKeys.self).decode([Month].self, forKey: .months)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(months, forKey: .months)
        try c.encode(total, forKey: .total)
        try c.encode(monthsWithNone, forKey: .monthsWithNone)
    }
}

extension ReportPeriod {
    /// A calendar month of the window: its label and its bounds (clipped to the window).
    public struct MonthSpan: Sendable, Equatable {
        public var label: String
        public var start: Date
        public var end: Date
    }

    /// The window from `since` (default: the first day of the month eleven months before
    /// `until`'s, so twelve calendar months) to `until` (default: now).
    public init(since: Date?, until: Date?, timeZone: TimeZone, now: Date = Date()) {
        let end = until ?? now
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfMonth = calendar.date(from: calendar.dateComponents([.year, .month], from: end.addingTimeInterval(-0.001)))!
        let start = since ?? calendar.date(byAdding: .month, value: -11, to: startOfMonth)!
        // Foundation on Linux names UTC "GMT"; keep the name the practice wrote.
        let name = timeZone.identifier == "GMT" ? "UTC" : timeZone.identifier
        self.init(since: start, until: max(start, end), timezone: name, months: [])
        months = spans(timeZone: timeZone).map(\.label)
    }

    /// The calendar months of the window in `timeZone`, oldest first.
    public func spans(timeZone: TimeZone) -> [MonthSpan] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var out: [MonthSpan] = []
        var cursor = calendar.date(from: calendar.dateComponents([.year, .month], from: since))!
        while cursor < until || (out.isEmpty && since == until) {
            let next = calendar.date(byAdding: .month, value: 1, to: cursor)!
            let parts = calendar.dateComponents([.year, .month], from: cursor)
            let label = String(format: "%04d-%02d", parts.year!, parts.month!)
            out.append(MonthSpan(label: label, start: max(cursor, since), end: min(next, until)))
            cursor = next
            if since == until { break }
        }
        return out
    }
}
