import Foundation

extension PackInstaller {
    /// Looks for newer versions of `names` (all installed packs when empty) where each
    /// was installed from: archives beside the recorded archive, the recorded folder, or
    /// the highest version tag of the recorded git repository. Returns what was updated.
    @discardableResult
    public func update(_ names: [String] = [], options: InstallOptions = InstallOptions(), consent: (InstallPlan) -> Bool) throws -> [PackLock.Entry] {
        try transaction { session, lock in
            for name in names where lock[name] == nil { throw PackError.notInstalled(pack: name) }
            let targets = names.isEmpty ? lock.packs : lock.packs.filter { names.contains($0.name) }
            var requested: [PackCandidate] = []
            for entry in targets {
                if let newer = try newestOffer(for: entry, session: session) { requested.append(newer) }
            }
            if requested.isEmpty { return [] }
            return try apply(session: session, lock: lock, requested: requested, options: options, consent: consent)
        }
    }

    private func newestOffer(for entry: PackLock.Entry, session: StagingSession) throws -> PackCandidate? {
        var offers: [PackCandidate] = []
        if entry.source.hasPrefix("git+") {
            let rest = String(entry.source.dropFirst(4))
            let repository = rest.lastIndex(of: "#").map { String(rest[..<$0]) } ?? rest
            let tags = try GitFetcher.versionTags(repository: repository, scratch: session.folder)
            guard let best = tags.last, best.version > entry.version else { return nil }
            offers.append(try session.add(.git(repository: repository, ref: best.tag)))
        } else {
            let url = URL(fileURLWithPath: entry.source)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw PackError.invalidSource(source: entry.source, reason: "\(entry.name) was installed from here and it is gone; install the new version with `refer pack install SOURCE`")
            }
            if isDirectory.boolValue {
                offers.append(try session.add(.folder(url)))
            } else {
                let source = PackSource.archive(url)
                offers.append(try session.add(source))
                try session.addNeighbours(of: [source])
                offers += session.candidates.filter { $0.name == entry.name }
            }
        }
        return offers.filter { $0.name == entry.name && $0.version > entry.version && !$0.version.isPrerelease }
            .max { $0.version < $1.version }
    }

    /// Removes `name`, refusing while another installed pack depends on it.
    @discardableResult
    public func remove(_ name: String) throws -> PackLock.Entry {
        try transaction { _, lock in
            guard let entry = lock[name] else { throw PackError.notInstalled(pack: name) }
            let dependents = lock.packs.filter { $0.dependencies[name] != nil }.map { "\($0.name) \($0.version)" }
            if !dependents.isEmpty { throw PackError.stillRequired(pack: name, by: dependents) }
            var newLock = lock
            newLock.remove(name)
            try newLock.write(to: lockFile)
            sweep(keeping: newLock)
            return entry
        }
    }

    /// Makes the installed set equal to `lockfile`'s: every pack at its recorded version,
    /// fetched from its recorded source and checked against its recorded MANIFEST hash;
    /// installed packs the lockfile does not name are removed.
    @discardableResult
    public func sync(lockfile: URL, options: InstallOptions = InstallOptions(allowDowngrade: true), consent: (InstallPlan) -> Bool) throws -> [PackLock.Entry] {
        let wanted = try PackLock.read(from: lockfile)
        let base = lockfile.deletingLastPathComponent()
        return try transaction { session, lock in
            var requested: [PackCandidate] = []
            var expected: [String: PackLock.Entry] = [:]
            for entry in wanted.packs {
                expected[entry.name] = entry
                if let have = lock[entry.name], have.version == entry.version, have.manifestSHA256 == entry.manifestSHA256,
                   FileManager.default.fileExists(atPath: packsDirectory.appendingPathComponent(have.folderName).path) {
                    continue
                }
                let source = try PackSource.parse(entry.source, relativeTo: base)
                let candidate = try session.add(source)
                guard candidate.name == entry.name, candidate.version == entry.version else {
                    throw PackError.invalidLockfile(file: lockfile.path, reason: "\(entry.source) now holds \(candidate.id), not \(entry.name) \(entry.version)")
                }
                requested.append(candidate)
            }
            let removing = lock.packs.map(\.name).filter { expected[$0] == nil }
            return try apply(session: session, lock: lock, requested: requested, options: options,
                             removing: removing, expected: expected, consent: consent)
        }
    }
}
