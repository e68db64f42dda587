import Foundation

/// Options shared by install, update and sync.
public struct InstallOptions: Sendable {
    /// Allow replacing an installed version with an older one.
    public var allowDowngrade: Bool
    /// Pack names whose plugins win when two packs offer the same plugin name.
    public var prefer: [String]

    /// Options; by default downgrades are refused and no plugin is preferred.
    public init(allowDowngrade: Bool = false, prefer: [String] = []) {
        self.allowDowngrade = allowDowngrade
        self.prefer = prefer
    }
}

/// What an install or update is about to do, shown to the user for consent.
public struct InstallPlan: Sendable {
    /// One pack to be installed or replaced.
    public struct Change: Sendable {
        public var manifest: PackManifest
        /// The installed version it replaces, if any.
        public var replacing: SemanticVersion?
        public var source: String
        /// The trusted signer, nil when unsigned.
        public var signer: PackPublicKey?
        /// Permissions not granted to an installed version before.
        public var newPermissions: [String]
        /// Plugins of this pack that another pack's plugin of the same name overrides.
        public var shadowedPlugins: [String]
    }

    public var changes: [Change]
    /// Installed packs that the new set no longer includes (sync only).
    public var removals: [String]
}

/// Installs, updates, removes and lists the packs of one practice.
///
/// Every change goes the same way: check and unpack into a fresh folder under
/// `packs/.staging-*` (same file system), ask for consent, `rename` each pack folder into
/// `packs/NAME@VERSION`, then replace packs.lock atomically, then delete what the new lock
/// no longer names. A crash at any point leaves the old lock, whose folders are all
/// intact; leftovers are swept by the next command.
public struct PackInstaller: Sendable {
    public let practiceRoot: URL
    public let packsDirectory: URL
    public var policy: SignaturePolicy
    public var limits: ArchiveLimits

    /// The installer of the practice at `practiceRoot`; its trusted keys are read now.
    public init(practiceRoot: URL, packsDirectory: URL, allowUnsigned: Bool, limits: ArchiveLimits = .standard) throws {
        self.practiceRoot = practiceRoot
        self.packsDirectory = packsDirectory
        self.policy = SignaturePolicy(trustedKeys: try TrustedKeys(practiceRoot: practiceRoot).all(), allowUnsigned: allowUnsigned)
        self.limits = limits
    }

    /// `packs.lock` in the practice folder.
    public var lockFile: URL { practiceRoot.appendingPathComponent(PackLock.fileName) }

    /// What packs.lock says is installed.
    public func installed() throws -> PackLock { try PackLock.read(from: lockFile) }

    /// Installs the packs at `sources`, with the dependencies they need from the packs
    /// beside them or already installed. `consent` sees the plan and may decline.
    @discardableResult
    public func install(_ sources: [PackSource], options: InstallOptions = InstallOptions(), consent: (InstallPlan) -> Bool) throws -> [PackLock.Entry] {
        try transaction { session, lock in
            var requested: [PackCandidate] = []
            for source in sources {
                let candidate = try session.add(source)
                if let twin = requested.first(where: { $0.name == candidate.name }) {
                    throw PackError.invalidSource(source: source.description, reason: "it is \(candidate.id), and \(twin.id) was also given; give one version of a pack")
                }
                requested.append(candidate)
            }
            try session.addNeighbours(of: sources)
            return try apply(session: session, lock: lock, requested: requested, options: options, consent: consent)
        }
    }

