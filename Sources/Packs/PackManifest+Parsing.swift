import Foundation
import TOMLKit

extension PackManifest {
    /// Top-level keys pack.toml may hold; anything else is most likely a typo.
    static let knownKeys: Set<String> = [
        "name", "version", "description", "authors", "license", "host_api",
        "plugins", "templates", "data", "permissions", "dependencies",
    ]

    /// Reads and validates `pack.toml` in `folder`.
    public static func load(fromFolder folder: URL) throws -> PackManifest {
        let file = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw PackError.missingManifest(folder: folder.path)
        }
        return try parse(data, file: file.path)
    }

    /// Parses `pack.toml` text. `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> PackManifest {
        guard let text = String(data: data, encoding: .utf8) else {
            throw PackError.invalidManifest(file: file, line: nil, key: nil, reason: "the file is not UTF-8 text")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PackError.invalidManifest(file: file, line: error.source.begin.line, key: nil, reason: error.description)
        } catch {
            throw PackError.invalidManifest(file: file, line: nil, key: nil, reason: "\(error)")
        }
        let reader = ManifestReader(table: table, text: text, file: file)
        for key in table.keys.sorted() where !knownKeys.contains(key) {
            throw reader.error(key, "is not a pack.toml key (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        let name = try reader.string("name")
        guard isValidName(name) else {
            throw reader.error("name", "\"\(name)\" must be lowercase letters, digits and dashes (e.g. gift-ideas)")
        }
        let versionText = try reader.string("version")
        guard let version = SemanticVersion(versionText) else {
            throw reader.error("version", "\"\(versionText)\" is not a semantic version such as 1.0.0 or 1.1.0-rc.1")
        }
        let hostText = try reader.string("host_api")
        guard let hostAPI = VersionRange(hostText) else {
            throw reader.error("host_api", "\"\(hostText)\" is not a version range such as \">=1.0, <2.0\"")
        }
        let plugins = try reader.strings("plugins")
        for plugin in plugins where !isValidName(plugin) {
            throw reader.error("plugins", "plugin name \"\(plugin)\" must be lowercase letters, digits and dashes")
        }
        let permissions = try reader.strings("permissions")
        for permission in permissions where !isValidPermission(permission) {
            throw reader.error("permissions", "\"\(permission)\" is not a permission such as \"tasks\" or \"read:contacts\"")
        }
        let templates = try reader.strings("templates")
        let dataFiles = try reader.strings("data")
        for path in templates + dataFiles {
            if let problem = EntryPathPolicy.problem(with: path) {
                throw reader.error(templates.contains(path) ? "templates" : "data", "path \"\(path)\" \(problem)")
            }
        }
        var dependencies: [PackDependency] = []
        if let value = table["dependencies"] {
            guard let deps = value.table else { throw reader.error("dependencies", "must be a table of name = \"range\"") }
            for key in deps.keys.sorted() {
                guard isValidName(key) else { throw reader.error(key, "dependency name \"\(key)\" must be lowercase letters, digits and dashes") }
                guard let text = deps[key]?.string else { throw reader.error(key, "must be a version range string such as \"^1.2\"") }
                guard let range = VersionRange(text) else {
                    throw reader.error(key, "\"\(text)\" is not a version range (forms: ^1.2, ~1.2.3, >=1.0 <2.0, 1.2.3)")
                }
                dependencies.append(PackDependency(name: key, range: range))
            }
        }
        return PackManifest(
            name: name, version: version,
            description: try reader.optionalString("description") ?? "",
            authors: try reader.strings("authors"),
            license: try reader.optionalString("license"),
            hostAPI: hostAPI, plugins: plugins, templates: templates, data: dataFiles,
            permissions: permissions, dependencies: dependencies)
    }
}

/// Typed access to a parsed `pack.toml` whose errors name the file, line and key.
struct ManifestReader {
    let table: TOMLTable
    let text: String
    let file: String

    func error(_ key: String, _ reason: String) -> PackError {
        .invalidManifest(file: file, line: line(of: key), key: key, reason: reason)
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw error(key, "is required") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = table[key] else { return nil }
        guard let s = value.string else { throw error(key, "must be a string") }
        return s
    }

    func strings(_ key: String) throws -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw error(key, "must be a list of strings") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw error(key, "must be a list of strings") }
            out.append(s)
        }
        return out
    }

    /// The first line that assigns `key`, so errors point at it. TOMLKit keeps no positions.
    func line(of key: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix(key) else { continue }
            let rest = trimmed.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
            if rest.hasPrefix("=") { return index + 1 }
        }
        return nil
    }
}
