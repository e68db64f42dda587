import Foundation

/// One e-mail: addresses, subject, a plain-text body and an optional HTML body.
///
/// ``rfc5322Data()`` turns it into the bytes a sendmail command or an `.eml` file
/// takes. Everything that varies between two builds of the same message (Message-ID,
/// MIME boundary, date) is a stored property, so a message encodes to the same bytes
/// every time and tests can fix them.
public struct MailMessage: Sendable, Equatable, Codable {
    /// The sender; its domain names the Message-ID.
    public var from: MailAddress
    /// Primary recipients.
    public var to: [MailAddress]
    /// Copy recipients.
    public var cc: [MailAddress]
    /// Where replies should go, when not to `from`.
    public var replyTo: [MailAddress]
    /// The subject, any Unicode text; line breaks become spaces.
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// The HTML body; when set the message is `multipart/alternative`.
    public var html: String?
    /// The `Date:` header. The outbox sets it when the message is sent.
    public var date: Date
    /// The IANA zone whose offset the `Date:` header shows.
    public var timeZone: String
    /// The Message-ID without angle brackets, e.g. `3f2a…@example.ro`.
    public var messageID: String
    /// The `multipart/alternative` boundary. It starts with `=_`, which quoted-printable
    /// output can never contain, so it cannot clash with a body.
    public var boundary: String
    /// The outbox idempotency key, sent as `X-Refer-Key` so a copy can be traced back.
    public var idempotencyKey: String?

    /// Creates a message. `messageID` and `boundary` default to fresh random values.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: [MailAddress] = [],
        subject: String, text: String, html: String? = nil,
        date: Date = Date(), timeZone: String = "UTC",
        messageID: String? = nil, boundary: String? = nil, idempotencyKey: String? = nil
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID ?? Self.makeMessageID(domain: from.domain)
        self.boundary = boundary ?? Self.makeBoundary()
        self.idempotencyKey = idempotencyKey
    }

    /// A new globally unique Message-ID (without brackets) in `domain`.
    public static func makeMessageID(domain: String) -> String {
        UUID().uuidString.lowercased() + "@" + domain
    }

    /// A new random boundary of the form `=_refer_<32 hex digits>`.
    public static func makeBoundary() -> String {
        "=_refer_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Every recipient address (To and Cc), for transports that need them listed.
    public var recipients: [MailAddress] { to + cc }
}

/// Formats dates for the `Date:` header (RFC 5322 §3.3), e.g. `Sun, 29 Nov 2026 21:00:20 +0200`.
enum RFC5322Date {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date` as the wall-clock time in `zone` with its numeric offset.
    static func format(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        let weekday = days[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return "\(weekday), \(two(parts.day)) \(month) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) "
            + "\(sign)\(two(minutes / 60))\(two(minutes % 60))"
    }
}

extension MailMessage {
    /// A message whose subject and bodies come from a rendered template.
    /// - Throws: ``OutreachError/templateHasNoSubject(template:)`` when the template's text
    ///   file does not start with a `Subject:` line.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: [MailAddress] = [],
        rendered: RenderedTemplate, template: String, timeZone: String = "UTC"
    ) throws {
        guard let subject = rendered.subject, !subject.isEmpty else {
            throw OutreachError.templateHasNoSubject(template: template)
        }
        self.init(
            from: from, to: to, cc: cc, replyTo: replyTo, subject: subject,
            text: rendered.text, html: rendered.html, timeZone: timeZone)
    }
}
