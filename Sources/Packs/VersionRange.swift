import Foundation

/// A set of acceptable versions, as written in `pack.toml`.
///
/// Forms: `1.2.3` (exactly), `^1.2` (compatible: `>=1.2.0 <2.0.0`), `~1.2.3`
/// (`>=1.2.3 <1.3.0`), comparators `>=`, `>`, `<=`, `<`, `=` joined by spaces or commas
/// (`>=1.0, <2.0`), and `*` (any release). A pre-release version satisfies a range only
/// when one of its comparators names a pre-release of the same `MAJOR.MINOR.PATCH`, so
/// `^1.0` never picks `2.0.0-beta` or `1.5.0-rc.1` by accident.
public struct VersionRange: Sendable, Hashable, TextCodable {
    /// One `op version` condition; a version must satisfy all of them.
    public struct Comparator: Sendable, Hashable {
        /// How a comparator compares.
        public enum Operator: String, Sendable {
            case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "="
        }
        public var op: Operator
        public var version: SemanticVersion

        func accepts(_ v: SemanticVersion) -> Bool {
            switch op {
            case .less: return v < version
            case .lessOrEqual: return v <= version
            case .greater: return v > version
            case .greaterOrEqual: return v >= version
            case .equal: return v == version
            }
        }
    }

    /// The conditions, all of which must hold.
    public let comparators: [Comparator]
    /// The range as written.
    public let text: String

    public var description: String { text }
    public static let kind = "version range"

    /// Parses a range; nil when it is not one of the documented forms.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var comparators: [Comparator] = []
        let terms = trimmed.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        var index = 0
        while index < terms.count {
            var term = String(terms[index])
            // Allow ">= 1.0" with a space after the operator.
            if [">", ">=", "<", "<=", "=", "^", "~"].contains(term), index + 1 < terms.count {
                index += 1
                term += terms[index]
            }
            guard let parsed = Self.parseTerm(term) else { return nil }
            comparators += parsed
            index += 1
        }
        self.comparators = comparators
        self.text = trimmed
    }

    /// True when `version` is in the range.
    public func contains(_ version: SemanticVersion) -> Bool {
        guard comparators.allSatisfy({ $0.accepts(version) }) else { return false }
        if version.isPrerelease {
            return comparators.contains {
                $0.version.isPrerelease && $0.version.major == version.major
                    && $0.version.minor == version.minor && $0.version.patch == version.patch
            }
        }
        return true
    }

    public static func == (a: VersionRange, b: VersionRange) -> Bool { a.comparators == b.comparators }
    public func hash(into hasher: inout Hasher) { hasher.combine(comparators) }

    /// A partly written version (`1`, `1.2`, `1.2.3-rc.1`) and how many numbers it gave.
    private struct Partial {
        var version: SemanticVersion
        var given: Int
    }

    private static func parsePartial(_ text: String) -> Partial? {
        if let full = SemanticVersion(text) { return Partial(version: full, given: 3) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let n = SemanticVersion.numericCore(parts) else { return nil }
        return Partial(version: SemanticVersion(major: n[0], minor: n.count > 1 ? n[1] : 0, patch: 0), given: n.count)
    }

    private static func parseTerm(_ term: String) -> [Comparator]? {
        if term == "*" { return [Comparator(op: .greaterOrEqual, version: SemanticVersion(major: 0, minor: 0, patch: 0))] }
        for (prefix, op) in [(">=", Comparator.Operator.greaterOrEqual), ("<=", .lessOrEqual), (">", .greater), ("<", .less)] where term.hasPrefix(prefix) {
            guard let p = parsePartial(String(term.dropFirst(prefix.count))) else { return nil }
            return [Comparator(op: op, version: p.version)]
        }
        if term.hasPrefix("^") {
            guard let p = parsePartial(String(term.dropFirst())) else { return nil }
            let v = p.version
            let upper: SemanticVersion
            if v.major > 0 || p.given == 1 {
                upper = SemanticVersion(major: v.major + 1, minor: 0, patch: 0)
            } else if v.minor > 0 || p.given == 2 {
                upper = SemanticVersion(major: 0, minor: v.minor + 1, patch: 0)
            } else {
                upper = SemanticVersion(major: 0, minor: 0, patch: v.patch + 1)
            }
            return [Comparator(op: .greaterOrEqual, version: v), Comparator(op: .less, version: upper)]
        }
        if term.hasPrefix("~") {
            guard let p = parsePartial(String(term.dropFirst())) else { return nil }
            return [Comparator(op: .greaterOrEqual, version: p.version), Comparator(op: .less, version: nextStep(p))]
        }
        let exact = term.hasPrefix("=") ? String(term.dropFirst()) : term
        guard let p = parsePartial(exact) else { return nil }
        if p.given == 3 { return [Comparator(op: .equal, version: p.version)] }
        // `1.2` means any 1.2.x, `1` any 1.x.y.
        return [Comparator(op: .greaterOrEqual, version: p.version), Comparator(op: .less, version: nextStep(p))]
    }

    /// The first version past what a partial version pins: `1` → 2.0.0, `1.2`/`1.2.3` → 1.3.0.
    private static func nextStep(_ p: Partial) -> SemanticVersion {
        p.given == 1
            ? SemanticVersion(major: p.version.major + 1, minor: 0, patch: 0)
            : SemanticVersion(major: p.version.major, minor: p.version.minor + 1, patch: 0)
    }
}
