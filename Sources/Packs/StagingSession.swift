import Foundation

/// The packs one install can draw on, each as an archive inside the staging folder or
/// beside it, and the unpacking of the chosen ones. Lives for one transaction.
final class StagingSession {
    let folder: URL
    let policy: SignaturePolicy
    let limits: ArchiveLimits
    private(set) var candidates: [PackCandidate] = []
    private var archives: [URL] = []
    private var manifests: [PackManifest] = []
    private var sources: [String] = []
    private var counter = 0

    init(folder: URL, policy: SignaturePolicy, limits: ArchiveLimits) {
        self.folder = folder
        self.policy = policy
        self.limits = limits
    }

    /// Makes `source` available as an archive and returns what it offers.
    func add(_ source: PackSource) throws -> PackCandidate {
        switch source {
        case .archive(let url):
            return try register(archive: url, source: url.path)
        case .folder(let url):
            return try register(archive: try build(url), source: url.path)
        case let .git(repository, ref):
            let checkout = scratch("git")
            let commit = try GitFetcher.fetch(repository: repository, ref: ref, into: checkout)
            return try register(archive: try build(checkout), source: "git+\(repository)#\(commit)")
        }
    }

    /// Adds the packs beside each archive or folder source, as possible dependencies.
    /// Ones that cannot be read or that need another host API are skipped.
    func addNeighbours(of sources: [PackSource]) throws {
        let fm = FileManager.default
        for source in sources {
            let url: URL
            switch source {
            case .archive(let file): url = file
            case .folder(let dir): url = dir
            case .git: continue
            }
            let parent = url.deletingLastPathComponent()
            for name in ((try? fm.contentsOfDirectory(atPath: parent.path)) ?? []).sorted() where !name.hasPrefix(".") {
                let neighbour = parent.appendingPathComponent(name).standardizedFileURL
                guard neighbour.path != url.standardizedFileURL.path, !archives.contains(neighbour) else { continue }
                if name.hasSuffix(".\(PackHost.archiveExtension)") {
                    _ = try? register(archive: neighbour, source: neighbour.path, compatibleOnly: true)
                } else if case .folder = source, fm.fileExists(atPath: neighbour.appendingPathComponent(PackManifest.fileName).path) {
                    if let archive = try? build(neighbour) {
                        _ = try? register(archive: archive, source: neighbour.path, compatibleOnly: true)
                    }
                }
            }
        }
    }

    /// How `candidate`'s source is recorded in packs.lock.
    func source(of candidate: PackCandidate) -> String { sources[candidate.origin] }

    /// Checks and unpacks `candidate` into the staging folder.
    func unpack(_ candidate: PackCandidate) throws -> VerifiedPack {
        let manifest = manifests[candidate.origin]
        guard manifest.hostAPI.contains(PackHost.apiVersion) else {
            throw PackError.hostAPIOutOfRange(pack: manifest.id, requires: manifest.hostAPI.text, host: PackHost.apiVersion.description)
        }
        let destination = folder.appendingPathComponent(candidate.name + "@" + candidate.version.description)
        let pack = try PackArchive.unpack(archives[candidate.origin], into: destination, policy: policy, limits: limits)
        guard pack.manifest == manifest else {
            throw PackError.identityMismatch(archive: archives[candidate.origin].lastPathComponent, listed: manifest.id, packToml: pack.manifest.id)
        }
        return pack
    }

    private func register(archive: URL, source: String, compatibleOnly: Bool = false) throws -> PackCandidate {
        let manifest = try PackArchive.peekManifest(archive, limits: limits)
        if compatibleOnly && !manifest.hostAPI.contains(PackHost.apiVersion) {
            throw PackError.hostAPIOutOfRange(pack: manifest.id, requires: manifest.hostAPI.text, host: PackHost.apiVersion.description)
        }
        let candidate = PackCandidate(name: manifest.name, version: manifest.version, dependencies: manifest.dependencies,
                                      plugins: manifest.plugins, origin: archives.count)
        archives.append(archive.standardizedFileURL)
        manifests.append(manifest)
        sources.append(source)
        candidates.append(candidate)
        return candidate
    }

    private func build(_ folder: URL) throws -> URL {
        let output = scratch("build")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        return try PackBuilder.build(folder: folder, outputDirectory: output, limits: limits)
    }

    private func scratch(_ kind: String) -> URL {
        counter += 1
        return folder.appendingPathComponent(".\(kind)-\(counter)")
    }
}
