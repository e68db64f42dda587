import ArgumentParser
import Foundation
import Model
import Scheduler
import Store

extension Refer {
    /// `refer jobs …`: what the scheduler runs, ran, and gave up on.
    struct Jobs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jobs",
            abstract: "Show scheduled and event-driven plugins, their runs, and the dead list.",
            discussion: """
            Examples:
              refer jobs
              refer jobs history --plugin thank-you --limit 20
              refer jobs dead
              refer jobs retry 42
            """,
            subcommands: [List.self, History.self, Dead.self, Retry.self],
            defaultSubcommand: List.self)
    }
}

extension Refer.Jobs {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Each plugin's schedule or events, last run, result and next run.",
            discussion: "Example:\n  refer jobs --json")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let ctx = try global.context()
            let rows = try storeCall { try makeTick(ctx, json: ctx.json).status(now: Date()) }
            try ctx.output(rows) {
                table(["PLUGIN", "WHEN", "LAST RUN", "RESULT", "NEXT RUN"], rows.map { s in
                    let when = s.every ?? ("on " + s.on.joined(separator: ", "))
                    if let problem = s.problem { return [s.plugin, when, "-", "cannot schedule: \(problem)", "-"] }
                    var next = ctx.show(s.nextRun, withTime: true)
                    if s.pendingEvents > 0 { next += " (\(s.pendingEvents) event(s) waiting)" }
                    return [s.plugin, when, ctx.show(s.lastRun?.finishedAt ?? s.lastRun?.startedAt, withTime: true),
                            s.lastRun.map { result($0) } ?? "-", next]
                })
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Runs, newest first.",
            discussion: "Example:\n  refer jobs history --plugin weekly-report --limit 10")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this plugin's runs.") var plugin: String?
        @Option(help: "How many runs to show.") var limit = 50

        func run() throws {
            let ctx = try global.context()
            let runs = try storeCall { try ctx.store.jobHistory(plugin: plugin, limit: limit) }
            try ctx.output(runs) { runTable(runs, ctx) }
        }
    }

    struct Dead: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dead",
            abstract: "Runs that failed too often and wait for `refer jobs retry ID`.",
            discussion: "Example:\n  refer jobs dead --json")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let ctx = try global.context()
            let runs = try storeCall { try ctx.store.deadRuns() }
            try ctx.output(runs) { runTable(runs, ctx) }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Make a dead or failed run due now, with a fresh set of attempts.",
            discussion: "The next `refer tick` (or the daemon) runs it.\nExample:\n  refer jobs retry 42")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run's id, from `refer jobs dead` or `refer jobs history`.") var id: String

        func run() throws {
            let ctx = try global.context()
            let runID = try parseID(id, "jobs")
            let run = try storeCall { try ctx.store.retryRun(runID, at: Date()) }
            try ctx.output(run) { "Run \(runID) of \(run.plugin) is due again; the next tick runs it." }
        }
    }
}

/// What a run came to, in a few words.
private func result(_ run: JobRun) -> String {
    switch run.state {
    case .done: return "done, \(run.changes ?? 0) change(s)"
    case .failed, .dead: return "\(run.state.rawValue) (attempt \(run.attempts)): \(run.error ?? "")"
    case .claimed: return "running in \(run.owner ?? "?")"
    case .skipped: return "skipped \(run.skippedCount)"
    }
}

private func runTable(_ runs: [JobRun], _ ctx: CommandContext) -> String {
    table(["ID", "PLUGIN", "FOR", "STATE", "TRIES", "FINISHED", "RESULT"], runs.map { r in
        let subject = r.kind == .event ? "event \(r.eventId) (\(r.eventKind ?? "?"))" : ctx.show(r.scheduledAt, withTime: true)
        return [String(r.id ?? 0), r.plugin, subject, r.state.rawValue, String(r.attempts),
                ctx.show(r.finishedAt, withTime: true), result(r)]
    })
}
