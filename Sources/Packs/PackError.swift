import Foundation

/// Why a pack could not be built, signed, verified, installed, updated or removed.
///
/// Every case names the file, entry or pack concerned and its description says what to
/// do. Whenever one of these is thrown during install, update or remove, the practice's
/// packs/ folder and packs.lock are as they were before the command.
public enum PackError: Error, Equatable, CustomStringConvertible {
    // pack.toml
    case invalidManifest(file: String, line: Int?, key: String?, reason: String)
    case missingManifest(folder: String)
    case declaredFileMissing(file: String, declaredIn: String)
    case undeclaredPlugin(plugin: String, manifest: String)

    // Folder contents when building
    case unsupportedFileInFolder(path: String, kind: String)

    // Archive entries
    case unreadableArchive(archive: String, reason: String)
    case unsafeEntryPath(entry: String, archive: String, reason: String)
    case duplicateEntry(entry: String, archive: String)
    case collidingEntries(entry: String, other: String, archive: String)
    case linkOrDeviceEntry(entry: String, kind: String, archive: String)
    case archiveTooLarge(archive: String, bytes: UInt64, limit: UInt64)
    case entryTooLarge(entry: String, archive: String, limit: UInt64)
    case tooManyEntries(archive: String, count: Int, limit: Int)
    case compressionRatioTooHigh(entry: String, archive: String, limit: UInt64)

    // MANIFEST and SIGNATURE
    case invalidChecksumList(archive: String, line: Int, reason: String)
    case fileNotInChecksumList(entry: String, archive: String)
    case fileMissingFromArchive(entry: String, archive: String)
    case checksumMismatch(entry: String, archive: String)
    case lengthMismatch(entry: String, archive: String, listed: UInt64, actual: UInt64)
    case identityMismatch(archive: String, listed: String, packToml: String)
    case missingSignature(pack: String)
    case invalidSignatureFile(archive: String, reason: String)
    case signatureMismatch(pack: String, expectedSigner: String)
    case unknownSigner(pack: String, keyID: String)
    case signedIdentityMismatch(pack: String, signed: String, listed: String)

    // Keys
    case invalidKey(source: String, reason: String)
    case keyNotTrusted(key: String)

    // Install, update, remove
    case hostAPIOutOfRange(pack: String, requires: String, host: String)
    case downgradeRefused(pack: String, installed: String, offered: String)
    case dependencyUnsatisfied(pack: String, requiredBy: String, range: String, available: [String])
    case dependencyConflict(pack: String, demands: [String], available: [String])
    case pluginProvidedTwice(plugin: String, packs: [String])
    case notInstalled(pack: String)
    case stillRequired(pack: String, by: [String])
    case consentDeclined(pack: String)
    case invalidSource(source: String, reason: String)
    case gitFailed(source: String, output: String)
    case invalidLockfile(file: String, reason: String)
    case fileSystem(path: String, reason: String)

