import Foundation

/// R3: per contact category, its contacts and the referrals its partners sent.
/// A referral *fits* when it got as far as a meeting or was won.
public struct FitFigures: Sendable, Codable, Equatable {
    public struct Category: Sendable, Codable, Equatable {
        /// The category, in its first spelling in sort order (grouping ignores case); "" for none.
        public var category: String
        /// Contacts of this category in the network, prospects aside.
        public var contacts: Int
        /// Inbound referrals of the period sent by partners of this category.
        public var referrals: Int
        /// Of those, the ones that reached a meeting or were won.
        public var fitting: Int
        /// Many contacts and no fitting referral.
        public var flagged: Bool
        public init(category: String, contacts: Int, referrals: Int, fitting: Int, flagged: Bool) {
            self.category = category
            self.contacts = contacts
            self.referrals = referrals
            self.fitting = fitting
            self.flagged = flagged
        }
    }

    /// Best fit first.
    public var categories: [Category]
    public init(categories: [Category]) { self.categories = categories }
}

/// R4 and R10: how long from a referral's arrival to an answer (or a thank-you).
public struct DelayFigures: Sendable, Codable, Equatable {
    /// One bar of the distribution.
    public struct Bucket: Sendable, Codable, Equatable {
        public var label: String
        public var count: Int
        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    /// Inbound referrals that arrived in the period.
    public var referrals: Int
    /// Of those, the ones answered (thanked).
    public var done: Int
    /// Of those, the ones answered (thanked) within the threshold.
    public var withinTarget: Int
    public var medianHours: Double?
    public var p90Hours: Double?
    /// < 1 h, 1–4 h, 4–24 h, 1–3 d, 3–7 d, > 7 d, not yet.
    public var buckets: [Bucket]
    /// Not answered (thanked) yet and older than the threshold at the end of the period.
    public var overdue: Int
    /// The oldest of them.
    public var overdueList: [ReferralLine]

    public init(referrals: Int, done: Int, withinTarget: Int, medianHours: Double?, p90Hours: Double?,
                buckets: [Bucket], overdue: Int, overdueList: [ReferralLine]) {
        self.referrals = referrals
        self.done = done
        self.withinTarget = withinTarget
        self.medianHours = medianHours
        self.p90Hours = p90Hours
        self.buckets = buckets
        self.overdue = overdue
        self.overdueList = overdueList
    }

