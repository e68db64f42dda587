import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer gift …`: the gift catalogue and the gifts given.
    struct Gifts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gift",
            abstract: "Keep the gift catalogue and log the gifts given to partners.",
            discussion: """
            A different gift each time for the same partner, preferably one the practice does not sell.
            Examples:
              refer gift add "Feteasca Neagra, Davino 2019" --cost 95 --category wine
              refer gift give 2 --partner 3 --referral 14
              refer gift log --partner 3
            """,
            subcommands: [Add.self, List.self, Show.self, Edit.self, Remove.self, Give.self, Log.self]
        )
    }
}

extension Refer.Gifts {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a gift to the catalogue.",
            discussion: "Example:\n  refer gift add \"Cinema tickets for two\" --cost 60 --category experience")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The gift's name.") var name: String
        @Option(help: "What it costs.") var cost: Double = 0
        @Option(help: "Its category (wine, book, experience…).") var category: String?
        @Flag(help: "The practice sells this (such gifts are avoided).") var sold = false

        func run() throws {
            let ctx = try global.context()
            let saved = try storeCall { try ctx.store.addGift(Gift(name: name, cost: cost, category: category, soldByPractice: sold)) }
            try ctx.output(saved) { "Added gift \(saved.id!): \(saved.name)" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the gift catalogue.",
            discussion: "Example:\n  refer gift list --category wine --json")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this category.") var category: String?

        func run() throws {
            let ctx = try global.context()
            let gifts = try storeCall { try ctx.store.gifts(category: category) }
            try ctx.output(gifts) {
                table(["ID", "NAME", "COST", "CATEGORY", "WE SELL IT"], gifts.map {
                    [String($0.id!), $0.name, String(format: "%.2f", $0.cost), $0.category ?? "-", $0.soldByPractice ? "yes" : "no"]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one gift.",
            discussion: "Example:\n  refer gift show 2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The gift id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let g = try storeCall { try ctx.store.gift(id: try parseID(id, "gift")) }
            try ctx.output(g) {
                "Gift \(g.id!): \(g.name)\n  cost:     \(String(format: "%.2f", g.cost))\n  category: \(g.category ?? "-")\n  we sell it: \(g.soldByPractice ? "yes" : "no")"
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a gift.",
            discussion: "Example:\n  refer gift edit 2 --cost 110")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The gift id.") var id: String
        @Option(help: "The name.") var name: String?
        @Option(help: "What it costs.") var cost: Double?
        @Option(help: "Its category.") var category: String?
        @Option(help: "yes or no: the practice sells it.") var sold: String?

        func run() throws {
            let ctx = try global.context()
            var g = try storeCall { try ctx.store.gift(id: try parseID(id, "gift")) }
            if let name { g.name = name }
            if let cost { g.cost = cost }
            if let category { g.category = blankToNil(category) }
            if let sold {
                switch sold.lowercased() {
                case "yes", "true": g.soldByPractice = true
                case "no", "false": g.soldByPractice = false
                default: throw CLIError("--sold: \"\(sold)\" is not yes or no.")
                }
            }
            let updated = g
            try storeCall { try ctx.store.updateGift(updated) }
            try ctx.output(updated) { "Updated gift \(updated.id!)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a gift from the catalogue (refused once given).",
            discussion: "Example:\n  refer gift remove 2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The gift id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let giftId = try parseID(id, "gift")
            try storeCall { try ctx.store.removeGift(id: giftId) }
            print("Removed gift \(giftId)")
        }
    }

    struct Give: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "give",
            abstract: "Log a gift given to a partner.",
            discussion: "Example:\n  refer gift give 2 --partner 3 --referral 14 --at today")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The gift id.") var gift: String
        @Option(help: "The partner.") var partner: String
        @Option(help: "The referral it thanks for.") var referral: String?
        @Option(help: "When (default: now).") var at: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            let giftId = try parseID(gift, "gift")
            let p = try storeCall { try ctx.store.resolvePartner(partner) }
            let entry = GiftLogEntry(giftId: giftId, partnerId: p.id!, referralId: try referral.map { try parseID($0, "referral") },
                                     givenAt: try ctx.optionalDate(at, option: "--at") ?? Date(), note: note)
            let saved = try storeCall { try ctx.store.giveGift(entry) }
            try ctx.output(saved) { "Logged gift \(giftId) to partner \(p.id!)" }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "List the gifts given, newest first.",
            discussion: "Example:\n  refer gift log --partner 3 --json")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only to this partner.") var partner: String?

        func run() throws {
            let ctx = try global.context()
            let partnerId = try partner.map { ref in try storeCall { try ctx.store.resolvePartner(ref) }.id! }
            let log = try storeCall { try ctx.store.giftLog(partnerId: partnerId) }
            try ctx.output(log) {
                table(["ID", "WHEN", "GIFT", "PARTNER", "REFERRAL"], log.map {
                    [String($0.id!), ctx.show($0.givenAt), (try? ctx.store.gift(id: $0.giftId).name) ?? "-",
                     (try? ctx.store.partner(id: $0.partnerId).contact.name) ?? "-", $0.referralId.map(String.init) ?? "-"]
                })
            }
        }
    }
}
