import Foundation
import Packs
import Testing

/// pack.toml is read as data, with errors that name the file, line and key.
@Suite struct ManifestTests {
    func parse(_ text: String) throws -> PackManifest { try PackManifest.parse(Data(text.utf8), file: "x/pack.toml") }

    let valid = """
    name = "gift-ideas"
    version = "1.2.0-rc.1"
    host_api = ">=1.0, <2.0"
    plugins = ["gift-selector"]
    permissions = ["gifts", "read:contacts"]
    data = ["data/gifts.csv"]

    [dependencies]
    base = "^1.2"
    """

    @Test func readsEveryField() throws {
        let m = try parse(valid)
        #expect(m.id == "gift-ideas@1.2.0-rc.1")
        #expect(m.permissions == ["gifts", "read:contacts"])
        #expect(m.dependencies == [PackDependency(name: "base", range: VersionRange("^1.2")!)])
    }

    @Test func theExamplePacksAreValid() throws {
        for name in ["attorney-partners", "gift-ideas"] {
            let contents = try PackBuilder.contents(of: PackFixtures.examples.appendingPathComponent(name))
            #expect(contents.manifest.name == name)
            #expect(contents.manifest.hostAPI.contains(PackHost.apiVersion))
        }
    }

    @Test(arguments: [
        ("name = \"Gift Ideas\"", "name", 1),
        ("version = \"1.0\"", "version", 2),
        ("host_api = \"about one\"", "host_api", 3),
        ("permissions = [\"Send Mail\"]", "permissions", 5),
        ("data = [\"../etc/passwd\"]", "data", 6),
    ])
    func namesTheBadKeyAndLine(replacement: String, key: String, line: Int) throws {
        var lines = valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = replacement
        let message = expectPackError({ _ = try parse(lines.joined(separator: "\n")) }) {
            if case .invalidManifest(let file, let l, let k, _) = $0 { return file == "x/pack.toml" && l == line && k == key }
            return false
        }
        #expect(message.hasPrefix("x/pack.toml:\(line)"))
    }

    @Test func reportsTOMLSyntaxErrorsWithTheLine() {
        expectPackError({ _ = try parse("name = \"a\"\nversion = \n") }) {
            if case .invalidManifest(_, let line, _, _) = $0 { return line == 2 }
            return false
        }
    }

    @Test func reportsMissingRequiredKeys() {
        expectPackError({ _ = try parse("name = \"a\"\n") }) {
            if case .invalidManifest(_, _, let key, let reason) = $0 { return key == "version" && reason == "is required" }
            return false
        }
    }
}

extension ManifestTests {
    @Test func refusesUnknownKeys() {
        expectPackError({ _ = try parse(valid.replacingOccurrences(of: "permissions =", with: "permision =")) }) {
            if case .invalidManifest(_, let line, let key, _) = $0 { return key == "permision" && line == 5 }
            return false
        }
    }
}
