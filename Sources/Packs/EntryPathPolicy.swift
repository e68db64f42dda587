import Foundation

/// What a path inside a pack may look like, for archive entries and for paths in pack.toml.
///
/// A path is relative, uses `/`, and has no empty, `.` or `..` component, no backslash
/// and no control character; two paths may not name the same file once Unicode (NFC)
/// normalisation and case are ignored, since macOS and Windows file systems would merge them.
enum EntryPathPolicy {
    /// Why `path` is not allowed, or nil when it is fine.
    static func problem(with path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "is an absolute path" }
        if path.contains("\\") { return "contains a backslash" }
        if path.unicodeScalars.contains(where: isControl) { return "contains a control character" }
        if let first = path.unicodeScalars.first, path.unicodeScalars.dropFirst().first == ":", first.isASCII, first.properties.isAlphabetic {
            return "starts with a drive letter"
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.contains("..") { return "contains a `..` component" }
        if components.contains(".") { return "contains a `.` component" }
        if components.contains("") { return "contains an empty component (`//`)" }
        return nil
    }

    /// The key two paths share when a case-insensitive or normalising file system would
    /// store them as one file.
    static func collisionKey(_ path: String) -> String {
        path.precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    /// Finds the first pair of paths that collide, including a file that is also used as a
    /// folder by another path (`a` and `a/b`).
    static func firstCollision(in paths: [String]) -> (String, String)? {
        var seen: [String: String] = [:]
        var files: [String: String] = [:]
        for path in paths {
            let key = collisionKey(path)
            if let other = seen[key] { return (other, path) }
            seen[key] = path
            files[key] = path
        }
        for path in paths {
            var prefix = ""
            for component in path.split(separator: "/").dropLast() {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                if let file = files[collisionKey(prefix)] { return (file, path) }
            }
        }
        return nil
    }
}
