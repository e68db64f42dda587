import Foundation

/// `packs.lock`: what is installed, from where, with which hashes, signer and permissions.
/// JSON with sorted keys, so the same set of packs always gives the same file.
public struct PackLock: Sendable, Codable, Equatable {
    /// The file name in the practice folder.
    public static let fileName = "packs.lock"
    public static let formatVersion = 1

    /// One installed pack.
    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        public var version: SemanticVersion
        /// Where it came from: an archive path, a folder path, or `git+URL#COMMIT`.
        public var source: String
        public var archiveSHA256: String
        /// SHA-256 of MANIFEST: what `sync` checks to reproduce the same contents.
        public var manifestSHA256: String
        /// Key id of the trusted signer, nil when installed unsigned.
        public var signer: String?
        public var signerLabel: String?
        /// Permissions the user agreed to.
        public var permissions: [String]
        public var plugins: [String]
        /// Plugins of this pack the practice does not use because another pack's
        /// plugin of the same name was preferred (`--prefer`).
        public var shadowedPlugins: [String]
        public var dependencies: [String: String]

        /// `packs/NAME@VERSION`, relative to the practice.
        public var folderName: String { "\(name)@\(version)" }

        enum CodingKeys: String, CodingKey {
            case name, version, source, signer, permissions, plugins, dependencies
            case archiveSHA256 = "archive_sha256"
            case manifestSHA256 = "manifest_sha256"
            case signerLabel = "signer_label"
            case shadowedPlugins = "shadowed_plugins"
        }

        /// An entry from its parts.
        public init(
            name: String, version: SemanticVersion, source: String, archiveSHA256: String, manifestSHA256: String,
            signer: String?, signerLabel: String?, permissions: [String], plugins: [String],
            shadowedPlugins: [String] = [], dependencies: [String: String] = [:]
        ) {
            self.name = name
            self.version = version
            self.source = source
            self.archiveSHA256 = archiveSHA256
            self.manifestSHA256 = manifestSHA256
            self.signer = signer
            self.signerLabel = signerLabel
            self.permissions = permissions
            self.plugins = plugins
            self.shadowedPlugins = shadowedPlugins
            self.dependencies = dependencies
        }
    }

    public var lockVersion: Int
    /// Sorted by name; one version per name.
    public var packs: [Entry]

    enum CodingKeys: String, CodingKey {
        case lockVersion = "lock_version"
        case packs
    }

    /// A lock holding `packs`, sorted by name.
    public init(packs: [Entry] = []) {
        lockVersion = Self.formatVersion
        self.packs = packs.sorted { $0.name < $1.name }
    }

    /// The entry for `name`, if installed.
    public subscript(name: String) -> Entry? { packs.first { $0.name == name } }

    /// Adds or replaces the entry with `entry.name`.
    public mutating func set(_ entry: Entry) {
        packs.removeAll { $0.name == entry.name }
        packs.append(entry)
        packs.sort { $0.name < $1.name }
    }

    /// Drops the entry for `name`, if any.
    public mutating func remove(_ name: String) { packs.removeAll { $0.name == name } }

    /// Reads `file`; a missing file is an empty lock.
    public static func read(from file: URL) throws -> PackLock {
        guard let data = FileManager.default.contents(atPath: file.path) else { return PackLock() }
        do {
            let lock = try JSONDecoder().decode(PackLock.self, from: data)
            guard lock.lockVersion == formatVersion else {
                throw PackError.invalidLockfile(file: file.path, reason: "lock_version \(lock.lockVersion) is not understood by this Refer (expected \(formatVersion))")
            }
            return lock
        } catch let error as PackError {
            throw error
        } catch {
            throw PackError.invalidLockfile(file: file.path, reason: "not a valid packs.lock (\(error))")
        }
    }

    /// The JSON bytes, ending with a newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Writes atomically: a temporary file in the same folder, flushed, then renamed over
    /// the old one, so a crash leaves either the old or the new lock, never half of one.
    public func write(to file: URL) throws {
        let temp = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            let data = try encoded()
            let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            guard fd >= 0 else { throw PackError.fileSystem(path: temp.path, reason: "cannot create (errno \(errno))") }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temp.path, file.path) == 0 else {
                throw PackError.fileSystem(path: file.path, reason: "cannot replace (errno \(errno))")
            }
            // Make the rename itself durable, not only the new file's bytes.
            let directory = open(file.deletingLastPathComponent().path, O_RDONLY)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        } catch let error as PackError {
            try? FileManager.default.removeItem(at: temp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw PackError.fileSystem(path: file.path, reason: error.localizedDescription)
        }
    }
}
