import Foundation

/// A value a template can show: what callers build from a contact, partner or
/// referral, the practice profile and the data a plugin passes.
///
/// Kept deliberately small (no functions, no objects) so that the same data can come
/// from Swift, from a Lua table or from JSON, and so that the renderer can tell
/// exactly which names a template needs and which are missing.
public enum TemplateValue: Sendable, Equatable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([TemplateValue])
    case dict([String: TemplateValue])

    /// The value under `key` when this is a `.dict`, otherwise `nil`.
    public subscript(key: String) -> TemplateValue? {
        if case .dict(let fields) = self { return fields[key] }
        return nil
    }

    /// Whether a Mustache section over this value renders its content
    /// (`false` and the empty list do not; everything else does).
    var isTruthy: Bool {
        switch self {
        case .bool(let flag): return flag
        case .list(let items): return !items.isEmpty
        default: return true
        }
    }

    /// The plain Swift value that swift-mustache renders: strings, whole numbers
    /// without a trailing `.0`, booleans, arrays and `[String: Any]` dictionaries.
    var mustacheObject: Any {
        switch self {
        case .string(let text): return text
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return Int(number) }
            return number
        case .bool(let flag): return flag
        case .list(let items): return items.map(\.mustacheObject)
        case .dict(let fields): return fields.mapValues(\.mustacheObject)
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .dict(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
