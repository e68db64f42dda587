import Foundation

/// A prospect sent by a partner (inbound) or a client the practice sent to another
/// professional (outbound, R14).
public struct Referral: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var direction: ReferralDirection
    /// Inbound: the partner who sent it. Outbound: the partner it was sent to, if one.
    public var partnerId: Int64?
    /// The person referred: the prospect (inbound) or the client sent on (outbound).
    public var prospectId: Int64
    /// The professional the referral went to (outbound) or was passed on to (R4).
    public var colleagueId: Int64?
    public var status: ReferralStatus
    public var arrivedAt: Date
    /// When the practice first answered the prospect (R4).
    public var firstResponseAt: Date?
    /// When the partner was thanked (R10).
    public var thankedAt: Date?
    /// What came of it, in words (R16).
    public var outcome: String?
    /// The value of the work won, in the practice's currency.
    public var value: Double?
    public var note: String?

    public init(
        id: Int64? = nil, direction: ReferralDirection = .inbound, partnerId: Int64?, prospectId: Int64,
        colleagueId: Int64? = nil, status: ReferralStatus = .received, arrivedAt: Date = Date(),
        firstResponseAt: Date? = nil, thankedAt: Date? = nil, outcome: String? = nil,
        value: Double? = nil, note: String? = nil
    ) {
        self.id = id
        self.direction = direction
        self.partnerId = partnerId
        self.prospectId = prospectId
        self.colleagueId = colleagueId
        self.status = status
        self.arrivedAt = arrivedAt
        self.firstResponseAt = firstResponseAt
        self.thankedAt = thankedAt
        self.outcome = outcome
        self.value = value
        self.note = note
    }
}

/// Which way a referral travelled.
public enum ReferralDirection: String, Sendable, Codable, CaseIterable {
    case inbound, outbound
}

/// Where a referral stands: received → contacted → meeting → won / lost / passed on.
public enum ReferralStatus: String, Sendable, Codable, CaseIterable {
    case received, contacted, meeting, won, lost
    case passedOn = "passed-on"

    /// The statuses a referral may move to from this one. Won, lost and passed on are final.
    public var legalNext: [ReferralStatus] {
        switch self {
        case .received: return [.contacted, .meeting, .lost, .passedOn]
        case .contacted: return [.meeting, .won, .lost, .passedOn]
        case .meeting: return [.won, .lost, .passedOn]
        case .won, .lost, .passedOn: return []
        }
    }

    /// Whether the referral is closed.
    public var isFinal: Bool { legalNext.isEmpty }

    /// Accepts "passed-on", "passed_on", "passed on", any case.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        self.init(rawValue: t)
    }
}

/// One timestamped move of a referral's status.
public struct ReferralStatusChange: Sendable, Codable, Equatable {
    public var referralId: Int64
    /// `nil` for the first status, set when the referral arrived.
    public var from: ReferralStatus?
    public var to: ReferralStatus
    public var changedAt: Date
    public var note: String?

    public init(referralId: Int64, from: ReferralStatus?, to: ReferralStatus, changedAt: Date, note: String? = nil) {
        self.referralId = referralId
        self.from = from
        self.to = to
        self.changedAt = changedAt
        self.note = note
    }
}

extension Referral {
    /// Moves the referral to `next`, enforcing the legal moves and their conditions:
    /// passing on needs the colleague; the first move out of `received` is the first response.
    /// - Returns: the change to record.
    public mutating func move(
        to next: ReferralStatus, at time: Date, colleagueId: Int64? = nil, note: String? = nil
    ) throws -> ReferralStatusChange {
        guard status.legalNext.contains(next) else {
            throw ModelError.illegalStatusMove(referralId: id ?? 0, from: status, to: next)
        }
        if next == .passedOn {
            guard let colleague = colleagueId ?? self.colleagueId else {
                throw ModelError.passedOnWithoutColleague(referralId: id ?? 0)
            }
            self.colleagueId = colleague
        } else if let colleagueId {
            self.colleagueId = colleagueId
        }
        let change = ReferralStatusChange(referralId: id ?? 0, from: status, to: next, changedAt: time, note: note)
        if firstResponseAt == nil { firstResponseAt = time }
        status = next
        return change
    }
}
