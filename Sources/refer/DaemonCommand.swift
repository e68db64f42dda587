import ArgumentParser
import Foundation
import Scheduler

extension Refer {
    /// `refer daemon`: tick, sleep until the next due time, repeat.
    struct DaemonCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daemon",
            abstract: "Run plugins on their schedules and on events until stopped.",
            discussion: """
            Ticks (see `refer tick`), then sleeps until the next occurrence, retry or
            expired claim. While idle it looks every [scheduler] poll_seconds (default 5)
            for new events and changed plugins, with one small read of the store and a
            stat of each plugin file, and ticks at once when there are any; it makes no
            other wake-ups. SIGTERM or SIGINT lets the plugin run in hand finish, then
            the daemon exits with status 0.

            Example:
              refer daemon --practice ~/practice
            """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try global.context()
            let stop = StopRequest()
            let sources = stop.installSignalHandlers()
            defer { sources.forEach { $0.cancel() } }
            let tick = makeTick(context, json: global.json)
            let daemon = Daemon(tick: tick, pollInterval: context.practice.config.scheduler.pollSeconds)
            writeLine("refer daemon: watching \(context.practice.root.path) (poll every \(seconds(daemon.pollInterval)) s)", error: true)
            daemon.run(
                until: stop,
                report: { report in
                    for problem in report.problems { writeLine("cannot schedule \(problem)", error: true) }
                },
                onRun: { run in
                    if context.json {
                        if let data = try? jsonLine(run) { writeLine(data) }
                    } else {
                        writeLine(run.line(timeZone: context.timeZone))
                    }
                },
                problem: { error in writeLine("refer daemon: \(error); trying again shortly", error: true) })
            writeLine("refer daemon: stopped", error: true)
        }
    }
}

/// One JSON object on one line, for logs that tools read.
func jsonLine<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Seconds as people write them: "5", "0.3". Not `formatted()`: that loads ICU's number
/// formats, a few MiB the daemon would keep resident while it waits.
func seconds(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
