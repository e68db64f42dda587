import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer task …`: things to do.
    struct Tasks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "task",
            abstract: "Keep the practice's follow-up tasks.",
            discussion: """
            Examples:
              refer task add "Call Radu to say thanks" --due tomorrow --contact "Radu Ionescu"
              refer task list
              refer task done 4
            """,
            subcommands: [Add.self, List.self, Show.self, Edit.self, Done.self, Remove.self]
        )
    }
}

extension Refer.Tasks {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a task.",
            discussion: "Example:\n  refer task add \"Send the referral kit\" --due \"2026-03-02 09:00\" --contact 7 --referral 14")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "What to do.") var title: String
        @Option(help: "When it is due.") var due: String?
        @Option(help: "The contact it is about.") var contact: String?
        @Option(help: "The referral it is about.") var referral: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            let contactId = try contact.map { ref in try storeCall { try ctx.store.resolveContact(ref) }.id! }
            let task = FollowUpTask(title: title, dueAt: try ctx.optionalDate(due, option: "--due"), contactId: contactId,
                                    referralId: try referral.map { try parseID($0, "referral") }, note: note)
            let saved = try storeCall { try ctx.store.addTask(task) }
            try ctx.output(saved) { "Added task \(saved.id!): \(saved.title)" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List open tasks, soonest due first.",
            discussion: "Example:\n  refer task list --all --json")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Include done tasks.") var all = false
        @Option(help: "Only tasks due before this date.") var before: String?
        @Option(help: "Only tasks about this contact.") var contact: String?

        func run() throws {
            let ctx = try global.context()
            let contactId = try contact.map { ref in try storeCall { try ctx.store.resolveContact(ref) }.id! }
            let tasks = try storeCall {
                try ctx.store.tasks(includeDone: all, dueBefore: try ctx.optionalDate(before, option: "--before"), contactId: contactId)
            }
            try ctx.output(tasks) {
                table(["ID", "DUE", "DONE", "TITLE", "ORIGIN"], tasks.map {
                    [String($0.id!), ctx.show($0.dueAt, withTime: true), $0.doneAt == nil ? "" : "done", $0.title, $0.origin]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one task.",
            discussion: "Example:\n  refer task show 4")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let t = try storeCall { try ctx.store.task(id: try parseID(id, "task")) }
            try ctx.output(t) {
                var lines = ["Task \(t.id!): \(t.title)", "  due:    \(ctx.show(t.dueAt, withTime: true))",
                             "  done:   \(ctx.show(t.doneAt, withTime: true))", "  origin: \(t.origin)"]
                if let c = t.contactId { lines.append("  contact: \(c)") }
                if let r = t.referralId { lines.append("  referral: \(r)") }
                if let n = t.note { lines.append("  note:   \(n)") }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a task.",
            discussion: "Example:\n  refer task edit 4 --due \"2026-03-05 10:00\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task id.") var id: String
        @Option(help: "What to do.") var title: String?
        @Option(help: "When it is due.") var due: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            var t = try storeCall { try ctx.store.task(id: try parseID(id, "task")) }
            if let title { t.title = title }
            if let due { t.dueAt = try ctx.date(due, option: "--due") }
            if let note { t.note = blankToNil(note) }
            let updated = t
            try storeCall { try ctx.store.updateTask(updated) }
            try ctx.output(updated) { "Updated task \(updated.id!)" }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a task done.",
            discussion: "Example:\n  refer task done 4")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let t = try storeCall { try ctx.store.completeTask(id: try parseID(id, "task")) }
            try ctx.output(t) { "Done: task \(t.id!) \(t.title)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a task.",
            discussion: "Example:\n  refer task remove 4")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The task id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let taskId = try parseID(id, "task")
            try storeCall { try ctx.store.removeTask(id: taskId) }
            print("Removed task \(taskId)")
        }
    }
}