    /// The bucket labels, in order; the last counts referrals not done yet.
    public static let bucketLabels = ["< 1 h", "1–4 h", "4–24 h", "1–3 d", "3–7 d", "> 7 d", "not yet"]
    /// Upper bounds of the bucket labels, in hours (the last two are open).
    public static let bucketLimits: [Double] = [1, 4, 24, 72, 168]
}

/// One referral in a list of things to act on.
public struct ReferralLine: Sendable, Codable, Equatable {
    public var id: Int64
    public var prospect: String
    public var partner: String?
    public var status: String
    public var arrivedAt: Date
    /// Days from arrival (or closing) to the end of the period.
    public var days: Int
    public init(id: Int64, prospect: String, partner: String?, status: String, arrivedAt: Date, days: Int) {
        self.id = id
        self.prospect = prospect
        self.partner = partner
        self.status = status
        self.arrivedAt = arrivedAt
        self.days = days
    }
}

/// R5: the last 30 days against the 360 days before them.
public struct DroughtFigures: Sendable, Codable, Equatable {
    public var last30Days: Int
    /// Inbound referrals per 30 days over the 360 days before the last 30.
    public var usualPer30Days: Double
    public var lastArrivedAt: Date?
    public var daysSinceLast: Int?
    public var warning: Bool
    public init(last30Days: Int, usualPer30Days: Double, lastArrivedAt: Date?, daysSinceLast: Int?, warning: Bool) {
        self.last30Days = last30Days
        self.usualPer30Days = usualPer30Days
        self.lastArrivedAt = lastArrivedAt
        self.daysSinceLast = daysSinceLast
        self.warning = warning
    }
}

/// A partner with the numbers the report ranks or lists it by.
public struct PartnerLine: Sendable, Codable, Equatable {
    public var partnerId: Int64
    public var name: String
    public var tier: String
    public var category: String?
    /// Referrals the partner sent in the period (A list, bank: received).
    public var referrals: Int
    /// Referrals won (A list) or referrals the practice sent the partner (bank: given).
    public var won: Int
    /// The value won (A list) or relationship touches (asks).
    public var value: Double
    public init(partnerId: Int64, name: String, tier: String, category: String?, referrals: Int, won: Int, value: Double) {
        self.partnerId = partnerId
        self.name = name
        self.tier = tier
        self.category = category
        self.referrals = referrals
        self.won = won
        self.value = value
    }
}

/// R7: partners ranked by referrals sent in the period (then won, then value).
public struct AListFigures: Sendable, Codable, Equatable {
    /// All partners.
    public var partners: Int
    /// Partners who sent at least one referral in the period.
    public var active: Int
    /// The A list: the top share of the partners, among the active ones.
    public var entries: [PartnerLine]
    /// On the A list by the numbers but not tier A: promote them.
    public var toPromote: [String]
    /// Tier A but not on the A list by the numbers.
    public var tierAOutside: Int
    public init(partners: Int, active: Int, entries: [PartnerLine], toPromote: [String], tierAOutside: Int) {
        self.partners = partners
        self.active = active
        self.entries = entries
        self.toPromote = toPromote
        self.tierAOutside = tierAOutside
    }
}

/// R13: contacts tagged `promise:weekly|biweekly|monthly|quarterly` and their last service touch.
public struct PromiseFigures: Sendable, Codable, Equatable {
    public struct Broken: Sendable, Codable, Equatable {
        public var contactId: Int64
        public var name: String
        public var cadence: String
        public var lastServiceTouch: Date?
        /// Days past the promised interval (since the contact was added, when never touched).
        public var overdueDays: Int
        public init(contactId: Int64, name: String, cadence: String, lastServiceTouch: Date?, overdueDays: Int) {
            self.contactId = contactId
            self.name = name
            self.cadence = cadence
            self.lastServiceTouch = lastServiceTouch
            self.overdueDays = overdueDays
        }
    }

    public var promised: Int
    public var kept: Int
    public var broken: Int
    /// Most overdue first.
    public var brokenList: [Broken]
    public init(promised: Int, kept: Int, broken: Int, brokenList: [Broken]) {
        self.promised = promised
        self.kept = kept
        self.broken = broken
        self.brokenList = brokenList
    }

    /// The cadences a `promise:` tag may name, in days.
    public static let cadences: [(tag: String, days: Int)] = [("weekly", 7), ("biweekly", 14), ("monthly", 31), ("quarterly", 92)]
}

/// R16: loops to close.
public struct OpenLoopFigures: Sendable, Codable, Equatable {
    /// Inbound referrals not yet won, lost or passed on.
    public var open: Int
    /// Of those, open longer than the stale threshold.
    public var stale: Int
    /// The oldest open ones.
    public var oldest: [ReferralLine]
    /// Inbound referrals of the period that are closed but whose partner has no touch logged since.
    public var closedUntold: Int
    public var untold: [ReferralLine]
    public init(open: Int, stale: Int, oldest: [ReferralLine], closedUntold: Int, untold: [ReferralLine]) {
        self.open = open
        self.stale = stale
        self.oldest = oldest
        self.closedUntold = closedUntold
        self.untold = untold
    }
}

/// R17: relationship touches (asks) per partner in the 90 days before the end of the period.
public struct AskFigures: Sendable, Codable, Equatable {
    public var partners: Int
    public var relationshipTouches: Int
    public var serviceTouches: Int
    /// Relationship touches per partner.
    public var perPartner: Double
    /// Partners with no relationship touch in the 90 days.
    public var notAsked: Int
    /// Partners asked more than the threshold; `value` is their count of asks.
    public var tooOften: [PartnerLine]
    public var tooOftenCount: Int
    public init(partners: Int, relationshipTouches: Int, serviceTouches: Int, perPartner: Double, notAsked: Int,
                tooOften: [PartnerLine], tooOftenCount: Int) {
        self.partners = partners
        self.relationshipTouches = relationshipTouches
        self.serviceTouches = serviceTouches
        self.perPartner = perPartner
        self.notAsked = notAsked
        self.tooOften = tooOften
        self.tooOftenCount = tooOftenCount
    }
}

/// R18: relationship length and touches, per partner on average and per group (category).
public struct DepthFigures: Sendable, Codable, Equatable {
    public struct Group: Sendable, Codable, Equatable {
        /// The partners' category; "" when none.
        public var category: String
        public var partners: Int
        /// Months from relationship start to the end of the period, on average.
        public var averageMonths: Double
        /// Touches of any purpose in the period, per partner.
        public var touchesPerPartner: Double
        /// Inbound referrals in the period, per partner.
        public var referralsPerPartner: Double
        public init(category: String, partners: Int, averageMonths: Double, touchesPerPartner: Double, referralsPerPartner: Double) {
            self.category = category
            self.partners = partners
            self.averageMonths = averageMonths
            self.touchesPerPartner = touchesPerPartner
            self.referralsPerPartner = referralsPerPartner
        }
    }

