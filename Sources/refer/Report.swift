import ArgumentParser
import Foundation
import Model
import Reports
import Store

extension Refer {
    /// `refer report`: the practice's referral system in numbers (R23).
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "The referral system in numbers: what matters first, and what to do about it.",
            discussion: """
            Sections: visibility (R1), network growth (R2), fit by category (R3), response and
            thank-you times (R4, R10), drought (R5), the A list (R7), promises (R13), open
            loops (R16), ask frequency (R17), depth (R18), the relationship bank (R19),
            professionals vs clients (R20), events (R21). The default period is the last
            twelve calendar months up to now.
            Examples:
              refer report
              refer report --since 2026-01-01 --until 2026-06-30 --json
              refer report --html report.html
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Count from this date (default: the start of the month eleven months ago).") var since: String?
        @Option(help: "Up to and including this day, or up to this time (default: now).") var until: String?
        @Option(help: ArgumentHelp("Write a self-contained HTML page with charts to this file.", valueName: "file")) var html: String?

        func run() throws {
            let ctx = try global.readOnlyContext()
            let period = ReportPeriod(since: try ctx.optionalDate(since, option: "--since"),
                                      until: try untilDate(ctx), timeZone: ctx.timeZone)
            if period.since >= period.until {
                throw CLIError("--since must be before --until (got \(ctx.show(period.since)) and \(ctx.show(period.until))).")
            }
            let figures = try storeCall { try ctx.store.reportFigures(for: period) }
            if let html {
                let page = HTMLReport(figures: figures, practice: ctx.practice.config.practice.name).render()
                let url = URL(fileURLWithPath: html)
                do {
                    try Data(page.utf8).write(to: url, options: .atomic)
                } catch {
                    throw CLIError("cannot write \(url.path): \(error.localizedDescription); check the folder exists and is writable.")
                }
                if ctx.json {
                    try ctx.printJSON(["html": url.path, "bytes": String(page.utf8.count)])
                } else {
                    print("Wrote \(url.path) (\(page.utf8.count / 1024 + 1) KB).")
                }
                return
            }
            if ctx.json {
                try ctx.printJSON(figures)
            } else {
                let colour = isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
                print(ReportText(figures: figures, practice: ctx.practice.config.practice.name, colour: colour).render())
            }
        }

        /// A bare day means up to and including that day.
        func untilDate(_ ctx: CommandContext) throws -> Date? {
            guard let until else { return nil }
            let date = try ctx.date(until, option: "--until")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = ctx.timeZone
            if !until.contains(":") && calendar.startOfDay(for: date) == date && until.lowercased() != "now" {
                return calendar.date(byAdding: .day, value: 1, to: date)
            }
            return date
        }
    }
}
