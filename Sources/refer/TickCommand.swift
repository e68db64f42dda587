import ArgumentParser
import Foundation
import Model
import PluginHost
import Scheduler
import Store

extension Refer {
    /// `refer tick`: run once what is due (for cron or a systemd timer).
    struct TickCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tick",
            abstract: "Run the plugins that are due, once, and deliver new events.",
            discussion: """
            For each plugin with `every`, runs the occurrence that is due (a missed one is
            caught up once, if no older than [scheduler] grace_hours; older ones are
            logged as skipped). For each plugin with `on`, delivers the events recorded
            since it last ran, in order. Each run is claimed in the store first, so ticks
            started at the same time never run a job twice. A run that fails is retried
            by later ticks with back-off, then lands in `refer jobs dead`.

            Prints one line per run. SIGTERM or SIGINT lets the plugin run in hand finish
            (its writes are applied), then the tick stops. Exit status 0 even when runs failed (they are
            recorded; see `refer jobs`), 1 when the practice or its store cannot be opened.
            Run it every minute from cron or a systemd timer, see docs/scheduling.md.

            Examples:
              refer tick
              refer tick --now "2026-03-02 09:00" --json
            """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Tick as if it were this time (ISO 8601 or e.g. \"2026-03-01 09:00\").", valueName: "time"))
        var now: String?

        /// Run by `refer daemon`: each run as a line (a JSON object with --json) as it ends,
        /// and no report at the end.
        @Flag(name: .customLong("from-daemon"), help: .hidden)
        var fromDaemon = false

        func run() throws {
            // A look through a read-only connection first: on most ticks nothing is due.
            // The plugin files are looked at while the store opens: on a practice with
            // thousands of plugins their stats are most of a tick.
            if let practice = try? global.openPractice() {
                let files = Background { Tick.catalogFingerprint(Refer.Plugin.catalog(practice)) }
                if let store = try? AppDatabase.openReadOnly(practice) {
                    let quick = CommandContext(practice: practice, store: store, json: global.json)
                    let when = try quick.optionalDate(now, option: "--now") ?? Date()
                    if Tick.nothingDue(at: when, fingerprint: files.value, store: store) {
                        if quick.json && !fromDaemon { try quick.printJSON(TickReport(now: when)) }
                        return
                    }
                }
            }
            let context = try global.context()
            let when = try context.optionalDate(now, option: "--now") ?? Date()
            let stop = StopRequest()
            let signals = stop.installSignalHandlers()
            defer { signals.forEach { $0.cancel() } }
            let tick = makeTick(context, json: global.json)
            let lines = !context.json || fromDaemon
            let report = try storeCall {
                try tick.run(now: when, shouldStop: { stop.isRequested }, onRun: { run in
                    guard lines else { return }
                    if context.json {
                        if let line = try? jsonLine(run) { writeLine(line) }
                    } else {
                        writeLine(run.line(timeZone: context.timeZone))
                    }
                })
            }
            if context.json && !fromDaemon { return try context.printJSON(report) }
            for problem in report.problems { writeLine("cannot schedule \(problem)", error: true) }
        }
    }
}

/// The scheduler of a practice, with plugin output going to stdout (stderr with --json).
func makeTick(_ context: CommandContext, json: Bool) -> Tick {
    Tick(practice: context.practice, store: context.store, catalog: Refer.Plugin.catalog(context.practice),
         output: { line in writeLine(line, error: json) })
}

/// Writes one line at once, unbuffered, so that logs of long runs read in order.
func writeLine(_ line: String, error: Bool = false) {
    (error ? FileHandle.standardError : FileHandle.standardOutput).write(Data((line + "\n").utf8))
}

