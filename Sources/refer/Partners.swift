import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer partner …`: the contacts cultivated as referral sources.
    struct Partners: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "partner",
            abstract: "Manage referral partners: add, promote, list, show, edit, remove.",
            discussion: """
            Examples:
              refer partner add "Radu Ionescu" --tier A --benefit "We send him our clients' legal work"
              refer partner promote ana@example.com
              refer partner list --tier A
            """,
            subcommands: [Add.self, Promote.self, List.self, Show.self, Edit.self, Remove.self]
        )
    }
}

/// The partner fields `add` and `edit` share.
struct PartnerFields: ParsableArguments {
    @Option(help: "A, B or C; the A list is the top 10–20%.") var tier: String?
    @Option(help: "What is in it for them.") var benefit: String?
    @Option(help: "An action wanted from them (repeat for several).") var action: [String] = []
    @Option(help: "When the relationship began (default: now).") var since: String?
    @Option(help: "The referral plan (a plugin's name).") var plan: String?
    @Option(help: "A note.") var note: String?

    func apply(to partner: inout Partner, _ ctx: CommandContext) throws {
        if let tier {
            guard let value = PartnerTier(text: tier) else { throw CLIError("--tier: \"\(tier)\" is not A, B or C.") }
            partner.tier = value
        }
        if let benefit { partner.benefit = blankToNil(benefit) }
        if !action.isEmpty { partner.actionsWanted = action.compactMap(blankToNil) }
        if let since { partner.relationshipStart = try ctx.date(since, option: "--since") }
        if let plan { partner.plan = blankToNil(plan) }
        if let note { partner.note = blankToNil(note) }
    }
}

extension Refer.Partners {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Make a contact a referral partner.",
            discussion: """
            Example:
              refer partner add 7 --tier A --benefit "Clients for his practice" --action "Call the prospect first"
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: id, email or exact name.") var contact: String
        @OptionGroup var fields: PartnerFields

        func run() throws {
            let ctx = try global.context()
            let c = try storeCall { try ctx.store.resolveContact(contact) }
            var partner = Partner(contactId: c.id!)
            try fields.apply(to: &partner, ctx)
            let draft = partner
            let saved = try storeCall { try ctx.store.addPartner(draft) }
            try ctx.output(saved) { "Added partner \(saved.id!): \(c.name) (tier \(saved.tier.rawValue))" }
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promote",
            abstract: "Turn a client (typically one won through a referral) into a partner.",
            discussion: """
            The cycle of referrals (R12): clients won through referrals become new sources.
            Example:
              refer partner promote ana@example.com --tier B
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: id, email or exact name.") var contact: String
        @Option(help: "A, B or C (default: B).") var tier: String = "B"

        func run() throws {
            let ctx = try global.context()
            guard let tier = PartnerTier(text: tier) else { throw CLIError("--tier: \"\(self.tier)\" is not A, B or C.") }
            let c = try storeCall { try ctx.store.resolveContact(contact) }
            let saved = try storeCall { try ctx.store.promoteToPartner(contactId: c.id!, tier: tier) }
            try ctx.output(saved) { "Promoted \(c.name) to partner \(saved.id!) (tier \(saved.tier.rawValue))" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List partners, A list first.",
            discussion: """
            Example:
              refer partner list --tier A --category attorney --json
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this tier.") var tier: String?
        @Option(help: "Only partners of this profession / category.") var category: String?

        func run() throws {
            let ctx = try global.context()
            var tierValue: PartnerTier?
            if let tier {
                guard let t = PartnerTier(text: tier) else { throw CLIError("--tier: \"\(tier)\" is not A, B or C.") }
                tierValue = t
            }
            let partners = try storeCall { try ctx.store.partners(tier: tierValue, category: category) }
            try ctx.output(partners) {
                table(["ID", "NAME", "TIER", "CATEGORY", "SINCE", "RECEIVED", "GIVEN", "PLAN"], partners.map {
                    [String($0.partner.id!), $0.contact.name, $0.partner.tier.rawValue, $0.contact.category ?? "-",
                     ctx.show($0.partner.relationshipStart), String($0.referralsReceived), String($0.referralsGiven), $0.partner.plan ?? "-"]
                })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one partner.",
            discussion: """
            Example:
              refer partner show 3 --json
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The partner id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let partnerId = try parseID(id, "partner")
            let d = try storeCall { try ctx.store.partner(id: partnerId) }
            try ctx.output(d) {
                var lines = [
                    "Partner \(d.partner.id!): \(d.contact.name) (contact \(d.contact.id!))",
                    "  tier:      \(d.partner.tier.rawValue)",
                    "  category:  \(d.contact.category ?? "-")",
                    "  since:     \(ctx.show(d.partner.relationshipStart))",
                    "  benefit:   \(d.partner.benefit ?? "-")",
                    "  plan:      \(d.partner.plan ?? "-")",
                    "  referrals: \(d.referralsReceived) received, \(d.referralsGiven) given",
                ]
                for action in d.partner.actionsWanted { lines.append("  wanted:    \(action)") }
                if let note = d.partner.note { lines.append("  note:      \(note)") }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a partner's tier, benefit, wanted actions, plan or note.",
            discussion: """
            --action replaces the whole list of wanted actions.
            Example:
              refer partner edit 3 --tier A --plan quarterly-lunch
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The partner id.") var id: String
        @OptionGroup var fields: PartnerFields

        func run() throws {
            let ctx = try global.context()
            let partnerId = try parseID(id, "partner")
            var partner = try storeCall { try ctx.store.partner(id: partnerId) }.partner
            try fields.apply(to: &partner, ctx)
            let updated = partner
            try storeCall { try ctx.store.updatePartner(updated) }
            try ctx.output(updated) { "Updated partner \(partnerId)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "End a partnership (the contact stays).",
            discussion: """
            Example:
              refer partner remove 3
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The partner id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let partnerId = try parseID(id, "partner")
            try storeCall { try ctx.store.removePartner(id: partnerId) }
            print("Removed partner \(partnerId)")
        }
    }
}
