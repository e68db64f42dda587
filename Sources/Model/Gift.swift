import Foundation

/// An item in the gift catalogue (R11).
public struct Gift: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var name: String
    public var cost: Double
    public var category: String?
    /// Whether the practice sells it; a gift it does not sell is preferred (R11).
    public var soldByPractice: Bool

    public init(id: Int64? = nil, name: String, cost: Double = 0, category: String? = nil, soldByPractice: Bool = false) {
        self.id = id
        self.name = name
        self.cost = cost
        self.category = category
        self.soldByPractice = soldByPractice
    }
}

/// A gift given to a partner, usually for a referral.
public struct GiftLogEntry: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var giftId: Int64
    public var partnerId: Int64
    public var referralId: Int64?
    public var givenAt: Date
    public var note: String?

    public init(id: Int64? = nil, giftId: Int64, partnerId: Int64, referralId: Int64? = nil, givenAt: Date = Date(), note: String? = nil) {
        self.id = id
        self.giftId = giftId
        self.partnerId = partnerId
        self.referralId = referralId
        self.givenAt = givenAt
        self.note = note
    }
}