    /// The message users read: what went wrong, where, and what to do.
    public var description: String {
        switch self {
        case let .invalidManifest(file, line, key, reason):
            let place = line.map { "\(file):\($0)" } ?? file
            let which = key.map { " (key `\($0)`)" } ?? ""
            return "\(place)\(which): \(reason). Fix pack.toml and try again."
        case let .missingManifest(folder):
            return "\(folder) has no pack.toml; a pack folder needs one (see examples/packs/)."
        case let .declaredFileMissing(file, declaredIn):
            return "\(declaredIn) lists \(file), but the pack has no such file; add it or remove it from pack.toml."
        case let .undeclaredPlugin(plugin, manifest):
            return "plugins/\(plugin)/plugin.lua is not listed in \(manifest); add \"\(plugin)\" to `plugins` or remove the folder."
        case let .unsupportedFileInFolder(path, kind):
            return "\(path) is a \(kind); a pack holds only regular files and folders. Replace it with a copy of the file."
        case let .unreadableArchive(archive, reason):
            return "\(archive) is not a readable pack archive: \(reason). Rebuild it with `refer pack build`."
        case let .unsafeEntryPath(entry, archive, reason):
            return "\(archive): entry \"\(entry)\" \(reason); refused, nothing was installed. Ask the publisher for a clean archive."
        case let .duplicateEntry(entry, archive):
            return "\(archive): entry \"\(entry)\" appears more than once; refused, nothing was installed. Rebuild the archive with `refer pack build`."
        case let .collidingEntries(entry, other, archive):
            return "\(archive): entries \"\(entry)\" and \"\(other)\" name the same file once case and Unicode normalisation are ignored; refused, nothing was installed. Rename one of them."
        case let .linkOrDeviceEntry(entry, kind, archive):
            return "\(archive): entry \"\(entry)\" is a \(kind); packs may hold only regular files. Refused, nothing was installed."
        case let .archiveTooLarge(archive, bytes, limit):
            return "\(archive) unpacks to more than \(limit) bytes (at least \(bytes)); refused, nothing was installed. Make the pack smaller."
        case let .entryTooLarge(entry, archive, limit):
            return "\(archive): entry \"\(entry)\" is larger than \(limit) bytes; refused, nothing was installed. Make the file smaller."
        case let .tooManyEntries(archive, count, limit):
            return "\(archive) has \(count) entries, more than the \(limit) allowed; refused, nothing was installed."
        case let .compressionRatioTooHigh(entry, archive, limit):
            return "\(archive): entry \"\(entry)\" expands more than \(limit) times its compressed size (a zip bomb?); refused, nothing was installed."
        case let .invalidChecksumList(archive, line, reason):
            return "\(archive): MANIFEST line \(line): \(reason). Rebuild the archive with `refer pack build`."
        case let .fileNotInChecksumList(entry, archive):
            return "\(archive): entry \"\(entry)\" is not listed in MANIFEST; refused, nothing was installed. The archive was changed after it was built."
        case let .fileMissingFromArchive(entry, archive):
            return "\(archive): MANIFEST lists \"\(entry)\" but the archive does not hold it; refused, nothing was installed."
        case let .checksumMismatch(entry, archive):
            return "\(archive): entry \"\(entry)\" does not match its SHA-256 in MANIFEST; refused, nothing was installed. The archive was changed or damaged."
        case let .lengthMismatch(entry, archive, listed, actual):
            return "\(archive): entry \"\(entry)\" is \(actual) bytes but MANIFEST says \(listed); refused, nothing was installed."
        case let .identityMismatch(archive, listed, packToml):
            return "\(archive): MANIFEST names \(listed) but pack.toml says \(packToml); refused. Rebuild the archive with `refer pack build`."
        case let .missingSignature(pack):
            return "\(pack) is not signed and this practice accepts only signed packs; ask the publisher to `refer pack sign` it, or set `[packs] allow_unsigned = true` in refer.toml."
        case let .invalidSignatureFile(archive, reason):
            return "\(archive): SIGNATURE \(reason); refused. Sign the archive again with `refer pack sign`."
        case let .signatureMismatch(pack, expectedSigner):
            return "\(pack): the signature does not verify with key \(expectedSigner); the archive was changed after signing. Refused, nothing was installed."
        case let .unknownSigner(pack, keyID):
            return "\(pack) is signed by key \(keyID), which this practice does not trust; if you trust its publisher, run `refer pack trust KEY` with their public key."
        case let .signedIdentityMismatch(pack, signed, listed):
            return "\(pack): the signature is for \(signed) but the archive holds \(listed); refused, nothing was installed."
        case let .invalidKey(source, reason):
            return "\(source): \(reason). Make a key pair with `refer pack keygen`."
        case let .keyNotTrusted(key):
            return "key \(key) is not in this practice's trusted keys; `refer pack keys` shows them."
        case let .hostAPIOutOfRange(pack, requires, host):
            return "\(pack) needs host API \(requires) but this Refer provides \(host); install a version of the pack made for \(host), or update Refer."
        case let .downgradeRefused(pack, installed, offered):
            return "\(pack) \(installed) is installed and \(offered) is older; refused. Pass --allow-downgrade to install the older version anyway."
        case let .dependencyUnsatisfied(pack, requiredBy, range, available):
            let have = available.isEmpty ? "none is available" : "available: \(available.joined(separator: ", "))"
            return "\(requiredBy) needs \(pack) \(range), but \(have). Install a matching \(pack) first or put its archive beside this one."
        case let .dependencyConflict(pack, demands, available):
            return "no version of \(pack) satisfies everyone: \(demands.joined(separator: "; ")) (available: \(available.isEmpty ? "none" : available.joined(separator: ", "))). Update the packs that pin \(pack), or install one of them only."
        case let .pluginProvidedTwice(plugin, packs):
            return "plugin \"\(plugin)\" is provided by \(packs.joined(separator: " and ")); choose one with --prefer PACK."
        case let .notInstalled(pack):
            return "\(pack) is not installed; `refer pack list` shows what is."
        case let .stillRequired(pack, by):
            return "\(pack) is needed by \(by.joined(separator: ", ")); remove those first."
        case let .consentDeclined(pack):
            return "\(pack) was not installed: you declined. Nothing was changed."
        case let .invalidSource(source, reason):
            return "\(source): \(reason)."
        case let .gitFailed(source, output):
            return "git could not fetch \(source): \(output.trimmingCharacters(in: .whitespacesAndNewlines)). Check the repository address and the tag or commit."
        case let .invalidLockfile(file, reason):
            return "\(file): \(reason). Restore it from a backup or remove it and reinstall the packs."
        case let .fileSystem(path, reason):
            return "\(path): \(reason)."
        }
    }
}
