import Foundation
import Packs
import Testing

/// Temporary folders, pack folders and crafted archives for the tests.
enum PackFixtures {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = repositoryRoot.appendingPathComponent("examples/packs")

    /// A fresh empty folder, removed by nobody: the system cleans its temp folder.
    static func temporaryFolder(_ label: String = "packs") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("refer-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    /// Writes a pack folder `NAME-VERSION/` inside `parent`.
    @discardableResult
    static func makePack(
        in parent: URL, name: String, version: String, plugins: [String]? = nil, dependencies: [String: String] = [:],
        permissions: [String] = ["tasks"], hostAPI: String = ">=1.0, <2.0", folderName: String? = nil
    ) throws -> URL {
        let folder = parent.appendingPathComponent(folderName ?? "\(name)-\(version)")
        let plugins = plugins ?? ["\(name)-plugin"]
        var toml = """
        name = "\(name)"
        version = "\(version)"
        description = "Test pack \(name)"
        authors = ["Tests"]
        license = "MIT"
        host_api = "\(hostAPI)"
        plugins = [\(plugins.map { "\"\($0)\"" }.joined(separator: ", "))]
        data = ["data/items.csv"]
        permissions = [\(permissions.map { "\"\($0)\"" }.joined(separator: ", "))]

        """
        if !dependencies.isEmpty {
            toml += "[dependencies]\n" + dependencies.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"" }.joined(separator: "\n") + "\n"
        }
        try write(toml, to: folder.appendingPathComponent("pack.toml"))
        try write("sku,name\nx,\(name) \(version)\n", to: folder.appendingPathComponent("data/items.csv"))
        for plugin in plugins {
            try write("""
            local refer = require "refer"
            return refer.plugin { name = "\(plugin)", permissions = { "tasks" }, run = function(ctx) end }

            """, to: folder.appendingPathComponent("plugins/\(plugin)/plugin.lua"))
        }
        return folder
    }

    static func write(_ text: String, to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Builds `folder` into an archive in `output` (default: beside it), signed when `key` is given.
    static func archive(_ folder: URL, key: PackSigningKey? = nil, output: URL? = nil) throws -> URL {
        let archive = try PackBuilder.build(folder: folder, outputDirectory: output)
        if let key { try PackSigner.sign(archive: archive, with: key) }
        return archive
    }

    /// One entry of a crafted archive (see Fixtures/make_zip.py).
    struct Entry: Encodable {
        var name: String
        var text: String?
        var repeatChar: String?
        var repeatCount: Int?
        var mode: Int?
        var method: String?
        var claimSize: Int?

        init(_ name: String, text: String = "x", mode: Int? = nil, method: String? = nil) {
            self.name = name
            self.text = text
            self.mode = mode
            self.method = method
        }

        static func repeated(_ name: String, _ char: String, count: Int, claimSize: Int? = nil) -> Entry {
            var e = Entry(name)
            e.text = nil
            e.repeatChar = char
            e.repeatCount = count
            e.claimSize = claimSize
            return e
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(text, forKey: .text)
            if let repeatChar, let repeatCount { try c.encode([AnyCodable.string(repeatChar), .int(repeatCount)], forKey: .repeat) }
            try c.encodeIfPresent(mode, forKey: .mode)
            try c.encodeIfPresent(method, forKey: .method)
            try c.encodeIfPresent(claimSize, forKey: .claimSize)
        }

        enum Key: String, CodingKey { case name, text, `repeat`, mode, method, claimSize = "claim_size" }
    }

    enum AnyCodable: Encodable {
        case string(String), int(Int)
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .int(let i): try c.encode(i)
            }
        }
    }

    struct Spec: Encodable {
        var base: String?
        var drop: [String]?
        var replace: [String: String]?
        var entries: [Entry]?
    }

    /// Writes a crafted archive with Python's zipfile and returns its location.
    static func craft(_ spec: Spec, named name: String = "crafted.referpack", in folder: URL? = nil) throws -> URL {
        let folder = try folder ?? temporaryFolder("crafted")
        let specFile = folder.appendingPathComponent("\(name).json")
        try JSONEncoder().encode(spec).write(to: specFile)
        let output = folder.appendingPathComponent(name)
        let (status, text) = try run("/usr/bin/env", ["python3", fixtures.appendingPathComponent("make_zip.py").path, specFile.path, output.path])
        guard status == 0 else { throw PackError.fileSystem(path: output.path, reason: "make_zip.py failed: \(text)") }
        return output
    }

    /// Runs a program, returning its exit status and its stdout+stderr.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:], in directory: URL? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Unpacks `archive` into a fresh folder under `policy` (default: unsigned allowed).
    static func unpack(_ archive: URL, policy: SignaturePolicy = SignaturePolicy(trustedKeys: [], allowUnsigned: true), limits: ArchiveLimits = .standard) throws -> VerifiedPack {
        let destination = try temporaryFolder("unpack").appendingPathComponent("out")
        return try PackArchive.unpack(archive, into: destination, policy: policy, limits: limits)
    }

    /// A practice-like folder with packs/, for the installer.
    static func practice(allowUnsigned: Bool = true, trusting keys: [PackPublicKey] = []) throws -> PackInstaller {
        let root = try temporaryFolder("practice")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("packs"), withIntermediateDirectories: true)
        for key in keys { try TrustedKeys(practiceRoot: root).trust(key) }
        return try PackInstaller(practiceRoot: root, packsDirectory: root.appendingPathComponent("packs"), allowUnsigned: allowUnsigned)
    }
}

/// Expects `body` to throw a `PackError` matching `match`, and returns its message.
@discardableResult
func expectPackError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation, _ match: (PackError) -> Bool) -> String {
    do {
        try body()
        Issue.record("expected a PackError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as PackError {
        #expect(match(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
        return error.description
    } catch {
        Issue.record("expected a PackError, got \(error)", sourceLocation: sourceLocation)
    }
    return ""
}
