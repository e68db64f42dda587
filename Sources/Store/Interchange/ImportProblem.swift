import Foundation
import Model

/// One thing wrong in an import file: where (file, line, field) and what.
public struct ImportProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The vCard property or CSV column, when the problem is in one.
    public var field: String?
    public var message: String

    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file):\(line):" + (field.map { " \($0):" } ?? "") + " \(message)"
    }
}

/// A contact read from a file, with where it starts so problems and changes can point at it.
public struct ImportedContact: Sendable, Equatable {
    public var contact: Contact
    public var file: String
    public var line: Int
    /// Whether the file said what kind of contact this is (otherwise an update keeps the kind).
    public var hasKind: Bool

    public init(contact: Contact, file: String, line: Int, hasKind: Bool = false) {
        self.contact = contact
        self.file = file
        self.line = line
        self.hasKind = hasKind
    }
}

/// What a reader found in one file: the good records and the problems of the bad ones.
public struct ImportReading: Sendable, Equatable {
    public var contacts: [ImportedContact]
    public var problems: [ImportProblem]
    /// The format recognised: "vCard", "Google Contacts CSV", "Outlook CSV", …
    public var format: String

    public init(contacts: [ImportedContact] = [], problems: [ImportProblem] = [], format: String) {
        self.contacts = contacts
        self.problems = problems
        self.format = format
    }
}

/// Why an import was refused.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    /// The files have problems; nothing was imported.
    case badRecords([ImportProblem])
    case unreadable(file: String, reason: String)
    case unknownFormat(file: String)

    public var description: String {
        switch self {
        case .badRecords(let problems):
            let list = problems.map { "  " + $0.description }.joined(separator: "\n")
            return "nothing was imported: \(problems.count) problem(s) found.\n\(list)\nFix these records, or import the good ones with --skip-bad."
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason)."
        case .unknownFormat(let file):
            return "\(file) is neither a vCard (.vcf) nor a CSV file; export contacts as vCard or as Google, Outlook or Apple CSV."
        }
    }
}

/// Small helpers shared by the readers.
enum Interchange {
    /// Parses a birthday as `YYYY-MM-DD` or `--MM-DD`; accepts `YYYYMMDD`, `--MMDD`,
    /// `M/D/YYYY` and a trailing time. `nil` when it is not a date.
    static func birthday(_ text: String) -> String? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if let tIndex = t.firstIndex(of: "T") { t = String(t[..<tIndex]) }
        let digits = t.filter(\.isNumber)
        func check(_ y: Int?, _ m: Int, _ d: Int) -> String? {
            guard (1...12).contains(m), (1...31).contains(d) else { return nil }
            if let y {
                var c = DateComponents(); c.year = y; c.month = m; c.day = d
                guard y >= 1800, y <= 2200, c.isValidDate(in: Calendar(identifier: .gregorian)) else { return nil }
                return String(format: "%04d-%02d-%02d", y, m, d)
            }
            return String(format: "--%02d-%02d", m, d)
        }
        if t.hasPrefix("--") {
            guard digits.count == 4, t.allSatisfy({ $0.isNumber || $0 == "-" }) else { return nil }
            return check(nil, Int(digits.prefix(2))!, Int(digits.suffix(2))!)
        }
        if t.contains("/") {
            let parts = t.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return check(parts[2] < 100 ? nil : parts[2], parts[0], parts[1])
        }
        guard digits.count == 8, t.allSatisfy({ $0.isNumber || $0 == "-" }) else { return nil }
        let y = Int(digits.prefix(4))!, m = Int(digits.dropFirst(4).prefix(2))!, d = Int(digits.suffix(2))!
        return check(y, m, d)
    }

    /// Trims and drops empty strings.
    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        // By hand: Foundation's trimming goes through NSString on Linux and was a seventh
        // of a large import. Text that starts and ends with a visible ASCII character
        // (nearly all of it) needs no look at Unicode properties.
        if let first = text.utf8.first, let last = text.utf8.last,
           first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return text }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }
}
