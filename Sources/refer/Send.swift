import ArgumentParser
import Foundation
import Outreach
import Store

extension Refer {
    /// `refer send`: deliver what the outbox holds.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Deliver approved messages (and drafts, when no approval is needed).",
            discussion: """
            Messages go through [delivery] command in refer.toml (a sendmail-compatible
            command such as "sendmail -t -i" or "msmtp -t"), or, when none is set, become
            .eml files in the practice's outbox/ folder. A failed delivery keeps its error
            and is tried again by a later `refer send` (after 5 minutes, then 10, 20, …).
            A message an interrupted send left "sending" is never sent twice: it is
            reported as uncertain until `refer outbox resolve ID --sent|--retry`.
            Exit status 0 whatever happened to the messages (the report says); 1 only
            when the practice, its store or the delivery command cannot be used.
            Examples:
              refer send
              refer send --json
            """)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let ctx = try global.context()
            let box = ctx.outbox(delivering: try transport(for: ctx.practice))
            let report: OutboxSendReport
            do {
                report = try waitFor { try await box.send() }
            } catch let error as OutreachError {
                throw CLIError(error.description)
            } catch let error as StoreError {
                throw CLIError(error.description)
            }
            if ctx.json { return try ctx.printJSON(SendReport(report)) }
            print(render(report, ctx))
        }

        /// The configured command, or the `.eml` folder when there is none.
        func transport(for practice: Practice) throws -> any MailTransport {
            let command = practice.config.delivery.command
            if command.trimmingCharacters(in: .whitespaces).isEmpty {
                return EmlDirectoryTransport(directory: practice.outboxDirectory)
            }
            do {
                return try SendmailTransport(commandLine: command)
            } catch let error as OutreachError {
                throw CLIError("\(practice.configFile.path) [delivery] command: \(error.description). Nothing was sent.")
            }
        }

        func render(_ report: OutboxSendReport, _ ctx: CommandContext) -> String {
            var lines = ["Sent \(report.sent.count), failed \(report.failed.count), uncertain \(report.uncertain.count), "
                         + "waiting \(report.waiting.count), awaiting approval \(report.awaitingApproval.count)."]
            func add(_ label: String, _ messages: [OutboxMessage]) {
                for m in messages {
                    let to = m.message.to.map(\.address).joined(separator: ", ")
                    lines.append("  \(label) \(m.id) to \(to) \"\(m.message.subject)\": \(ctx.status(of: m))")
                }
            }
            add("sent     ", report.sent)
            add("failed   ", report.failed)
            add("uncertain", report.uncertain)
            add("waiting  ", report.waiting)
            if !report.uncertain.isEmpty {
                lines.append("An uncertain message was being delivered when an earlier `refer send` stopped; it may have gone out.")
                lines.append("Check the mail log or the recipient, then run `refer outbox resolve ID --sent` or `--retry`.")
            }
            if !report.awaitingApproval.isEmpty {
                lines.append("Awaiting approval: \(report.awaitingApproval.map { String($0.id) }.joined(separator: ", ")) "
                             + "(`refer outbox show ID`, then `refer outbox approve ID` or `--all`).")
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// `refer send --json`.
struct SendReport: Encodable {
    var sent: [OutboxEntry]
    var failed: [OutboxEntry]
    var uncertain: [OutboxEntry]
    var waiting: [OutboxEntry]
    var awaitingApproval: [OutboxEntry]

    init(_ report: OutboxSendReport) {
        sent = report.sent.map { OutboxEntry($0) }
        failed = report.failed.map { OutboxEntry($0) }
        uncertain = report.uncertain.map { OutboxEntry($0) }
        waiting = report.waiting.map { OutboxEntry($0) }
        awaitingApproval = report.awaitingApproval.map { OutboxEntry($0) }
    }
}

/// Runs `body` to its end from synchronous code, blocking this thread meanwhile.
///
/// The commands run on the main thread, outside Swift's concurrency: a program whose
/// `main` is async parks its main thread and runs everything on worker threads, which
/// libdispatch then watches with a timer every second, and `refer daemon` would wake
/// every second while it waits.
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = AsyncOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            outcome.result = .success(try await body())
        } catch {
            outcome.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// What `waitFor`'s task hands back.
// @unchecked: written once by the task before `done.signal()`, read after `done.wait()`.
private final class AsyncOutcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
