import Foundation

/// A visibility action: a talk, an article, a professional meeting, community work (R1).
public struct Activity: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var kind: ActivityKind
    public var title: String
    public var at: Date
    /// Who saw it: "Chamber of Commerce", "local newspaper readers".
    public var audience: String?
    public var note: String?

    public init(id: Int64? = nil, kind: ActivityKind, title: String, at: Date = Date(), audience: String? = nil, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.at = at
        self.audience = audience
        self.note = note
    }
}

/// The kinds of visibility action seed 000 names.
public enum ActivityKind: String, Sendable, Codable, CaseIterable {
    case talk, article, meeting, community
}
