import Foundation

/// Signing archives and folders, and checking an archive without installing it.
public enum PackSigner {
    /// Checks `archive` (all but the signature) and rewrites it with a SIGNATURE by `key`,
    /// replacing any earlier one. Returns the new signature.
    @discardableResult
    public static func sign(archive: URL, with key: PackSigningKey, limits: ArchiveLimits = .standard) throws -> PackSignature {
        try withScratch { scratch in
            let unpacked = scratch.appendingPathComponent("pack")
            let pack = try PackArchive.unpack(archive, into: unpacked, policy: SignaturePolicy(trustedKeys: [], allowUnsigned: true), limits: limits)
            let signature = try PackSignature.sign(pack.checksumList, with: key)
            var entries = pack.checksumList.files.map { file in (file.path, { () throws -> Data in try Data(contentsOf: unpacked.appendingPathComponent(file.path)) }) }
            entries.append((ChecksumList.fileName, { pack.checksumList.bytes }))
            entries.append((PackSignature.fileName, { signature.bytes }))
            try PackBuilder.writeArchive(to: archive, entries: entries)
            return signature
        }
    }

    /// Writes MANIFEST and SIGNATURE into a pack folder, so that the folder (for example a
    /// tagged git repository) carries its signature and installs as signed.
    @discardableResult
    public static func sign(folder: URL, with key: PackSigningKey, limits: ArchiveLimits = .standard) throws -> PackSignature {
        let contents = try PackBuilder.contents(of: folder, limits: limits, readSignature: false)
        let signature = try PackSignature.sign(contents.checksumList, with: key)
        do {
            try contents.checksumList.bytes.write(to: contents.folder.appendingPathComponent(ChecksumList.fileName), options: .atomic)
            try signature.bytes.write(to: contents.folder.appendingPathComponent(PackSignature.fileName), options: .atomic)
        } catch {
            throw PackError.fileSystem(path: folder.path, reason: "cannot write MANIFEST and SIGNATURE: \(error.localizedDescription)")
        }
        return signature
    }

    /// Checks everything about `archive` under `policy` without installing it.
    public static func verify(archive: URL, policy: SignaturePolicy, limits: ArchiveLimits = .standard) throws -> VerifiedPack {
        try withScratch { scratch in
            var pack = try PackArchive.unpack(archive, into: scratch.appendingPathComponent("pack"), policy: policy, limits: limits)
            pack.folder = archive
            return pack
        }
    }

    private static func withScratch<T>(_ body: (URL) throws -> T) throws -> T {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("refer-pack-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true) } catch {
            throw PackError.fileSystem(path: scratch.path, reason: error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try body(scratch)
    }
}
