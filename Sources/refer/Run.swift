import ArgumentParser
import Foundation
import Model
import PluginHost

extension Refer {
    /// `refer run NAME`: run a plugin by name.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a plugin by name.",
            discussion: """
            Loads plugins/NAME/plugin.lua in a fresh sandbox, checks the table it returns,
            and calls its run function under the limits of refer.toml ([limits]).
            What the plugin prints is shown prefixed with its name. The writes it asks for
            (touches, tasks, messages, gifts, statuses, tiers, alerts) are applied in one
            transaction when it succeeds, and not at all when it fails; --dry-run lists
            them and writes nothing. Exit status 0 when the plugin succeeds, 1 when it
            fails (the error names the file and line).

            Examples:
              refer run hello
              refer run thank-you --dry-run
              refer run drought --dry-run --json
            """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The plugin's name (a folder under plugins/, an installed pack, or a built-in plugin).")
        var name: String

        @Flag(name: .long, help: "List the writes the plugin asks for; write nothing.")
        var dryRun = false

        @Option(name: .long, help: ArgumentHelp("Run as if it were this time (ISO 8601 or e.g. \"2026-03-01 09:00\").", valueName: "time"))
        var now: String?

        @Flag(name: .long, help: "On failure, also print the Lua traceback.")
        var traceback = false

        func run() throws {
            // The plugin reads through a read-only connection, and the store is opened for
            // writing only when it asks for writes (see `readingContext`).
            let context = dryRun ? try global.readOnlyContext() : try global.readingContext()
            let writesLater = !dryRun && context.readOnly
            let when = try context.optionalDate(now, option: "--now") ?? Date()
            let json = global.json
            let runner = PluginRunner(
                practice: context.practice, store: context.store,
                catalog: Refer.Plugin.catalog(context.practice),
                output: { line in
                    // With --json the plugin's own lines go to stderr, so stdout stays JSON.
                    (json ? FileHandle.standardError : FileHandle.standardOutput).write(Data((line + "\n").utf8))
                })
            var outcome: PluginRunOutcome
            do {
                outcome = try runner.run(name, now: when, dryRun: dryRun || writesLater)
                if writesLater, !outcome.effects.isEmpty {
                    let store = try global.context().store
                    outcome.applied = try store.apply(outcome.effects, at: when)
                }
            } catch let error as CLIError {
                throw error
            } catch let error as PluginError {
                if traceback, let tb = error.traceback {
                    FileHandle.standardError.write(Data((tb + "\n").utf8))
                }
                throw CLIError(error.description)
            } catch {
                throw CLIError("plugin '\(name)': \(error)")
            }
            try report(outcome, context: context)
        }

        func report(_ outcome: PluginRunOutcome, context: CommandContext) throws {
            if global.json {
                struct Report: Encodable {
                    var plugin: String
                    var dryRun: Bool
                    var effects: [PluginEffect]
                    var applied: EffectsApplied?
                }
                try context.printJSON(Report(plugin: outcome.definition.name, dryRun: dryRun, effects: outcome.effects, applied: outcome.applied))
                return
            }
            if dryRun {
                if outcome.effects.isEmpty {
                    print("dry run: \(outcome.definition.name) asks for no writes")
                } else {
                    print("dry run: \(outcome.definition.name) would write \(outcome.effects.count) change(s); nothing was written")
                    for e in outcome.effects { print("  - \(e.summary)") }
                }
            } else if let applied = outcome.applied {
                var line = "\(outcome.definition.name): \(applied.applied) change(s) written"
                if applied.skipped > 0 { line += ", \(applied.skipped) already done before (skipped)" }
                print(line)
            }
        }
    }
}
