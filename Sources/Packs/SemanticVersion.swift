import Foundation

/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
///
/// Ordering follows the specification: pre-release versions sort before the release,
/// identifiers compare numerically when both are numeric, and build metadata is ignored.
public struct SemanticVersion: Sendable, Hashable, Comparable, TextCodable {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// Dot-separated pre-release identifiers, e.g. `["alpha", "1"]`.
    public var prerelease: [String]
    /// Dot-separated build metadata identifiers; not part of ordering or equality.
    public var build: [String]

    /// A version from its parts.
    public init(major: Int, minor: Int, patch: Int, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    public static let kind = "semantic version"

    /// Parses a full version such as `1.4.0-rc.1+20260101`; nil when it is not semver.
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<plus]
            guard build.allSatisfy({ Self.isIdentifier($0) }) else { return nil }
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<dash]
            guard prerelease.allSatisfy({ Self.isIdentifier($0) && !Self.hasLeadingZero($0) }) else { return nil }
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3, let numbers = Self.numericCore(core) else { return nil }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: prerelease, build: build)
    }

    /// `1.2.3-rc.1+b5`.
    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    /// True for versions with a pre-release part (`2.0.0-beta`).
    public var isPrerelease: Bool { !prerelease.isEmpty }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        a.major == b.major && a.minor == b.minor && a.patch == b.patch && a.prerelease == b.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (nx?, ny?): return nx < ny
            case (.some, nil): return true   // numeric identifiers sort first
            case (nil, .some): return false
            case (nil, nil): return x < y    // ASCII order
            }
        }
        return a.prerelease.count < b.prerelease.count
    }

    static func isIdentifier(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
    }

    static func hasLeadingZero(_ s: some StringProtocol) -> Bool {
        s.count > 1 && s.first == "0" && s.allSatisfy(\.isNumber)
    }

    /// Parses 1–3 dot-separated numbers without leading zeros.
    static func numericCore(_ parts: [Substring]) -> [Int]? {
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), !hasLeadingZero(part),
                  let n = Int(part) else { return nil }
            numbers.append(n)
        }
        return numbers
    }
}
