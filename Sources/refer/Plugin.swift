import ArgumentParser
import Foundation
import Model
import Packs
import PluginHost
import Scheduler
import Store

extension Refer {
    /// `refer plugin ...`: list, inspect, check, scaffold and test plugins.
    struct Plugin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plugin",
            abstract: "List, inspect, check, create and test plugins.",
            subcommands: [List.self, Info.self, Check.self, New.self, Test.self, API.self]
        )
    }
}

extension Refer.Plugin {
    /// The catalogue the practice sees: its plugins, installed packs, built-ins.
    static func catalog(_ practice: Practice) -> PluginCatalog {
        PluginCatalog.forPractice(practice, packPlugins: PackPlugins.locations(practice))
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the plugins the practice can run.",
            discussion: "Example:\n  refer plugin list --json")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let practice = try global.openPractice()
            let catalog = Refer.Plugin.catalog(practice)
            let runner = PluginRunner(practice: practice, store: nil, catalog: catalog, output: { _ in })
            struct Row: Encodable { var name: String; var location: String; var description: String?; var every: String?; var on: [String]; var error: String? }
            var rows: [Row] = []
            for location in catalog.allLocations() {
                do {
                    let d = try runner.check(location.name)
                    rows.append(Row(name: d.name, location: location.displayPath, description: d.description, every: d.every, on: d.on, error: nil))
                } catch {
                    rows.append(Row(name: location.name, location: location.displayPath, description: nil, every: nil, on: [], error: "\(error)"))
                }
            }
            if global.json { return try printJSON(rows) }
            print(table(["NAME", "FROM", "WHEN", "DESCRIPTION"], rows.map { r in
                [r.name, r.location.split(separator: "/").first.map(String.init) ?? "", r.every ?? r.on.joined(separator: ","), r.description ?? "BROKEN: \(r.error ?? "")"]
            }))
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show a plugin's definition and permissions.",
            discussion: "Example:\n  refer plugin info thank-you")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plugin's name.") var name: String

        func run() throws {
            let practice = try global.openPractice()
            let catalog = Refer.Plugin.catalog(practice)
            let runner = PluginRunner(practice: practice, store: nil, catalog: catalog, output: { _ in })
            let d = try pluginCall { try runner.check(name) }
            let location = try pluginCall { try catalog.locate(name) }
            struct Info: Encodable { var name, description, location: String; var every: String?; var on, permissions: [String] }
            let info = Info(name: d.name, description: d.description, location: location.displayFile, every: d.every, on: d.on, permissions: d.permissions)
            if global.json { return try printJSON(info) }
            print("""
                \(d.name) — \(d.description)
                file:        \(location.displayFile)
                schedule:    \(d.every ?? "-")
                events:      \(d.on.isEmpty ? "-" : d.on.joined(separator: ", "))
                permissions: \(d.permissions.isEmpty ? "(none)" : d.permissions.joined(separator: ", "))
                """)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a plugin without running it: its table, permissions and schedule.",
            discussion: "Exit status 1 with the problem when it is not right.\n\nExample:\n  refer plugin check thank-you")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plugin's name.") var name: String

        func run() throws {
            let practice = try global.openPractice()
            let runner = PluginRunner(practice: practice, store: nil, catalog: Refer.Plugin.catalog(practice), output: { _ in })
            let d = try pluginCall { try runner.check(name) }
            let unknown = PluginPermissions.unknown(in: d.permissions)
            if !unknown.isEmpty {
                throw CLIError("plugin '\(name)': unknown permission(s) \(unknown.joined(separator: ", ")) (known: \(PluginPermissions.known.joined(separator: ", ")))")
            }
            if let every = d.every {
                do {
                    _ = try ScheduleExpression(every)
                } catch {
                    throw CLIError("plugin '\(name)': every = \"\(every)\": \(error)")
                }
            }
            print("\(name): ok")
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create a new plugin in plugins/NAME with a template and a test case.",
            discussion: "Example:\n  refer plugin new birthday-cards")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new plugin's name (lower-case letters, digits, '-').") var name: String

        func run() throws {
            let practice = try global.openPractice()
            guard PluginCatalog.isValidName(name) else { throw CLIError("'\(name)' is not a plugin name (use lower-case letters, digits and '-')") }
            let dir = practice.pluginsDirectory.appendingPathComponent(name)
            guard !FileManager.default.fileExists(atPath: dir.path) else { throw CLIError("plugins/\(name) already exists; nothing was changed") }
            try PluginScaffold.write(name: name, to: dir)
            print("Made plugins/\(name): plugin.lua, templates/hello.txt.mustache, tests/basic/. Try `refer plugin test \(name)`.")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run a plugin's tests: each tests/CASE/fixture.json in a fresh temporary practice, with dry-run effects compared to tests/CASE/expected.json.",
            discussion: "Exit status 1 when a case fails.\n\nExample:\n  refer plugin test gift-picker")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plugin's name.") var name: String

        func run() throws {
            let practice = try global.openPractice()
            let tester = PluginTester(catalog: Refer.Plugin.catalog(practice), limits: PluginRunner(practice: practice, store: nil, output: { _ in }).limits)
            let cases = try pluginCall { try tester.cases(of: name) }
            guard !cases.isEmpty else { throw CLIError("plugin '\(name)' has no tests (add tests/CASE/fixture.json and expected.json)") }
            var failed = 0
            var results: [PluginTester.CaseResult] = []
            for dir in cases {
                let result: PluginTester.CaseResult
                do {
                    result = try tester.run(name, case: dir)
                } catch {
                    result = .init(name: dir.lastPathComponent, failures: ["\(error)"], effects: [], output: [])
                }
                results.append(result)
                if !result.passed { failed += 1 }
                if !global.json {
                    print("\(result.passed ? "ok  " : "FAIL") \(name)/\(result.name)")
                    for f in result.failures { print("       \(f)") }
                    if !result.passed && !result.effects.isEmpty {
                        print("       the plugin asked for:")
                        for e in result.effects { print("         - \(e.summary)") }
                    }
                }
            }
            if global.json {
                struct Row: Encodable { var name: String; var passed: Bool; var failures: [String] }
                try printJSON(results.map { Row(name: $0.name, passed: $0.passed, failures: $0.failures) })
            } else {
                print("\(cases.count - failed) passed, \(failed) failed")
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct API: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "api",
            abstract: "Print the plugin API as lua-language-server definitions or as Markdown.",
            discussion: "Examples:\n  refer plugin api > refer.d.lua\n  refer plugin api --format markdown > docs/plugin-api.md")

        @Option(help: "lua or markdown.") var format: String = "lua"

        func run() throws {
            switch format {
            case "lua": print(PluginAPI.luaDefinitions(), terminator: "")
            case "markdown", "md": print(PluginAPI.markdown(), terminator: "")
            default: throw CLIError("--format must be lua or markdown (got \(format))")
            }
        }
    }
}

/// Turns plugin errors into one-line messages.
func pluginCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PluginError {
        throw CLIError(error.description)
    } catch let error as FixtureError {
        throw CLIError(error.description)
    }
}

/// The plugins installed packs supply, as the plugin host finds them.
enum PackPlugins {
    static func locations(_ practice: Practice) -> [PluginLocation] {
        let lockFile = practice.root.appendingPathComponent("packs.lock")
        guard FileManager.default.fileExists(atPath: lockFile.path), let lock = try? PackLock.read(from: lockFile) else { return [] }
        return lock.activePlugins(packsDirectory: practice.packsDirectory).map { p in
            PluginLocation(name: p.name, directory: p.folder, displayPath: "packs/\(p.pack)@\(p.version)/plugins/\(p.name)")
        }
    }
}