    /// Runs `body` holding the practice's pack lock, with a fresh staging folder that is
    /// removed afterwards whatever happens.
    func transaction<T>(_ body: (StagingSession, PackLock) throws -> T) throws -> T {
        let fm = FileManager.default
        try? fm.createDirectory(at: packsDirectory, withIntermediateDirectories: true)
        let guardFile = packsDirectory.appendingPathComponent(".lock")
        let fd = open(guardFile.path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw PackError.fileSystem(path: guardFile.path, reason: "cannot open (errno \(errno))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            throw PackError.fileSystem(path: packsDirectory.path, reason: "another `refer pack` command is changing packs; wait for it to finish")
        }
        let lock = try installed()
        sweep(keeping: lock)
        let staging = packsDirectory.appendingPathComponent(".staging-\(UUID().uuidString)")
        do { try fm.createDirectory(at: staging, withIntermediateDirectories: false) } catch {
            throw PackError.fileSystem(path: staging.path, reason: "cannot make a staging folder: \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: staging) }
        let session = StagingSession(folder: staging, policy: policy, limits: limits)
        return try body(session, lock)
    }

    /// Removes staging folders and pack folders that packs.lock does not name: what an
    /// interrupted command may have left behind.
    func sweep(keeping lock: PackLock) {
        let fm = FileManager.default
        let keep = Set(lock.packs.map(\.folderName))
        for name in (try? fm.contentsOfDirectory(atPath: packsDirectory.path)) ?? [] {
            let stale = name.hasPrefix(".staging-") || (name.contains("@") && !name.hasPrefix(".") && !keep.contains(name))
            if stale { try? fm.removeItem(at: packsDirectory.appendingPathComponent(name)) }
        }
    }

    /// Resolves, checks, asks, and commits. `requested` must already be in `session`.
    func apply(
        session: StagingSession, lock: PackLock, requested: [PackCandidate], options: InstallOptions,
        removing: [String] = [], expected: [String: PackLock.Entry] = [:], consent: (InstallPlan) -> Bool
    ) throws -> [PackLock.Entry] {
        let installed = lock.packs.filter { !removing.contains($0.name) }.map {
            PackCandidate(name: $0.name, version: $0.version, dependencies: $0.dependencies.compactMap { name, range in
                VersionRange(range).map { PackDependency(name: name, range: $0) }
            }, plugins: $0.plugins, origin: -1, isInstalled: true)
        }
        let chosen = try DependencyResolver.resolve(requested: requested, available: session.candidates, installed: installed)
        let requestedNames = Set(requested.map(\.name))
        let toInstall = chosen.values.filter { candidate in
            guard let entry = lock[candidate.name], !removing.contains(candidate.name) else { return true }
            if candidate.isInstalled { return false }
            // The installed version offered again is checked only when asked for by name:
            // its contents may differ, or its folder may have gone missing.
            return entry.version != candidate.version || requestedNames.contains(candidate.name)
        }.sorted { $0.name < $1.name }

        var shadowedBefore = Dictionary(lock.packs.map { ($0.name, $0.shadowedPlugins) }, uniquingKeysWith: { a, _ in a })
        for (name, entry) in expected { shadowedBefore[name] = entry.shadowedPlugins }
        let shadowed = try DependencyResolver.choosePlugins(packs: Array(chosen.values), prefer: options.prefer, shadowed: shadowedBefore)

        var verified: [VerifiedPack] = []
        var changes: [InstallPlan.Change] = []
        for candidate in toInstall {
            let previous = lock[candidate.name]
            if let previous, candidate.version < previous.version, !options.allowDowngrade {
                throw PackError.downgradeRefused(pack: candidate.name, installed: previous.version.description, offered: candidate.version.description)
            }
            let pack = try session.unpack(candidate)
            if let want = expected[candidate.name], want.manifestSHA256 != pack.manifestSHA256 {
                throw PackError.invalidLockfile(file: "packs.lock", reason: "\(candidate.id) from \(want.source) has different contents than the lock records (MANIFEST SHA-256 \(pack.manifestSHA256), expected \(want.manifestSHA256))")
            }
            if let previous, previous.version == pack.manifest.version {
                let intact = FileManager.default.fileExists(atPath: packsDirectory.appendingPathComponent(previous.folderName).path)
                if previous.manifestSHA256 == pack.manifestSHA256, intact { continue }
                if previous.manifestSHA256 != pack.manifestSHA256, expected.isEmpty {
                    throw PackError.invalidSource(source: session.source(of: candidate), reason: "\(candidate.id) is installed with different contents; give the new contents a new version, or `refer pack remove \(candidate.name)` first")
                }
            }
            verified.append(pack)
            let granted = Set(previous?.permissions ?? [])
            changes.append(.init(
                manifest: pack.manifest, replacing: previous?.version, source: session.source(of: candidate), signer: pack.signer,
                newPermissions: pack.manifest.permissions.filter { !granted.contains($0) }, shadowedPlugins: shadowed[candidate.name] ?? []))
        }
        let shadowChanged = lock.packs.contains { (shadowed[$0.name] ?? []) != $0.shadowedPlugins && chosen[$0.name] != nil }
        if changes.isEmpty && removing.isEmpty && !shadowChanged { return [] }
        guard consent(InstallPlan(changes: changes, removals: removing)) else {
            throw PackError.consentDeclined(pack: changes.map { $0.manifest.id }.joined(separator: ", "))
        }
        CrashPoint.reach("after-extract")

        var newLock = lock
        for name in removing { newLock.remove(name) }
        var entries: [PackLock.Entry] = []
        for (pack, change) in zip(verified, changes) {
            let target = packsDirectory.appendingPathComponent(pack.manifest.id)
            if FileManager.default.fileExists(atPath: target.path) { try? FileManager.default.removeItem(at: target) }
            guard rename(pack.folder.path, target.path) == 0 else {
                throw PackError.fileSystem(path: target.path, reason: "cannot move the checked pack into place (errno \(errno)); nothing was changed")
            }
            let entry = PackLock.Entry(
                name: pack.manifest.name, version: pack.manifest.version, source: change.source,
                archiveSHA256: pack.archiveSHA256, manifestSHA256: pack.manifestSHA256,
                signer: pack.signer?.id, signerLabel: pack.signer?.label, permissions: pack.manifest.permissions,
                plugins: pack.manifest.plugins, shadowedPlugins: change.shadowedPlugins,
                dependencies: Dictionary(pack.manifest.dependencies.map { ($0.name, $0.range.text) }, uniquingKeysWith: { a, _ in a }))
            newLock.set(entry)
            entries.append(entry)
        }
        for index in newLock.packs.indices where chosen[newLock.packs[index].name] != nil {
            newLock.packs[index].shadowedPlugins = shadowed[newLock.packs[index].name] ?? []
        }
        CrashPoint.reach("after-rename")
        try newLock.write(to: lockFile)
        CrashPoint.reach("after-lock")
        sweep(keeping: newLock)
        return entries
    }
}
