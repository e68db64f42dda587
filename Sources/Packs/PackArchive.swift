import Foundation

/// Which signatures an install accepts.
public struct SignaturePolicy: Sendable {
    /// Keys whose signatures are accepted.
    public var trustedKeys: [PackPublicKey]
    /// Accept packs with no signature, or signed by a key not in `trustedKeys`.
    /// A signature that does not verify is refused either way.
    public var allowUnsigned: Bool

    /// A policy accepting signatures by `trustedKeys`, and unsigned packs when `allowUnsigned`.
    public init(trustedKeys: [PackPublicKey], allowUnsigned: Bool) {
        self.trustedKeys = trustedKeys
        self.allowUnsigned = allowUnsigned
    }
}

/// A pack whose archive passed every check and now sits, unpacked, in `folder`.
public struct VerifiedPack: Sendable {
    public var manifest: PackManifest
    public var checksumList: ChecksumList
    /// The trusted key that signed it; nil for an unsigned pack accepted by policy.
    public var signer: PackPublicKey?
    /// The key id in SIGNATURE, also when that key is not trusted.
    public var signatureKeyID: String?
    /// SHA-256 of the archive file.
    public var archiveSHA256: String
    /// SHA-256 of the MANIFEST bytes: the same for every archive of the same pack contents.
    public var manifestSHA256: String
    public var folder: URL
}

