import Crypto
import Foundation

/// An Ed25519 public key that signs packs, known by a short id.
public struct PackPublicKey: Sendable, Hashable {
    /// The 32 raw key bytes.
    public let rawRepresentation: Data
    /// A label for people, e.g. the publishing practice's name.
    public var label: String?

    /// Accepts the base64 text that `refer pack keygen` prints.
    public init(base64 text: String, label: String? = nil, source: String = "public key") throws {
        let cleaned = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: cleaned), raw.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw PackError.invalidKey(source: source, reason: "not an Ed25519 public key in base64 (44 characters)")
        }
        rawRepresentation = raw
        self.label = label
    }

    init(validatedRaw: Data) {
        rawRepresentation = validatedRaw
        label = nil
    }

    /// The first 16 hex digits of the key's SHA-256: what SIGNATURE names.
    public var id: String { String(ChecksumList.sha256Hex(rawRepresentation).prefix(16)) }

    /// The key as base64 text.
    public var base64: String { rawRepresentation.base64EncodedString() }

    /// `label (id)` or the id alone.
    public var displayName: String { label.map { "\($0) (\(id))" } ?? id }

    func isValidSignature(_ signature: Data, for payload: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: payload)
    }

    public static func == (a: PackPublicKey, b: PackPublicKey) -> Bool { a.rawRepresentation == b.rawRepresentation }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawRepresentation) }
}

/// An Ed25519 private key used by `refer pack sign`, stored as one base64 line in a 0600 file.
public struct PackSigningKey: Sendable {
    static let header = "refer-pack-private-key ed25519"
    /// The raw 32 key bytes; kept as Data because CryptoKit's key type is not Sendable.
    let raw: Data

    /// A fresh random key.
    public init() { raw = Curve25519.Signing.PrivateKey().rawRepresentation }

    private func key() throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// Reads a key file written by `write(to:)`.
    public init(contentsOf file: URL) throws {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw PackError.invalidKey(source: file.path, reason: "the file cannot be read")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count == 2, lines[0] == Self.header, let raw = Data(base64Encoded: lines[1]),
              (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else {
            throw PackError.invalidKey(source: file.path, reason: "not a Refer private key file")
        }
        self.raw = raw
    }

    /// The matching public key.
    public var publicKey: PackPublicKey {
        // `raw` only ever holds bytes CryptoKit made or accepted, so both steps succeed.
        let publicRaw = (try? key().publicKey.rawRepresentation) ?? Data()
        return PackPublicKey(validatedRaw: publicRaw)
    }

    /// Writes the key to `file`, readable by its owner only; refuses to overwrite.
    public func write(to file: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: file.path) {
            throw PackError.fileSystem(path: file.path, reason: "a file is already there; choose another --output or remove it")
        }
        do {
            try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let text = "\(Self.header)\n\(raw.base64EncodedString())\n"
            guard fm.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw PackError.fileSystem(path: file.path, reason: "cannot create the key file")
            }
        } catch let error as PackError {
            throw error
        } catch {
            throw PackError.fileSystem(path: file.path, reason: error.localizedDescription)
        }
    }

    func signature(for payload: Data) throws -> Data {
        try key().signature(for: payload)
    }
}
