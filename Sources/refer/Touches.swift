import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer touch …`: logged contact moments.
    struct Touches: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "touch",
            abstract: "Log calls, emails, meetings and notes, for service or for the relationship.",
            discussion: """
            Keep service touches (taking care of the client) apart from relationship touches
            (talking about helping each other).
            Examples:
              refer touch add "Radu Ionescu" --channel meeting --purpose relationship --note "Lunch; asked about his clients"
              refer touch list --contact 7 --purpose relationship --since 2026-01-01
            """,
            subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self]
        )
    }
}

extension Refer.Touches {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Log a touch.",
            discussion: """
            Example:
              refer touch add 7 --channel phone --purpose service --at "yesterday" --note "Quarterly VAT questions"
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: id, email or exact name.") var contact: String
        @Option(help: "\(Channel.allCases.map(\.rawValue).joined(separator: ", ")).") var channel: String
        @Option(help: "service or relationship.") var purpose: String
        @Option(help: "What was said.") var note: String?
        @Option(help: "When (default: now).") var at: String?

        func run() throws {
            let ctx = try global.context()
            let c = try storeCall { try ctx.store.resolveContact(contact) }
            let touch = Touch(contactId: c.id!, channel: try parseChoice(channel, "--channel"), purpose: try parseChoice(purpose, "--purpose"),
                              note: note, at: try ctx.optionalDate(at, option: "--at") ?? Date())
            let saved = try storeCall { try ctx.store.addTouch(touch) }
            try ctx.output(saved) { "Logged touch \(saved.id!): \(saved.channel.rawValue) with \(c.name) (\(saved.purpose.rawValue))" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List touches, newest first.",
            discussion: """
            Example:
              refer touch list --purpose relationship --since "30 days ago" --json
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only with this contact.") var contact: String?
        @Option(help: "Only service or relationship.") var purpose: String?
        @Option(help: "Only since this date.") var since: String?

        func run() throws {
            let ctx = try global.context()
            let contactId = try contact.map { ref in try storeCall { try ctx.store.resolveContact(ref) }.id! }
            let touches = try storeCall {
                try ctx.store.touches(contactId: contactId, purpose: try parseOptionalChoice(purpose, "--purpose"),
                                      since: try ctx.optionalDate(since, option: "--since"))
            }
            try ctx.output(touches) {
                table(["ID", "WHEN", "CONTACT", "CHANNEL", "PURPOSE", "NOTE"], touches.map {
                    [String($0.id!), ctx.show($0.at, withTime: true), (try? ctx.store.contact(id: $0.contactId).name) ?? "-",
                     $0.channel.rawValue, $0.purpose.rawValue, $0.note ?? ""]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one touch.",
            discussion: "Example:\n  refer touch show 5 --json")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The touch id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let t = try storeCall { try ctx.store.touch(id: try parseID(id, "touch")) }
            let c = try storeCall { try ctx.store.contact(id: t.contactId) }
            try ctx.output(t) {
                "Touch \(t.id!): \(t.channel.rawValue) with \(c.name), \(t.purpose.rawValue), \(ctx.show(t.at, withTime: true))" + (t.note.map { "\n  \($0)" } ?? "")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a touch.",
            discussion: "Example:\n  refer touch edit 5 --purpose relationship --note \"Asked for an introduction\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The touch id.") var id: String
        @Option(help: "The channel.") var channel: String?
        @Option(help: "service or relationship.") var purpose: String?
        @Option(help: "What was said.") var note: String?
        @Option(help: "When.") var at: String?

        func run() throws {
            let ctx = try global.context()
            var t = try storeCall { try ctx.store.touch(id: try parseID(id, "touch")) }
            if let channel { t.channel = try parseChoice(channel, "--channel") }
            if let purpose { t.purpose = try parseChoice(purpose, "--purpose") }
            if let note { t.note = blankToNil(note) }
            if let at { t.at = try ctx.date(at, option: "--at") }
            let updated = t
            try storeCall { try ctx.store.updateTouch(updated) }
            try ctx.output(updated) { "Updated touch \(updated.id!)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a touch.",
            discussion: "Example:\n  refer touch remove 5")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The touch id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let touchId = try parseID(id, "touch")
            try storeCall { try ctx.store.removeTouch(id: touchId) }
            print("Removed touch \(touchId)")
        }
    }
}
