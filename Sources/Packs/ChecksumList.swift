import Crypto
import Foundation

/// The archive's `MANIFEST`: the pack's name and version and every file with its SHA-256
/// and length, in one canonical text form so that the same pack always gives the same bytes.
///
/// ```
/// refer-pack-manifest 1
/// name gift-ideas
/// version 1.0.0
/// <sha256-hex> <length> <path>
/// ```
/// Files are sorted by the UTF-8 bytes of their path. A signature covers these exact bytes.
public struct ChecksumList: Sendable, Equatable {
    /// The entry name inside an archive.
    public static let fileName = "MANIFEST"
    static let header = "refer-pack-manifest 1"

    /// One listed file.
    public struct File: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var length: UInt64

        /// A file inside the pack: its path, lowercase hex SHA-256 and length in bytes.
        public init(path: String, sha256: String, length: UInt64) {
            self.path = path
            self.sha256 = sha256
            self.length = length
        }
    }

    public var name: String
    public var version: SemanticVersion
    /// Sorted by path.
    public private(set) var files: [File]

    /// The list for one pack version; `files` are sorted here.
    public init(name: String, version: SemanticVersion, files: [File]) {
        self.name = name
        self.version = version
        self.files = files.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    /// The canonical bytes.
    public var bytes: Data {
        var text = "\(Self.header)\nname \(name)\nversion \(version)\n"
        for file in files { text += "\(file.sha256) \(file.length) \(file.path)\n" }
        return Data(text.utf8)
    }

    /// Parses MANIFEST bytes and refuses anything that is not in canonical form.
    public static func parse(_ data: Data, archive: String) throws -> ChecksumList {
        func fail(_ line: Int, _ reason: String) -> PackError { .invalidChecksumList(archive: archive, line: line, reason: reason) }
        guard let text = String(data: data, encoding: .utf8) else { throw fail(1, "it is not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "" else { throw fail(lines.count, "it must end with a newline") }
        lines.removeLast()
        guard lines.count >= 3, lines[0] == header else { throw fail(1, "expected `\(header)`") }
        guard lines[1].hasPrefix("name "), case let name = String(lines[1].dropFirst(5)), PackManifest.isValidName(name) else {
            throw fail(2, "expected `name PACK-NAME`")
        }
        guard lines[2].hasPrefix("version "), let version = SemanticVersion(String(lines[2].dropFirst(8))) else {
            throw fail(3, "expected `version X.Y.Z`")
        }
        var files: [File] = []
        var previous: [UInt8]?
        for (index, line) in lines.dropFirst(3).enumerated() {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 64, parts[0].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
                  let length = UInt64(parts[1]), String(length) == parts[1] else {
                throw fail(index + 4, "expected `SHA256 LENGTH PATH`")
            }
            let path = String(parts[2])
            if let problem = EntryPathPolicy.problem(with: path) { throw fail(index + 4, "path \"\(path)\" \(problem)") }
            let bytes = Array(path.utf8)
            if let previous, !previous.lexicographicallyPrecedes(bytes) {
                throw fail(index + 4, "\"\(path)\" is out of order or listed twice; files must be listed once each, sorted by path")
            }
            previous = bytes
            files.append(File(path: path, sha256: String(parts[0]), length: length))
        }
        let list = ChecksumList(name: name, version: version, files: files)
        guard list.bytes == data else { throw fail(4, "files must be listed once each, sorted by path") }
        return list
    }

    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
