import ArgumentParser
import Foundation
import Packs
import Store

/// Options of the commands that change what is installed.
struct InstallFlags: ParsableArguments {
    @Flag(help: "Agree to the permissions without asking.")
    var yes = false

    @Flag(help: "Allow replacing an installed version with an older one.")
    var allowDowngrade = false

    @Option(help: ArgumentHelp("When two packs offer the same plugin, use this pack's.", valueName: "pack"))
    var prefer: [String] = []

    var options: InstallOptions { InstallOptions(allowDowngrade: allowDowngrade, prefer: prefer) }

    /// Shows the plan and asks on stdin, unless --yes. The plan goes to stderr so that
    /// stdout stays clean for --json and scripts.
    func consent(_ plan: InstallPlan) -> Bool {
        var text = ""
        for change in plan.changes {
            let m = change.manifest
            let verb = change.replacing.map { $0 > m.version ? "Downgrade \(m.name) \($0) →" : "Update \(m.name) \($0) →" } ?? "Install"
            text += "\(verb) \(m.id)\(m.description.isEmpty ? "" : " — \(m.description)")\n"
            text += "  from:        \(change.source)\n"
            text += "  signed by:   \(change.signer?.displayName ?? "nobody (unsigned)")\n"
            if !m.plugins.isEmpty { text += "  plugins:     \(m.plugins.joined(separator: ", "))\n" }
            if !change.shadowedPlugins.isEmpty { text += "  not used:    \(change.shadowedPlugins.joined(separator: ", ")) (another pack's is preferred)\n" }
            if !m.templates.isEmpty { text += "  templates:   \(m.templates.joined(separator: ", "))\n" }
            if !m.data.isEmpty { text += "  data:        \(m.data.joined(separator: ", "))\n" }
            text += "  permissions: \(m.permissions.isEmpty ? "none" : m.permissions.joined(separator: ", "))\n"
            if change.replacing != nil, !change.newPermissions.isEmpty {
                text += "  new permissions: \(change.newPermissions.joined(separator: ", "))\n"
            }
        }
        for name in plan.removals { text += "Remove \(name)\n" }
        if !yes { text += "Proceed? [y/N] " }
        FileHandle.standardError.write(Data(text.utf8))
        if yes { return true }
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        // A piped answer is not echoed; end the prompt's line ourselves.
        if isatty(0) == 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        return answer == "y" || answer == "yes"
    }
}

extension GlobalOptions {
    /// The practice's installer, with its trusted keys and `[packs]` settings.
    func packInstaller() throws -> PackInstaller {
        let practice = try openPractice()
        return try withPackErrors {
            try PackInstaller(practiceRoot: practice.root, packsDirectory: practice.packsDirectory,
                              allowUnsigned: practice.config.packs.allowUnsigned)
        }
    }

    /// `install --lockfile` and `sync`: make the installed packs match `lockfile`.
    func syncPacks(to lockfile: String, flags: InstallFlags) throws {
        let installer = try packInstaller()
        let entries = try withPackErrors { try installer.sync(lockfile: URL(fileURLWithPath: lockfile), consent: flags.consent) }
        try report(entries, nothing: "Already matches \(lockfile).")
    }

    /// Prints what changed.
    func report(_ entries: [PackLock.Entry], nothing: String) throws {
        if json { return try printJSON(entries) }
        if entries.isEmpty { print(nothing) }
        for entry in entries { print("Installed \(entry.name)@\(entry.version)") }
    }
}

extension Refer.Pack {
    /// `refer pack install SOURCE...`.
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install packs from archives, folders or git repositories.",
            discussion: """
            Checks every file and the signature, shows what the pack adds and the
            permissions it asks for, and installs into packs/NAME@VERSION only if you agree.
            Dependencies come from packs beside the source or already installed.
            Examples:
              refer pack install gift-ideas-1.0.0.referpack
              refer pack install git+https://example.org/packs/gift-ideas.git#v1.0.0
              refer pack install ./gift-ideas-repo --ref v1.0.0
              refer pack install --lockfile other-practice/packs.lock
            """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var flags: InstallFlags

        @Argument(help: "Archives (.referpack), pack folders, or git+ADDRESS#REF.")
        var sources: [String] = []

        @Option(help: "For a git repository: the tag, branch or commit to install.")
        var ref: String?

        @Option(help: "Install exactly the packs recorded in this packs.lock instead.")
        var lockfile: String?

        func run() throws {
            let installer = try global.packInstaller()
            if let lockfile {
                guard sources.isEmpty else { throw CLIError("give either sources or --lockfile, not both") }
                return try global.syncPacks(to: lockfile, flags: flags)
            }
            guard !sources.isEmpty else { throw CLIError("nothing to install; give a .referpack archive, a pack folder or git+ADDRESS#REF") }
            let entries = try withPackErrors {
                try installer.install(try sources.map { try PackSource.parse($0, ref: ref) }, options: flags.options, consent: flags.consent)
            }
            try global.report(entries, nothing: "Already installed; nothing changed.")
        }
    }

    /// `refer pack update [NAME...]`.
    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Install newer versions of installed packs from where they came from.",
            discussion: "Example:\n  refer pack update gift-ideas")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var flags: InstallFlags

        @Argument(help: "Packs to update (default: all).")
        var names: [String] = []

        func run() throws {
            let installer = try global.packInstaller()
            let entries = try withPackErrors { try installer.update(names, options: flags.options, consent: flags.consent) }
            try global.report(entries, nothing: "Everything is up to date.")
        }
    }

    /// `refer pack sync LOCKFILE`.
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Make the installed packs match a packs.lock (e.g. another machine's).",
            discussion: "Example:\n  refer pack sync ../office/packs.lock --yes")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var flags: InstallFlags

        @Argument(help: "The packs.lock to reproduce.")
        var lockfile: String

        func run() throws {
            try global.syncPacks(to: lockfile, flags: flags)
        }
    }

    /// `refer pack remove NAME`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an installed pack.", discussion: "Example:\n  refer pack remove gift-ideas")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The pack's name.")
        var name: String

        func run() throws {
            let installer = try global.packInstaller()
            let entry = try withPackErrors { try installer.remove(name) }
            print("Removed \(entry.name)@\(entry.version)")
        }
    }

    /// `refer pack list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List installed packs (from packs.lock).")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let lock = try withPackErrors { try global.packInstaller().installed() }
            if global.json { return try printJSON(lock.packs) }
            if lock.packs.isEmpty { print("No packs installed.") }
            for entry in lock.packs {
                let signer = entry.signer.map { id in entry.signerLabel.map { "\($0) (\(id))" } ?? id } ?? "unsigned"
                let unused = entry.shadowedPlugins.isEmpty ? "" : "  not used: \(entry.shadowedPlugins.joined(separator: ", "))"
                print("\(entry.name) \(entry.version)  signed by \(signer)  permissions: \(entry.permissions.joined(separator: ", "))\(unused)")
            }
        }
    }
}
