import Foundation
import Packs
import Testing

/// Signing, verifying, and every way a signature is refused.
@Suite struct SignatureTests {
    let key = PackSigningKey()

    func signedArchive(version: String = "1.0.0", parent: URL? = nil) throws -> URL {
        let parent = try parent ?? PackFixtures.temporaryFolder()
        return try PackFixtures.archive(try PackFixtures.makePack(in: parent, name: "signed", version: version), key: key)
    }

    var trusting: SignaturePolicy { SignaturePolicy(trustedKeys: [key.publicKey], allowUnsigned: false) }

    @Test func aSignedArchiveVerifiesWithItsKey() throws {
        let pack = try PackSigner.verify(archive: try signedArchive(), policy: trusting)
        #expect(pack.signer == key.publicKey)
        #expect(pack.signatureKeyID == key.publicKey.id)
    }

    @Test func keysRoundTripThroughFiles() throws {
        let file = try PackFixtures.temporaryFolder().appendingPathComponent("keys/me.key")
        try key.write(to: file)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try PackSigningKey(contentsOf: file).publicKey == key.publicKey)
        #expect(try PackPublicKey(base64: key.publicKey.base64) == key.publicKey)
        expectPackError({ try key.write(to: file) }) { if case .fileSystem = $0 { return true }; return false }
        expectPackError({ _ = try PackPublicKey(base64: "bm90IGEga2V5") }) { if case .invalidKey = $0 { return true }; return false }
    }

    @Test func refusesAMissingSignatureWhenRequired() throws {
        let archive = try PackFixtures.archive(try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "plain", version: "1.0.0"))
        let message = expectPackError({ _ = try PackSigner.verify(archive: archive, policy: trusting) }) { $0 == .missingSignature(pack: "plain 1.0.0") }
        #expect(message.contains("allow_unsigned"))
        #expect(try PackSigner.verify(archive: archive, policy: SignaturePolicy(trustedKeys: [], allowUnsigned: true)).signer == nil)
    }

    @Test func refusesAnUnknownSigner() throws {
        let stranger = PackSigningKey()
        let policy = SignaturePolicy(trustedKeys: [stranger.publicKey], allowUnsigned: false)
        expectPackError({ _ = try PackSigner.verify(archive: try signedArchive(), policy: policy) }) {
            $0 == .unknownSigner(pack: "signed 1.0.0", keyID: key.publicKey.id)
        }
    }

    @Test func refusesContentsChangedAfterSigning() throws {
        // The attacker changes a file and updates MANIFEST to match; only the signature catches it.
        let archive = try signedArchive()
        let pack = try PackFixtures.unpack(archive)
        let evil = "sku,name\nx,evil 1.0.0\n"
        var files = pack.checksumList.files
        let index = files.firstIndex { $0.path == "data/items.csv" }!
        files[index] = .init(path: "data/items.csv", sha256: ChecksumList.sha256Hex(Data(evil.utf8)), length: UInt64(evil.utf8.count))
        let list = ChecksumList(name: "signed", version: pack.manifest.version, files: files)
        let tampered = try PackFixtures.craft(.init(base: archive.path, replace: [
            "data/items.csv": evil, "MANIFEST": String(decoding: list.bytes, as: UTF8.self),
        ]))
        expectPackError({ _ = try PackSigner.verify(archive: tampered, policy: trusting) }) {
            $0 == .signatureMismatch(pack: "signed 1.0.0", expectedSigner: key.publicKey.id)
        }
    }

    @Test func refusesASignatureMovedToAnotherVersion() throws {
        let parent = try PackFixtures.temporaryFolder()
        let old = try signedArchive(version: "1.0.0", parent: parent)
        let oldSignature = try String(decoding: unpackedSignature(old), as: UTF8.self)
        let newer = try PackFixtures.archive(try PackFixtures.makePack(in: parent, name: "signed", version: "1.0.1"), output: try PackFixtures.temporaryFolder())
        let moved = try PackFixtures.craft(.init(base: newer.path, entries: [.init("SIGNATURE", text: oldSignature)]))
        expectPackError({ _ = try PackSigner.verify(archive: moved, policy: trusting) }) {
            $0 == .signedIdentityMismatch(pack: "signed 1.0.1", signed: "signed 1.0.0", listed: "signed 1.0.1")
        }
        // Rewriting the version line in SIGNATURE breaks the signature itself.
        let edited = try PackFixtures.craft(.init(base: newer.path, entries: [.init("SIGNATURE", text: oldSignature.replacingOccurrences(of: "version 1.0.0", with: "version 1.0.1"))]), named: "edited.referpack")
        expectPackError({ _ = try PackSigner.verify(archive: edited, policy: trusting) }) {
            $0 == .signatureMismatch(pack: "signed 1.0.1", expectedSigner: key.publicKey.id)
        }
    }

    @Test func refusesAGarbledSignatureFile() throws {
        let archive = try signedArchive()
        let garbled = try PackFixtures.craft(.init(base: archive.path, replace: ["SIGNATURE": "hello\n"]))
        expectPackError({ _ = try PackSigner.verify(archive: garbled, policy: trusting) }) { if case .invalidSignatureFile = $0 { return true }; return false }
    }

    @Test func aFolderSignedInPlaceBuildsASignedArchive() throws {
        let folder = try PackFixtures.makePack(in: try PackFixtures.temporaryFolder(), name: "folder", version: "2.0.0")
        try PackSigner.sign(folder: folder, with: key)
        let archive = try PackBuilder.build(folder: folder)
        #expect(try PackSigner.verify(archive: archive, policy: trusting).signer == key.publicKey)
        // Changing the folder afterwards makes its signature stale, and build says so.
        try PackFixtures.write("changed\n", to: folder.appendingPathComponent("data/items.csv"))
        let message = expectPackError({ _ = try PackBuilder.build(folder: folder) }) { if case .invalidSignatureFile = $0 { return true }; return false }
        #expect(message.contains("sign it again"))
    }

    @Test func trustedKeysAreKeptInThePractice() throws {
        let root = try PackFixtures.temporaryFolder()
        let store = TrustedKeys(practiceRoot: root)
        var publicKey = key.publicKey
        publicKey.label = "Practice A"
        try store.trust(publicKey)
        #expect(try store.all().map(\.displayName) == ["Practice A (\(key.publicKey.id))"])
        try store.untrust("Practice A")
        #expect(try store.all().isEmpty)
        expectPackError({ try store.untrust(key.publicKey.id) }) { $0 == .keyNotTrusted(key: key.publicKey.id) }
    }

    func unpackedSignature(_ archive: URL) throws -> Data {
        let script = "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('SIGNATURE').decode())"
        let (status, text) = try PackFixtures.run("/usr/bin/env", ["python3", "-c", script, archive.path])
        #expect(status == 0)
        return Data(text.utf8)
    }
}
