import Foundation

/// A write a plugin asks for. Plugins never write directly: the host collects their
/// effects and applies all of them in one transaction when `run` returns, or none when
/// it fails (DESIGN.md "Effects, not side effects").
///
/// One flat shape for every kind keeps `--dry-run --json` output easy to read and diff.
public struct PluginEffect: Sendable, Codable, Equatable {
    /// What the effect does.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case touch, task, message, gift, alert
        case referralStatus = "referral_status"
        case referralThanked = "referral_thanked"
        case partnerTier = "partner_tier"
        case eventInvite = "event_invite"

        /// The permission a plugin must declare to ask for this effect.
        public var permission: String {
            switch self {
            case .touch: return "touches"
            case .task: return "tasks"
            case .message: return "outreach"
            case .gift: return "gifts"
            case .alert: return "alerts"
            case .referralStatus, .referralThanked: return "referrals"
            case .partnerTier: return "partners"
            case .eventInvite: return "events"
            }
        }
    }

    public var kind: Kind
    /// The plugin that asked for it.
    public var plugin: String
    /// Idempotency key: an effect whose key was applied before is skipped, so running a
    /// plugin twice never thanks a partner twice.
    public var key: String?
    public var contactId: Int64?
    public var partnerId: Int64?
    public var referralId: Int64?
    public var giftId: Int64?
    /// The appreciation event, for `event_invite` effects.
    public var eventId: Int64?
    public var title: String?
    public var note: String?
    public var channel: String?
    public var purpose: String?
    public var status: String?
    public var tier: String?
    public var severity: String?
    public var code: String?
    /// Alert text, or the message's subject.
    public var text: String?
    public var to: String?
    public var body: String?
    /// The drafted message in the outbox's own encoding (JSON), for `message` effects.
    public var payload: String?
    /// For `message` effects: the state the draft starts in ("draft" or "approved").
    public var initialState: String?
    public var at: Date?
    public var due: Date?

    public init(kind: Kind, plugin: String) {
        self.kind = kind
        self.plugin = plugin
    }

    /// One line for people: what would be written.
    public var summary: String {
        switch kind {
        case .touch:
            return "log a \(purpose ?? "relationship") touch by \(channel ?? "?") with contact \(contactId ?? 0)" + (note.map { ": \($0)" } ?? "")
        case .task:
            return "add task “\(title ?? "")”" + (due.map { " due \(ISO8601DateFormatter().string(from: $0))" } ?? "")
        case .message:
            return "draft message to \(to ?? "?"): “\(text ?? "")”"
        case .gift:
            return "record gift \(giftId ?? 0) for partner \(partnerId ?? 0)" + (referralId.map { " (referral \($0))" } ?? "")
        case .alert:
            return "raise \(severity ?? "warning") alert \(code ?? ""): \(text ?? "")"
        case .referralStatus:
            return "move referral \(referralId ?? 0) to \(status ?? "?")" + (contactId.map { " (passed on to contact \($0))" } ?? "")
        case .referralThanked:
            return "mark referral \(referralId ?? 0) thanked" + (at.map { " on \(ISO8601DateFormatter().string(from: $0))" } ?? "")
        case .eventInvite:
            return "invite contact \(contactId ?? 0) to event \(eventId ?? 0)"
        case .partnerTier:
            return "set partner \(partnerId ?? 0) to tier \(tier ?? "?")"
        }
    }
}

/// What applying a run's effects did.
public struct EffectsApplied: Sendable, Codable, Equatable {
    /// Effects written.
    public var applied: Int
    /// Effects skipped because their idempotency key was applied before.
    public var skipped: Int

    public init(applied: Int = 0, skipped: Int = 0) {
        self.applied = applied
        self.skipped = skipped
    }
}

/// An alert raised by a check plugin (drought, late referral, broken promise, …).
public struct Alert: Sendable, Codable, Equatable, Identifiable {
    public var id: Int64?
    public var plugin: String
    public var code: String
    public var severity: String
    public var message: String
    public var subject: String?
    public var raisedAt: Date
    public var resolvedAt: Date?

    public init(id: Int64? = nil, plugin: String, code: String, severity: String, message: String, subject: String? = nil, raisedAt: Date, resolvedAt: Date? = nil) {
        self.id = id
        self.plugin = plugin
        self.code = code
        self.severity = severity
        self.message = message
        self.subject = subject
        self.raisedAt = raisedAt
        self.resolvedAt = resolvedAt
    }
}