    public var partners: Int
    public var averageMonths: Double
    public var touchesPerPartner: Double
    /// Partners with fewer than two touches in the period.
    public var shallow: Int
    /// Largest group first.
    public var groups: [Group]
    public init(partners: Int, averageMonths: Double, touchesPerPartner: Double, shallow: Int, groups: [Group]) {
        self.partners = partners
        self.averageMonths = averageMonths
        self.touchesPerPartner = touchesPerPartner
        self.shallow = shallow
        self.groups = groups
    }
}

/// R19: the relationship bank — referrals received from and given to each partner in the period.
public struct BankFigures: Sendable, Codable, Equatable {
    public struct Account: Sendable, Codable, Equatable {
        public var partnerId: Int64
        public var name: String
        public var received: Int
        public var given: Int
        public init(partnerId: Int64, name: String, received: Int, given: Int) {
            self.partnerId = partnerId
            self.name = name
            self.received = received
            self.given = given
        }
    }

    public var received: Int
    public var given: Int
    /// Partners who sent more than they got back.
    public var weOwe: Int
    /// Partners who got more than they sent.
    public var theyOwe: Int
    /// The busiest accounts (received + given), up to 20.
    public var accounts: [Account]
    public init(received: Int, given: Int, weOwe: Int, theyOwe: Int, accounts: [Account]) {
        self.received = received
        self.given = given
        self.weOwe = weOwe
        self.theyOwe = theyOwe
        self.accounts = accounts
    }
}

/// R20: yield per kind of source (professional, client, former client, friend).
public struct SourceFigures: Sendable, Codable, Equatable {
    public struct Kind: Sendable, Codable, Equatable {
        public var kind: String
        public var partners: Int
        public var referrals: Int
        public var won: Int
        public var value: Double
        public init(kind: String, partners: Int, referrals: Int, won: Int, value: Double) {
            self.kind = kind
            self.partners = partners
            self.referrals = referrals
            self.won = won
            self.value = value
        }
        /// Referrals per partner of this kind; 0 without partners.
        public var perPartner: Double { partners == 0 ? 0 : Double(referrals) / Double(partners) }
    }

    /// Inbound referrals of one month by the sender's kind.
    public struct Month: Sendable, Codable, Equatable {
        public var month: String
        public var counts: [String: Int]
        public init(month: String, counts: [String: Int]) {
            self.month = month
            self.counts = counts
        }
    }

    public var kinds: [Kind]
    public var byMonth: [Month]
    public init(kinds: [Kind], byMonth: [Month]) {
        self.kinds = kinds
        self.byMonth = byMonth
    }
}

/// R21: appreciation events of the period and the referrals attendees sent afterwards.
public struct EventFigures: Sendable, Codable, Equatable {
    public struct Event: Sendable, Codable, Equatable {
        public var id: Int64
        public var name: String
        public var at: Date
        public var invited: Int
        public var attended: Int
        /// Inbound referrals from attendees in the window after the event.
        public var referrals: Int
        public var won: Int
        public var cost: Double?
        public init(id: Int64, name: String, at: Date, invited: Int, attended: Int, referrals: Int, won: Int, cost: Double?) {
            self.id = id
            self.name = name
            self.at = at
            self.invited = invited
            self.attended = attended
            self.referrals = referrals
            self.won = won
            self.cost = cost
        }
    }

    /// Oldest first.
    public var events: [Event]
    public init(events: [Event]) { self.events = events }
    public var referrals: Int { events.reduce(0) { $0 + $1.referrals } }
}
