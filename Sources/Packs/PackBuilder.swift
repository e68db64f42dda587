import Foundation
import ZIPFoundation

/// Turns a pack folder into a `NAME-VERSION.referpack` archive.
public enum PackBuilder {
    /// What a folder holds once checked: its manifest, its files, and a signature when the
    /// folder was signed in place (`refer pack sign DIR`).
    public struct Contents: Sendable {
        public var manifest: PackManifest
        public var checksumList: ChecksumList
        public var signature: PackSignature?
        /// Relative paths of the files, sorted.
        public var files: [String]
        public var folder: URL
    }

    /// Reads and checks `folder`: pack.toml is valid, every declared plugin, template
    /// and data file exists, every plugin folder is declared, and nothing is a link or
    /// a device. Names starting with `.` (such as `.git`) are left out.
    public static func contents(of folder: URL, limits: ArchiveLimits = .standard, readSignature: Bool = true) throws -> Contents {
        let folder = folder.standardizedFileURL
        let manifest = try PackManifest.load(fromFolder: folder)
        let manifestFile = folder.appendingPathComponent(PackManifest.fileName).path
        var files: [String] = []
        var total: UInt64 = 0
        try walk(folder, relative: "", into: &files, total: &total, limits: limits)
        files.removeAll { $0 == ChecksumList.fileName || $0 == PackSignature.fileName }
        if let (a, b) = EntryPathPolicy.firstCollision(in: files) {
            throw PackError.collidingEntries(entry: b, other: a, archive: folder.path)
        }
        let present = Set(files)
        for plugin in manifest.plugins where !present.contains("plugins/\(plugin)/plugin.lua") {
            throw PackError.declaredFileMissing(file: "plugins/\(plugin)/plugin.lua", declaredIn: manifestFile)
        }
        for path in manifest.templates + manifest.data where !present.contains(path) {
            throw PackError.declaredFileMissing(file: path, declaredIn: manifestFile)
        }
        for path in files where path.hasPrefix("plugins/") && path.hasSuffix("/plugin.lua") {
            let parts = path.split(separator: "/")
            if parts.count == 3, !manifest.plugins.contains(String(parts[1])) {
                throw PackError.undeclaredPlugin(plugin: String(parts[1]), manifest: manifestFile)
            }
        }
        var listed: [ChecksumList.File] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else {
                throw PackError.fileSystem(path: folder.appendingPathComponent(path).path, reason: "cannot be read")
            }
            listed.append(.init(path: path, sha256: ChecksumList.sha256Hex(data), length: UInt64(data.count)))
        }
        let list = ChecksumList(name: manifest.name, version: manifest.version, files: listed)
        let signature = readSignature ? try signedInPlace(folder: folder, list: list) : nil
        return Contents(manifest: manifest, checksumList: list, signature: signature, files: files, folder: folder)
    }

    /// Builds the archive for `folder` into `outputDirectory` (default: the folder's parent)
    /// and returns its location. The archive is written beside and renamed into place.
    @discardableResult
    public static func build(folder: URL, outputDirectory: URL? = nil, limits: ArchiveLimits = .standard) throws -> URL {
        let contents = try contents(of: folder, limits: limits)
        let output = (outputDirectory ?? contents.folder.deletingLastPathComponent())
            .appendingPathComponent("\(contents.manifest.name)-\(contents.manifest.version).\(PackHost.archiveExtension)")
        var entries = contents.files.map { path in (path, { () throws -> Data in try Data(contentsOf: contents.folder.appendingPathComponent(path)) }) }
        entries.append((ChecksumList.fileName, { contents.checksumList.bytes }))
        if let signature = contents.signature { entries.append((PackSignature.fileName, { signature.bytes })) }
        try writeArchive(to: output, entries: entries)
        return output
    }

    /// Writes a ZIP with `entries` in order, deflated, with a fixed date so the same
    /// folder always gives the same archive.
    static func writeArchive(to output: URL, entries: [(String, () throws -> Data)]) throws {
        let temp = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).\(UUID().uuidString).tmp")
        defer { try? FileManager.default.removeItem(at: temp) }
        do {
            try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            let archive = try Archive(url: temp, accessMode: .create)
            let date = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01, any fixed date will do
            for (path, load) in entries {
                let data = try load()
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard rename(temp.path, output.path) == 0 else {
                throw PackError.fileSystem(path: output.path, reason: "cannot move the new archive into place (errno \(errno))")
            }
        } catch let error as PackError {
            throw error
        } catch {
            throw PackError.fileSystem(path: output.path, reason: "cannot write the archive: \(error.localizedDescription)")
        }
    }

    private static func walk(_ root: URL, relative: String, into files: inout [String], total: inout UInt64, limits: ArchiveLimits) throws {
        let dir = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() } catch {
            throw PackError.fileSystem(path: dir.path, reason: "cannot be listed: \(error.localizedDescription)")
        }
        for name in names where !name.hasPrefix(".") {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let full = root.appendingPathComponent(path).path
            if let problem = EntryPathPolicy.problem(with: path) {
                throw PackError.unsafeEntryPath(entry: path, archive: root.path, reason: problem)
            }
            var info = stat()
            guard lstat(full, &info) == 0 else { throw PackError.fileSystem(path: full, reason: "cannot be read") }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try walk(root, relative: path, into: &files, total: &total, limits: limits)
            case S_IFREG:
                if info.st_nlink > 1 { throw PackError.unsupportedFileInFolder(path: full, kind: "hard link") }
                let size = UInt64(info.st_size)
                total += size
                if size > limits.maxFileBytes { throw PackError.entryTooLarge(entry: path, archive: root.path, limit: limits.maxFileBytes) }
                if total > limits.maxTotalBytes { throw PackError.archiveTooLarge(archive: root.path, bytes: total, limit: limits.maxTotalBytes) }
                files.append(path)
                if files.count > limits.maxEntries { throw PackError.tooManyEntries(archive: root.path, count: files.count, limit: limits.maxEntries) }
            case S_IFLNK:
                throw PackError.unsupportedFileInFolder(path: full, kind: "symbolic link")
            default:
                throw PackError.unsupportedFileInFolder(path: full, kind: "device, socket or pipe")
            }
        }
    }

    /// A folder signed in place carries MANIFEST and SIGNATURE; both must still match it.
    private static func signedInPlace(folder: URL, list: ChecksumList) throws -> PackSignature? {
        let manifestFile = folder.appendingPathComponent(ChecksumList.fileName)
        let signatureFile = folder.appendingPathComponent(PackSignature.fileName)
        guard let signatureData = FileManager.default.contents(atPath: signatureFile.path) else { return nil }
        guard FileManager.default.contents(atPath: manifestFile.path) == list.bytes else {
            throw PackError.invalidSignatureFile(
                archive: folder.path,
                reason: "belongs to an older state of the folder (MANIFEST no longer matches the files); sign it again with `refer pack sign \(folder.path) --key FILE`, or delete MANIFEST and SIGNATURE")
        }
        return try PackSignature.parse(signatureData, archive: folder.path)
    }
}
