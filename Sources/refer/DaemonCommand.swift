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
            Runs `refer tick` (in a child process), then sleeps until the next occurrence,
            retry or expired claim, a new event, or a change to a plugin, refer.toml or
            packs.lock, and ticks again. On Linux the kernel reports those changes
            (inotify): nothing wakes the daemon while nothing is due. Where the folders
            cannot be watched it looks every [scheduler] poll_seconds (default 5) instead.

            Each tick is a fresh process, so the daemon stays small while it waits.
            SIGTERM or SIGINT lets the plugin run in hand finish, then the daemon exits
            with status 0. When the first tick fails (the practice or its store cannot
            be opened) the daemon exits with its status.

            Example:
              refer daemon --practice ~/practice
            """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let practice = try global.openPractice()
            var command = [Self.executablePath(), "tick", "--practice", practice.root.path, "--from-daemon"]
            if global.json { command.append("--json") }
            let daemon = Daemon(practice: practice, tickCommand: command, catalog: { Refer.Plugin.catalog(practice) })
            writeLine("refer daemon: watching \(practice.root.path)", error: true)
            let status = daemon.run(log: { writeLine($0, error: true) })
            guard status == 0 else { throw ExitCode(status) }
            writeLine("refer daemon: stopped", error: true)
        }

        /// This program, for the ticks: /proc/self/exe where there is one, so that a
        /// daemon started by a relative path or through $PATH runs the same binary.
        static func executablePath() -> String {
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            if count > 0 {
                let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                // A binary replaced while the daemon runs reads "… (deleted)": run the new one.
                return path.hasSuffix(" (deleted)") ? String(path.dropLast(10)) : path
            }
            return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
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
