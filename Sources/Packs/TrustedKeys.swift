import Foundation

/// The public keys a practice accepts pack signatures from: one file per key in the
/// practice's `trusted-keys/` folder, named `ID.pub`, holding the base64 key and,
/// on a `# ` line, a label. Files, so they can be reviewed, copied and backed up.
public struct TrustedKeys: Sendable {
    public let folder: URL

    /// The trust store kept in `folder`.
    public init(folder: URL) { self.folder = folder }

    /// The trust store of the practice whose folder is `practiceRoot`.
    public init(practiceRoot: URL) {
        folder = practiceRoot.appendingPathComponent("trusted-keys", isDirectory: true)
    }

    /// Every trusted key, sorted by id.
    public func all() throws -> [PackPublicKey] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.filter { $0.hasSuffix(".pub") }.sorted().map { name in
            let file = folder.appendingPathComponent(name)
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            var label: String?
            var body = ""
            for line in text.split(whereSeparator: \.isNewline) {
                if line.hasPrefix("# ") { label = String(line.dropFirst(2)) } else { body += line }
            }
            return try PackPublicKey(base64: body, label: label, source: file.path)
        }
    }

    /// The trusted key with `id`, if any.
    public func key(id: String) throws -> PackPublicKey? {
        try all().first { $0.id == id }
    }

    /// Adds `key`; trusting a key twice only updates its label.
    public func trust(_ key: PackPublicKey) throws {
        var text = ""
        if let label = key.label { text += "# \(label.replacingOccurrences(of: "\n", with: " "))\n" }
        text += key.base64 + "\n"
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: folder.appendingPathComponent("\(key.id).pub"), options: .atomic)
        } catch {
            throw PackError.fileSystem(path: folder.path, reason: "cannot write the trusted key: \(error.localizedDescription)")
        }
    }

    /// Removes the key whose id, label or base64 text is `key`; returns it.
    @discardableResult
    public func untrust(_ key: String) throws -> PackPublicKey {
        let wanted = key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let match = try all().first(where: { $0.id == wanted || $0.label == wanted || $0.base64 == wanted }) else {
            throw PackError.keyNotTrusted(key: wanted)
        }
        do {
            try FileManager.default.removeItem(at: folder.appendingPathComponent("\(match.id).pub"))
        } catch {
            throw PackError.fileSystem(path: folder.path, reason: error.localizedDescription)
        }
        return match
    }
}