/// Reading, checking and unpacking `.referpack` archives.
public enum PackArchive {
    /// Checks everything about `archive` and unpacks it into `destination`, a folder that
    /// must not exist yet. On any error nothing is left at `destination`.
    ///
    /// Order: entry names, types and counts from the central directory; MANIFEST and
    /// SIGNATURE (so a bad signature costs no extraction); then each file, counting bytes
    /// and hashing as they are written; finally pack.toml against MANIFEST.
    public static func unpack(
        _ archive: URL, into destination: URL, policy: SignaturePolicy, limits: ArchiveLimits = .standard
    ) throws -> VerifiedPack {
        let name = archive.lastPathComponent
        let reader = try ZipReader(url: archive, limits: limits)
        let files = try checkEntries(reader.entries, archive: name)
        guard let listEntry = files[ChecksumList.fileName] else {
            throw PackError.fileMissingFromArchive(entry: ChecksumList.fileName, archive: name)
        }
        let listBytes = try readSmall(listEntry, reader: reader, limits: limits)
        let list = try ChecksumList.parse(listBytes, archive: name)
        let signature = try files[PackSignature.fileName].map {
            try PackSignature.parse(try readSmall($0, reader: reader, limits: limits), archive: name)
        }
        let signer = try check(signature, of: list, policy: policy)

        let listed = Dictionary(list.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for path in files.keys.sorted() where path != ChecksumList.fileName && path != PackSignature.fileName && listed[path] == nil {
            throw PackError.fileNotInChecksumList(entry: path, archive: name)
        }
        for file in list.files where files[file.path] == nil {
            throw PackError.fileMissingFromArchive(entry: file.path, archive: name)
        }

        let fm = FileManager.default
        do {
            try fm.createDirectory(at: destination, withIntermediateDirectories: false)
        } catch {
            throw PackError.fileSystem(path: destination.path, reason: "cannot make the unpacking folder: \(error.localizedDescription)")
        }
        do {
            var total: UInt64 = 0
            for file in list.files {
                let entry = files[file.path]!  // checked above: every listed file is present
                let target = destination.appendingPathComponent(file.path)
                let written = try extract(entry, to: target, reader: reader, limits: limits, remaining: limits.maxTotalBytes - total)
                total += written.length
                guard written.length == file.length else {
                    throw PackError.lengthMismatch(entry: file.path, archive: name, listed: file.length, actual: written.length)
                }
                guard written.sha256 == file.sha256 else { throw PackError.checksumMismatch(entry: file.path, archive: name) }
                CrashPoint.reach("mid-extract")
            }
            let manifest = try PackManifest.load(fromFolder: destination)
            guard manifest.name == list.name, manifest.version == list.version else {
                throw PackError.identityMismatch(archive: name, listed: "\(list.name) \(list.version)", packToml: "\(manifest.name) \(manifest.version)")
            }
            return VerifiedPack(
                manifest: manifest, checksumList: list, signer: signer, signatureKeyID: signature?.keyID,
                archiveSHA256: try sha256(of: archive), manifestSHA256: ChecksumList.sha256Hex(listBytes), folder: destination)
        } catch {
            try? fm.removeItem(at: destination)
            throw error
        }
    }

    /// Reads pack.toml from an archive without unpacking it, to plan dependencies.
    /// Nothing here is trusted until `unpack` has checked the whole archive.
    public static func peekManifest(_ archive: URL, limits: ArchiveLimits = .standard) throws -> PackManifest {
        let reader = try ZipReader(url: archive, limits: limits)
        let files = try checkEntries(reader.entries, archive: archive.lastPathComponent)
        guard let entry = files[PackManifest.fileName] else {
            throw PackError.fileMissingFromArchive(entry: PackManifest.fileName, archive: archive.lastPathComponent)
        }
        return try PackManifest.parse(try readSmall(entry, reader: reader, limits: limits), file: "\(archive.lastPathComponent):pack.toml")
    }

    /// Entry-level refusals: unsafe names, duplicates, collisions, links and devices.
    /// Returns the regular files by path.
    static func checkEntries(_ entries: [ZipEntryRecord], archive: String) throws -> [String: ZipEntryRecord] {
        var files: [String: ZipEntryRecord] = [:]
        // Raw bytes: Swift's String equality would call NFC and NFD spellings the same
        // name, and those must be reported as colliding names, not duplicates.
        var seen = Set<[UInt8]>()
        var paths: [String] = []
        for entry in entries {
            if let problem = EntryPathPolicy.problem(with: entry.isDirectory && entry.path.hasSuffix("/") ? String(entry.path.dropLast()) : entry.path) {
                throw PackError.unsafeEntryPath(entry: entry.path, archive: archive, reason: problem)
            }
            guard seen.insert(Array(entry.path.utf8)).inserted else { throw PackError.duplicateEntry(entry: entry.path, archive: archive) }
            if let type = entry.unixFileType, type != 0, type != UInt32(S_IFREG), type != UInt32(S_IFDIR) {
                throw PackError.linkOrDeviceEntry(entry: entry.path, kind: kindName(type), archive: archive)
            }
            if entry.isDirectory { continue }
            paths.append(entry.path)
            files[entry.path] = entry
        }
        if let (a, b) = EntryPathPolicy.firstCollision(in: paths) {
            throw PackError.collidingEntries(entry: b, other: a, archive: archive)
        }
        return files
    }

    static func kindName(_ type: UInt32) -> String {
        switch type {
        case UInt32(S_IFLNK): return "symbolic link"
        case UInt32(S_IFCHR): return "character device"
        case UInt32(S_IFBLK): return "block device"
        case UInt32(S_IFIFO): return "named pipe"
        case UInt32(S_IFSOCK): return "socket"
        default: return "special file (mode \(String(type, radix: 8)))"
        }
    }

    private static func check(_ signature: PackSignature?, of list: ChecksumList, policy: SignaturePolicy) throws -> PackPublicKey? {
        let pack = "\(list.name) \(list.version)"
        guard let signature else {
            if policy.allowUnsigned { return nil }
            throw PackError.missingSignature(pack: pack)
        }
        guard signature.name == list.name, signature.version == list.version else {
            throw PackError.signedIdentityMismatch(pack: pack, signed: "\(signature.name) \(signature.version)", listed: pack)
        }
        guard let key = policy.trustedKeys.first(where: { $0.id == signature.keyID }) else {
            if policy.allowUnsigned { return nil }
            throw PackError.unknownSigner(pack: pack, keyID: signature.keyID)
        }
        try signature.verify(list, with: key)
        return key
    }

    private static func readSmall(_ entry: ZipEntryRecord, reader: ZipReader, limits: ArchiveLimits) throws -> Data {
        var data = Data()
        try reader.read(entry, limit: limits.maxMetadataBytes, limits: limits) { data.append($0) }
        return data
    }

    private static func extract(
        _ entry: ZipEntryRecord, to target: URL, reader: ZipReader, limits: ArchiveLimits, remaining: UInt64
    ) throws -> (length: UInt64, sha256: String) {
        let fm = FileManager.default
        try? fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // O_EXCL|O_NOFOLLOW: never write through something already at the path.
        let fd = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw PackError.fileSystem(path: target.path, reason: "cannot create the file (errno \(errno))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var hasher = StreamingSHA256()
        let archive = reader.url.lastPathComponent
        let limit = min(limits.maxFileBytes, remaining)
        let length: UInt64
        do {
            length = try reader.read(entry, limit: limit, limits: limits) { chunk in
                hasher.update(chunk)
                try handle.write(contentsOf: chunk)
            }
        } catch PackError.entryTooLarge where limit < limits.maxFileBytes {
            // The entry broke the archive's total, not the per-file ceiling.
            throw PackError.archiveTooLarge(archive: archive, bytes: limits.maxTotalBytes + 1, limit: limits.maxTotalBytes)
        }
        return (length, hasher.finalize())
    }

    static func sha256(of file: URL) throws -> String {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else {
            throw PackError.fileSystem(path: file.path, reason: "cannot be read")
        }
        return ChecksumList.sha256Hex(data)
    }
}
