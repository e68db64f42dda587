import Foundation
import Model
import TOMLKit

/// A practice is a folder: `refer.toml`, `refer.sqlite`, `plugins/`, `packs/`, `outbox/`.
public struct Practice: Sendable {
    /// The practice folder.
    public let root: URL
    /// The parsed `refer.toml`.
    public let config: PracticeConfig

    public static let configFileName = "refer.toml"
    public static let storeFileName = "refer.sqlite"
    /// The variable that names a practice folder when `--practice` is not given.
    public static let environmentVariable = "REFER_PRACTICE"

    public var configFile: URL { root.appendingPathComponent(Self.configFileName) }
    public var storeFile: URL { root.appendingPathComponent(Self.storeFileName) }
    public var pluginsDirectory: URL { root.appendingPathComponent("plugins", isDirectory: true) }
    public var packsDirectory: URL { root.appendingPathComponent("packs", isDirectory: true) }
    public var outboxDirectory: URL { root.appendingPathComponent("outbox", isDirectory: true) }

    public init(root: URL, config: PracticeConfig) {
        self.root = root
        self.config = config
    }

    /// Opens the practice at `root`, reading its `refer.toml`.
    public static func open(at root: URL) throws -> Practice {
        let root = root.standardizedFileURL
        let file = root.appendingPathComponent(configFileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw PracticeError.notAPractice(root.path)
        }
        return Practice(root: root, config: try loadConfig(from: file))
    }

    /// Finds the practice: `explicit` (`--practice`), then `$REFER_PRACTICE`, then the
    /// nearest folder holding `refer.toml` from `currentDirectory` upwards.
    public static func locate(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> Practice {
        if let explicit, !explicit.isEmpty {
            return try open(at: URL(fileURLWithPath: explicit, relativeTo: currentDirectory))
        }
        if let fromEnv = environment[environmentVariable], !fromEnv.isEmpty {
            return try open(at: URL(fileURLWithPath: fromEnv, relativeTo: currentDirectory))
        }
        var dir = currentDirectory.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(configFileName).path) {
                return try open(at: dir)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        throw PracticeError.noPracticeFound(startingAt: currentDirectory.path)
    }

    /// Reads and validates a `refer.toml`.
    public static func loadConfig(from file: URL) throws -> PracticeConfig {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw PracticeError.unreadableConfig(file.path, reason: "\(error.localizedDescription)")
        }
        let config: PracticeConfig
        do {
            config = try TOMLDecoder().decode(PracticeConfig.self, from: text)
        } catch let error as TOMLParseError {
            throw PracticeError.invalidConfig(
                file.path, line: error.source.begin.line,
                reason: error.description)
        } catch {
            throw PracticeError.invalidConfig(file.path, line: nil, reason: describeDecodingError(error))
        }
        try validate(config, file: file)
        return config
    }

    static func validate(_ config: PracticeConfig, file: URL) throws {
        let limits = config.limits
        if limits.memoryMiB < 1 || limits.memoryMiB > 4096 {
            throw PracticeError.invalidConfig(file.path, line: nil, reason: "[limits] memory_mib must be between 1 and 4096 (got \(limits.memoryMiB))")
        }
        if !(limits.timeoutSeconds > 0 && limits.timeoutSeconds <= 3600) {
            throw PracticeError.invalidConfig(file.path, line: nil, reason: "[limits] timeout_seconds must be above 0 and at most 3600 (got \(limits.timeoutSeconds))")
        }
        if limits.instructions < 1000 {
            throw PracticeError.invalidConfig(file.path, line: nil, reason: "[limits] instructions must be at least 1000 (got \(limits.instructions))")
        }
        if TimeZone(identifier: config.practice.timezone) == nil {
            throw PracticeError.invalidConfig(file.path, line: nil, reason: "[practice] timezone \"\(config.practice.timezone)\" is not a known IANA time zone (e.g. \"Europe/Bucharest\")")
        }
    }

    static func describeDecodingError(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(let type, let context),
             DecodingError.valueNotFound(let type, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path) should be \(type)"
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// Why a practice folder could not be found or opened.
public enum PracticeError: Error, Equatable, CustomStringConvertible {
    case notAPractice(String)
    case noPracticeFound(startingAt: String)
    case alreadyAPractice(String)
    case unreadableConfig(String, reason: String)
    case invalidConfig(String, line: Int?, reason: String)

    public var description: String {
        switch self {
        case .notAPractice(let path):
            return "\(path) is not a Refer practice (no refer.toml). Run `refer init \(path)` to make one."
        case .noPracticeFound(let start):
            return "no Refer practice found in \(start) or any folder above it. Use --practice DIR, set REFER_PRACTICE, or run `refer init`."
        case .alreadyAPractice(let path):
            return "\(path) already holds a practice (refer.toml exists); nothing was changed."
        case .unreadableConfig(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .invalidConfig(let path, let line, let reason):
            if let line { return "\(path):\(line): \(reason)" }
            return "\(path): \(reason)"
        }
    }
}
