import Foundation

/// A value written as one string in pack.toml and packs.lock, such as `1.2.0` or `^1.2`.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the text; nil when it is not valid.
    init?(_ text: String)
    /// What the value is called in error messages.
    static var kind: String { get }
}

extension TextCodable {
    /// Decodes the value from its text, failing with the text in the message.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a \(Self.kind)"))
        }
        self = value
    }

    /// Encodes the value as its text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
