import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer activity …`: visibility actions.
    struct Activities: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "activity",
            abstract: "Log talks, articles, professional meetings and community work.",
            discussion: """
            At least one thing each month keeps the practice in sight.
            Example:
              refer activity add talk "Cash flow for small firms" --audience "Chamber of Commerce" --at 2026-03-12
            """,
            subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self]
        )
    }
}

extension Refer.Activities {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Log a visibility activity.",
            discussion: "Example:\n  refer activity add article \"Five VAT traps\" --audience \"Ziarul Financiar readers\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "talk, article, meeting or community.") var kind: String
        @Argument(help: "What it was.") var title: String
        @Option(help: "When (default: now).") var at: String?
        @Option(help: "Who saw it.") var audience: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            let activity = Activity(kind: try parseChoice(kind, "kind"), title: title,
                                    at: try ctx.optionalDate(at, option: "--at") ?? Date(), audience: audience, note: note)
            let saved = try storeCall { try ctx.store.addActivity(activity) }
            try ctx.output(saved) { "Logged activity \(saved.id!): \(saved.kind.rawValue) \"\(saved.title)\"" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List activities, newest first.",
            discussion: "Example:\n  refer activity list --kind talk --since 2026-01-01 --json")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only since this date.") var since: String?

        func run() throws {
            let ctx = try global.context()
            let activities = try storeCall {
                try ctx.store.activities(kind: try parseOptionalChoice(kind, "--kind"), since: try ctx.optionalDate(since, option: "--since"))
            }
            try ctx.output(activities) {
                table(["ID", "WHEN", "KIND", "TITLE", "AUDIENCE"], activities.map {
                    [String($0.id!), ctx.show($0.at), $0.kind.rawValue, $0.title, $0.audience ?? "-"]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one activity.",
            discussion: "Example:\n  refer activity show 2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let a = try storeCall { try ctx.store.activity(id: try parseID(id, "activity")) }
            try ctx.output(a) {
                "Activity \(a.id!): \(a.kind.rawValue) \"\(a.title)\", \(ctx.show(a.at))" + (a.audience.map { "\n  audience: \($0)" } ?? "") + (a.note.map { "\n  note: \($0)" } ?? "")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change an activity.",
            discussion: "Example:\n  refer activity edit 2 --audience \"120 owners\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity id.") var id: String
        @Option(help: "talk, article, meeting or community.") var kind: String?
        @Option(help: "What it was.") var title: String?
        @Option(help: "When.") var at: String?
        @Option(help: "Who saw it.") var audience: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            var a = try storeCall { try ctx.store.activity(id: try parseID(id, "activity")) }
            if let kind { a.kind = try parseChoice(kind, "--kind") }
            if let title { a.title = title }
            if let at { a.at = try ctx.date(at, option: "--at") }
            if let audience { a.audience = blankToNil(audience) }
            if let note { a.note = blankToNil(note) }
            let updated = a
            try storeCall { try ctx.store.updateActivity(updated) }
            try ctx.output(updated) { "Updated activity \(updated.id!)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove an activity.",
            discussion: "Example:\n  refer activity remove 2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The activity id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let activityId = try parseID(id, "activity")
            try storeCall { try ctx.store.removeActivity(id: activityId) }
            print("Removed activity \(activityId)")
        }
    }
}
