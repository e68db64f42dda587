import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer event …`: client-appreciation events.
    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event",
            abstract: "Plan appreciation events, invite the best clients, record who came.",
            discussion: """
            Examples:
              refer event add "Wine tasting at Davino" --at "2026-05-14 19:00" --venue "Davino cellar" --cost 2400
              refer event invite 1 7 12 15
              refer event attend 1 7 12
            """,
            subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self, Invite.self, Attend.self]
        )
    }
}

extension Refer.Events {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Plan an appreciation event.",
            discussion: "Example:\n  refer event add \"Private cinema night\" --at 2026-11-20 --venue \"Cinema Elvire Popesco\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event's name.") var name: String
        @Option(help: "When.") var at: String
        @Option(help: "Where.") var venue: String?
        @Option(help: "What it costs.") var cost: Double?

        func run() throws {
            let ctx = try global.context()
            let event = AppreciationEvent(name: name, at: try ctx.date(at, option: "--at"), venue: venue, cost: cost)
            let saved = try storeCall { try ctx.store.addAppreciationEvent(event) }
            try ctx.output(saved) { "Planned event \(saved.id!): \(saved.name) on \(ctx.show(saved.at, withTime: true))" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List appreciation events, newest first.",
            discussion: "Example:\n  refer event list --since 2026-01-01 --json")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only since this date.") var since: String?

        func run() throws {
            let ctx = try global.context()
            let events = try storeCall { try ctx.store.appreciationEvents(since: try ctx.optionalDate(since, option: "--since")) }
            try ctx.output(events) {
                table(["ID", "WHEN", "NAME", "VENUE", "INVITED", "CAME"], events.map {
                    [String($0.event.id!), ctx.show($0.event.at), $0.event.name, $0.event.venue ?? "-",
                     String($0.invitations.count), String($0.invitations.filter(\.attended).count)]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show an event with its invitees.",
            discussion: "Example:\n  refer event show 1 --json")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let d = try storeCall { try ctx.store.appreciationEvent(id: try parseID(id, "event")) }
            try ctx.output(d) {
                var lines = ["Event \(d.event.id!): \(d.event.name), \(ctx.show(d.event.at, withTime: true))",
                             "  venue: \(d.event.venue ?? "-")", "  cost:  \(d.event.cost.map { String(format: "%.2f", $0) } ?? "-")"]
                if let f = d.event.followUp { lines.append("  what followed: \(f)") }
                for i in d.invitations {
                    let name = (try? ctx.store.contact(id: i.contactId).name) ?? "#\(i.contactId)"
                    lines.append("  \(i.attended ? "came   " : "invited") \(name) (contact \(i.contactId))")
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change an event, or record what followed it.",
            discussion: "Example:\n  refer event edit 1 --follow-up \"Two introductions, one referral\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event id.") var id: String
        @Option(help: "The name.") var name: String?
        @Option(help: "When.") var at: String?
        @Option(help: "Where.") var venue: String?
        @Option(help: "What it cost.") var cost: Double?
        @Option(name: .customLong("follow-up"), help: "What followed.") var followUp: String?

        func run() throws {
            let ctx = try global.context()
            var e = try storeCall { try ctx.store.appreciationEvent(id: try parseID(id, "event")) }.event
            if let name { e.name = name }
            if let at { e.at = try ctx.date(at, option: "--at") }
            if let venue { e.venue = blankToNil(venue) }
            if let cost { e.cost = cost }
            if let followUp { e.followUp = blankToNil(followUp) }
            let updated = e
            try storeCall { try ctx.store.updateAppreciationEvent(updated) }
            try ctx.output(updated) { "Updated event \(updated.id!)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove an event and its invitations.",
            discussion: "Example:\n  refer event remove 1")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let eventId = try parseID(id, "event")
            try storeCall { try ctx.store.removeAppreciationEvent(id: eventId) }
            print("Removed event \(eventId)")
        }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Invite contacts to an event.",
            discussion: "Example:\n  refer event invite 1 7 12 ana@example.com")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event id.") var id: String
        @Argument(help: "The contacts: ids, emails or exact names.") var contacts: [String]

        func run() throws {
            let ctx = try global.context()
            let eventId = try parseID(id, "event")
            let ids = try contacts.map { ref in try storeCall { try ctx.store.resolveContact(ref) }.id! }
            try storeCall { try ctx.store.invite(eventId: eventId, contactIds: ids) }
            print("Invited \(ids.count) contact(s) to event \(eventId)")
        }
    }

    struct Attend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attend",
            abstract: "Record who came to an event.",
            discussion: "Example:\n  refer event attend 1 7 12")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The event id.") var id: String
        @Argument(help: "The contacts who came.") var contacts: [String]
        @Flag(help: "Record that they did not come after all.") var absent = false

        func run() throws {
            let ctx = try global.context()
            let eventId = try parseID(id, "event")
            let ids = try contacts.map { ref in try storeCall { try ctx.store.resolveContact(ref) }.id! }
            try storeCall { try ctx.store.markAttended(eventId: eventId, contactIds: ids, attended: !absent) }
            print("Recorded \(ids.count) contact(s) as \(absent ? "absent from" : "attending") event \(eventId)")
        }
    }
}
