import Foundation

/// The archive's `SIGNATURE`: an Ed25519 signature over a short header naming the key,
/// the pack's name and version, followed by the exact MANIFEST bytes.
///
/// ```
/// refer-pack-signature 1
/// key-id 0123456789abcdef
/// name gift-ideas
/// version 1.0.0
/// signature <base64>
/// ```
/// Because name and version are inside the signed bytes, a signature cannot be moved to
/// another pack or version.
public struct PackSignature: Sendable, Equatable {
    public static let fileName = "SIGNATURE"
    static let header = "refer-pack-signature 1"

    public var keyID: String
    public var name: String
    public var version: SemanticVersion
    public var signature: Data

    /// What is signed: the header lines, then the MANIFEST bytes.
    static func payload(keyID: String, name: String, version: SemanticVersion, manifest: Data) -> Data {
        Data("\(header)\nkey-id \(keyID)\nname \(name)\nversion \(version)\n".utf8) + manifest
    }

    /// Signs `list` with `key`.
    public static func sign(_ list: ChecksumList, with key: PackSigningKey) throws -> PackSignature {
        let keyID = key.publicKey.id
        let bytes = payload(keyID: keyID, name: list.name, version: list.version, manifest: list.bytes)
        return PackSignature(keyID: keyID, name: list.name, version: list.version, signature: try key.signature(for: bytes))
    }

    /// The SIGNATURE file's bytes.
    public var bytes: Data {
        Data("\(Self.header)\nkey-id \(keyID)\nname \(name)\nversion \(version)\nsignature \(signature.base64EncodedString())\n".utf8)
    }

    /// Parses SIGNATURE bytes.
    public static func parse(_ data: Data, archive: String) throws -> PackSignature {
        func fail(_ reason: String) -> PackError { .invalidSignatureFile(archive: archive, reason: reason) }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("is not UTF-8 text") }
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count == 5, lines[0] == header else { throw fail("is not a Refer pack signature") }
        func value(_ index: Int, _ key: String) throws -> String {
            guard lines[index].hasPrefix(key + " ") else { throw fail("line \(index + 1) should start with `\(key)`") }
            return String(lines[index].dropFirst(key.count + 1))
        }
        let keyID = try value(1, "key-id")
        let name = try value(2, "name")
        guard let version = SemanticVersion(try value(3, "version")) else { throw fail("has an invalid version") }
        guard let signature = Data(base64Encoded: try value(4, "signature")), signature.count == 64 else {
            throw fail("has an invalid signature value")
        }
        return PackSignature(keyID: keyID, name: name, version: version, signature: signature)
    }

    /// Checks this signature over `list` with `key`; throws when it does not hold.
    public func verify(_ list: ChecksumList, with key: PackPublicKey) throws {
        let pack = "\(list.name) \(list.version)"
        guard name == list.name, version == list.version else {
            throw PackError.signedIdentityMismatch(pack: pack, signed: "\(name) \(version)", listed: pack)
        }
        let bytes = Self.payload(keyID: keyID, name: name, version: version, manifest: list.bytes)
        guard key.id == keyID, key.isValidSignature(signature, for: bytes) else {
            throw PackError.signatureMismatch(pack: pack, expectedSigner: key.displayName)
        }
    }
}
