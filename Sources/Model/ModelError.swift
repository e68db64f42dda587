import Foundation

/// A domain rule that a requested change would break.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case illegalStatusMove(referralId: Int64, from: ReferralStatus, to: ReferralStatus)
    case passedOnWithoutColleague(referralId: Int64)
    case notPromotable(contactId: Int64, name: String, kind: ContactKind)
    case emptyName
    case badDate(String, reason: String)

    public var description: String {
        switch self {
        case .illegalStatusMove(let id, let from, let to):
            let legal = from.legalNext.map(\.rawValue)
            let next = legal.isEmpty
                ? "it is final; no further moves are allowed"
                : "the legal next statuses are: \(legal.joined(separator: ", "))"
            return "referral \(id) is \(from.rawValue) and cannot move to \(to.rawValue); \(next)."
        case .passedOnWithoutColleague(let id):
            return "referral \(id) cannot be passed on without the colleague it goes to; add --to CONTACT."
        case .notPromotable(let id, let name, let kind):
            return "contact \(id) (\(name)) is a \(kind.rawValue); only clients, former clients, professionals and friends can become partners. Change the kind first with `refer contact edit \(id) --kind client`."
        case .emptyName:
            return "a name is required; give one with --name."
        case .badDate(let text, let reason):
            return "\"\(text)\" is not a date: \(reason). Use 2026-03-01, 2026-03-01 14:00, an ISO 8601 time, today, yesterday or tomorrow."
        }
    }
}
