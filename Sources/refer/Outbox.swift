import ArgumentParser
import Foundation
import Model
import Outreach
import Store

extension Refer {
    /// `refer outbox …`: the messages waiting to go out, and those that went.
    struct OutboxCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outbox",
            abstract: "List, show, approve, edit, discard and resolve drafted messages.",
            discussion: """
            Plugins draft messages into the outbox; `refer send` delivers them. When
            [delivery] require_approval is true (the default), a draft waits for
            `refer outbox approve`. A message left "sending" by an interrupted `refer send`
            may or may not have gone out; it is never sent again until you settle it with
            `refer outbox resolve ID --sent` or `--retry` (docs/outbox.md).
            Examples:
              refer outbox
              refer outbox --state failed --json
              refer outbox show 3
              refer outbox approve --all
              refer outbox resolve 3 --retry
            """,
            subcommands: [List.self, Show.self, Approve.self, Edit.self, Discard.self, Resolve.self],
            defaultSubcommand: List.self
        )
    }
}

/// A message as `refer outbox --json` and `refer send --json` print it.
struct OutboxEntry: Encodable {
    var id: Int64
    var state: String
    var key: String
    var plugin: String
    var from: String
    var to: [String]
    var cc: [String]
    var subject: String
    var messageID: String
    var attempts: Int
    var lastError: String?
    var nextAttemptAt: Date?
    var createdAt: Date
    var updatedAt: Date
    var sentAt: Date?
    var text: String?
    var html: String?

    init(_ m: OutboxMessage, bodies: Bool = false) {
        id = m.id
        state = m.state.rawValue
        key = m.key.description
        plugin = m.key.plugin
        from = m.message.from.description
        to = m.message.to.map(\.description)
        cc = m.message.cc.map(\.description)
        subject = m.message.subject
        messageID = m.message.messageID
        attempts = m.attempts
        lastError = m.lastError
        nextAttemptAt = m.nextAttemptAt
        createdAt = m.createdAt
        updatedAt = m.updatedAt
        sentAt = m.sentAt
        if bodies {
            text = m.message.text
            html = m.message.html
        }
    }
}

extension CommandContext {
    /// The practice's outbox. `transport` only matters to `send`; the other commands
    /// never deliver, so they get the `.eml` folder and never touch it.
    func outbox(delivering transport: (any MailTransport)? = nil) -> Outbox {
        Outbox(
            store: StoreOutbox(database: store),
            transport: transport ?? EmlDirectoryTransport(directory: practice.outboxDirectory),
            policy: OutboxPolicy(requiresApproval: practice.config.delivery.requireApproval))
    }

    /// What a message is waiting for, in a few words, for tables and reports.
    func status(of m: OutboxMessage) -> String {
        switch m.state {
        case .draft: return practice.config.delivery.requireApproval ? "waits for approval" : "goes with the next send"
        case .approved: return "goes with the next send"
        case .sending: return "uncertain: check, then `refer outbox resolve \(m.id) --sent` or `--retry`"
        case .sent: return "sent \(show(m.sentAt, withTime: true))"
        case .discarded: return "discarded"
        case .failed:
            let next = m.nextAttemptAt.map { "retry at \(show($0, withTime: true))" }
                ?? "no more retries; `refer outbox resolve \(m.id) --retry`"
            return "\(next): \(m.lastError ?? "unknown error")"
        }
    }
}

/// Runs an outbox or store call and turns its errors into `CLIError`s.
func outreachCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try storeCall(body)
    } catch let error as OutreachError {
        throw CLIError(error.description)
    }
}

extension Refer.OutboxCommands {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the messages in the outbox, oldest first.",
            discussion: """
            Without options: drafts, approved, sending (uncertain) and failed messages.
            Examples:
              refer outbox list --all
              refer outbox --state draft --state failed --json
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Only messages in this state (repeat for several): \(OutboxState.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "state"))
        var state: [String] = []
        @Flag(help: "Include sent and discarded messages.") var all = false

        func run() throws {
            let ctx = try global.context()
            var states: Set<OutboxState> = all ? Set(OutboxState.allCases) : [.draft, .approved, .sending, .failed]
            if !state.isEmpty { states = Set(try state.map { try parseChoice($0, "--state") as OutboxState }) }
            let messages = try outreachCall { try ctx.outbox().messages(in: states) }
            try ctx.output(messages.map { OutboxEntry($0) }) {
                table(["ID", "STATE", "TO", "SUBJECT", "STATUS"], messages.map { m in
                    [String(m.id), m.state.rawValue, m.message.to.map(\.address).joined(separator: ", "),
                     m.message.subject, ctx.status(of: m)]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a message as it goes out: its RFC 5322 text.",
            discussion: """
            For a sent message these are the bytes that were delivered. For one not sent
            yet, the Date header is set again when `refer send` delivers it.
            Examples:
              refer outbox show 3
              refer outbox show 3 --json
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let m = try outreachCall { try ctx.outbox().message(id: try parseID(id, "outbox")) }
            if ctx.json { return try ctx.printJSON(OutboxEntry(m, bodies: true)) }
            FileHandle.standardOutput.write(try outreachCall { try m.message.rfc5322Data() })
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Approve drafts so that the next `refer send` delivers them.",
            discussion: """
            Examples:
              refer outbox approve 3 4
              refer outbox approve --all
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message ids.") var ids: [String] = []
        @Flag(help: "Approve every draft.") var all = false

        func validate() throws {
            if all == !ids.isEmpty { throw ValidationError("Give message ids or --all (not both).") }
        }

        func run() throws {
            let ctx = try global.context()
            let box = ctx.outbox()
            let targets: [Int64]
            if all {
                targets = try outreachCall { try box.messages(in: [.draft]).map(\.id) }
            } else {
                targets = try ids.map { try parseID($0, "outbox") }
            }
            let approved = try targets.map { id in try outreachCall { try box.approve(id: id) } }
            try ctx.output(approved.map { OutboxEntry($0) }) {
                approved.isEmpty ? "No drafts to approve."
                    : approved.map { "Approved message \($0.id) to \($0.message.to.map(\.address).joined(separator: ", ")): \($0.message.subject)" }
                    .joined(separator: "\n")
            }
        }
    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "discard",
            abstract: "Drop a message that has not started sending; it is never sent.",
            discussion: "Example:\n  refer outbox discard 3")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let m = try outreachCall { try ctx.outbox().discard(id: try parseID(id, "outbox")) }
            try ctx.output(OutboxEntry(m)) { "Discarded message \(m.id): \(m.message.subject)" }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Settle a message an interrupted send left uncertain (or a failed one).",
            discussion: """
            Check the mail log, the sent folder or ask the recipient first.
            Examples:
              refer outbox resolve 3 --sent     # it did go out
              refer outbox resolve 3 --retry    # it did not: send it with the next `refer send`
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id.") var id: String
        @Flag(help: "It went out: mark it sent.") var sent = false
        @Flag(help: "It did not go out: deliver it again with the next `refer send`.") var retry = false

        func validate() throws {
            if sent == retry { throw ValidationError("Give exactly one of --sent and --retry.") }
        }

        func run() throws {
            let ctx = try global.context()
            let resolution: OutboxResolution = sent ? .sent : .retry
            let m = try outreachCall { try ctx.outbox().resolve(id: try parseID(id, "outbox"), as: resolution) }
            try ctx.output(OutboxEntry(m)) {
                sent ? "Marked message \(m.id) as sent." : "Message \(m.id) goes out again with the next `refer send`."
            }
        }
    }
}
