import Foundation

/// Anyone in the practice's network: a prospect, a client, a professional, a friend.
public struct Contact: Sendable, Codable, Equatable, Identifiable {
    /// The store's id; `nil` until the contact is saved.
    public var id: Int64?
    /// The display name (vCard FN).
    public var name: String
    public var givenName: String?
    public var familyName: String?
    public var kind: ContactKind
    /// The profession (attorney, banker, …) or the client category.
    public var category: String?
    /// The market the contact serves or belongs to.
    public var market: String?
    public var company: String?
    public var jobTitle: String?
    public var emails: [String]
    public var phones: [String]
    /// One formatted postal address.
    public var address: String?
    /// `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
    public var birthday: String?
    public var note: String?
    public var tags: [String]
    public var preferredChannel: Channel?
    /// When the contact entered the network (R2).
    public var addedAt: Date
    /// Where the contact came from: "import contacts.vcf", "referral 12", free text.
    public var source: String?

    public init(
        id: Int64? = nil, name: String, givenName: String? = nil, familyName: String? = nil,
        kind: ContactKind = .prospect, category: String? = nil, market: String? = nil,
        company: String? = nil, jobTitle: String? = nil, emails: [String] = [], phones: [String] = [],
        address: String? = nil, birthday: String? = nil, note: String? = nil, tags: [String] = [],
        preferredChannel: Channel? = nil, addedAt: Date = Date(), source: String? = nil
    ) {
        self.id = id
        self.name = name
        self.givenName = givenName
        self.familyName = familyName
        self.kind = kind
        self.category = category
        self.market = market
        self.company = company
        self.jobTitle = jobTitle
        self.emails = emails
        self.phones = phones
        self.address = address
        self.birthday = birthday
        self.note = note
        self.tags = tags
        self.preferredChannel = preferredChannel
        self.addedAt = addedAt
        self.source = source
    }
}

/// What a contact is to the practice.
public enum ContactKind: String, Sendable, Codable, CaseIterable {
    case prospect
    case client
    case formerClient = "former-client"
    case professional
    case friend
}

/// How a contact prefers to be reached, and how a touch happened.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case phone, email, meeting, text, letter, video, event, note, social
}

extension Contact {
    /// Lower-cased, trimmed email used to match contacts across imports.
    public static func normalizedEmail(_ email: String) -> String {
        var email = email
        let plain = email.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return false }
            return bytes.allSatisfy { $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }
        }
        if plain { return email }  // already trimmed, lower-case ASCII: the common case
        var scalars = Substring(email).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars).lowercased()
    }

    /// Digits of a phone number, with a leading `+` for international numbers
    /// (`00` becomes `+`), so "+40 722-123 456" and "0040722123456" match.
    public static func normalizedPhone(_ phone: String) -> String {
        var phone = phone
        return phone.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count + 1) { out in
                out[0] = UInt8(ascii: "+")
                var n = 1
                var plus = false
                for b in bytes {
                    if b == UInt8(ascii: "+") && n == 1 { plus = true }
                    if b >= 0x30 && b <= 0x39 { out[n] = b; n += 1 }
                }
                if !plus && n >= 3 && out[1] == 0x30 && out[2] == 0x30 {
                    // 00 … → + …
                    for k in 3..<n { out[k - 2] = out[k] }
                    n -= 2
                    plus = true
                }
                if plus { return n }
                for k in 1..<max(n, 1) { out[k - 1] = out[k] }
                return n - 1
            }
        }
    }
}
