import Foundation

/// Where a pack comes from.
public enum PackSource: Sendable, Equatable, CustomStringConvertible {
    /// A `.referpack` archive file.
    case archive(URL)
    /// A pack folder with pack.toml; built into an archive before it is checked.
    case folder(URL)
    /// A git repository (any address `git clone` accepts) at a tag, branch or commit.
    case git(repository: String, ref: String)

    /// Reads what the user typed: `FILE.referpack`, `DIR`, `git+ADDRESS#REF`, or a
    /// repository folder or address with `ref`.
    public static func parse(_ text: String, ref: String? = nil, relativeTo base: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> PackSource {
        if text.hasPrefix("git+") {
            let rest = String(text.dropFirst(4))
            if let hash = rest.lastIndex(of: "#") {
                return .git(repository: String(rest[..<hash]), ref: ref ?? String(rest[rest.index(after: hash)...]))
            }
            return .git(repository: rest, ref: ref ?? "HEAD")
        }
        let url = URL(fileURLWithPath: text, relativeTo: base).standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if let ref {
            return .git(repository: exists ? url.path : text, ref: ref)
        }
        guard exists else {
            throw PackError.invalidSource(source: text, reason: "no such file or folder; give a .referpack archive, a pack folder, or git+ADDRESS#TAG")
        }
        if !isDirectory.boolValue { return .archive(url) }
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(PackManifest.fileName).path) { return .folder(url) }
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return .git(repository: url.path, ref: "HEAD") }
        throw PackError.missingManifest(folder: url.path)
    }

    /// How the source is written in packs.lock.
    public var description: String {
        switch self {
        case .archive(let url): return url.path
        case .folder(let url): return url.path
        case let .git(repository, ref): return "git+\(repository)#\(ref)"
        }
    }
}

/// Runs `git` (found on PATH) to fetch a repository at a ref into a folder.
enum GitFetcher {
    /// Clones `repository` into `destination`, checks out `ref`, and returns the commit.
    /// The `.git` folder is removed afterwards so that only the pack's files remain.
    static func fetch(repository: String, ref: String, into destination: URL) throws -> String {
        let source = "\(repository)#\(ref)"
        // A ref or address starting with "-" would be read by git as an option.
        guard !ref.hasPrefix("-"), !ref.isEmpty, !repository.hasPrefix("-") else {
            throw PackError.invalidSource(source: source, reason: "a git address or ref may not be empty or start with \"-\"")
        }
        // ext:: addresses run commands; packs never need them.
        try run(["-c", "protocol.ext.allow=never", "clone", "--quiet", "--no-checkout", "--", repository, destination.path], source: source)
        try run(["-C", destination.path, "-c", "advice.detachedHead=false", "checkout", "--quiet", ref, "--"], source: source)
        let commit = try run(["-C", destination.path, "rev-parse", "HEAD"], source: source).trimmingCharacters(in: .whitespacesAndNewlines)
        try? FileManager.default.removeItem(at: destination.appendingPathComponent(".git"))
        return commit
    }

    /// The repository's tags that read as semantic versions (`1.2.0` or `v1.2.0`), by version.
    static func versionTags(repository: String, scratch: URL) throws -> [(tag: String, version: SemanticVersion)] {
        let out = try run(["ls-remote", "--tags", "--", repository], source: repository)
        var tags: [(String, SemanticVersion)] = []
        for line in out.split(separator: "\n") {
            guard let ref = line.split(separator: "\t").last, ref.hasPrefix("refs/tags/"), !ref.hasSuffix("^{}") else { continue }
            let tag = String(ref.dropFirst("refs/tags/".count))
            if let version = SemanticVersion(tag.hasPrefix("v") ? String(tag.dropFirst()) : tag) { tags.append((tag, version)) }
        }
        return tags.sorted { $0.1 < $1.1 }
    }

    @discardableResult
    static func run(_ arguments: [String], source: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw PackError.gitFailed(source: source, output: "cannot run git: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw PackError.gitFailed(source: source, output: text) }
        return text
    }
}
