import ArgumentParser
import Foundation
import Model
import Store

extension Refer.Contacts {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one contact.",
            discussion: """
            CONTACT is an id, an email, or a name that matches one contact.
            Example:
              refer contact show 12
              refer contact show ana@example.com --json
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: id, email or exact name.") var contact: String

        func run() throws {
            let ctx = try global.context()
            let c = try storeCall { try ctx.store.resolveContact(contact) }
            let partner = try storeCall { try ctx.store.partner(contactId: c.id!) }
            try ctx.output(c) {
                var lines = ["Contact \(c.id!): \(c.name)", "  kind:      \(c.kind.rawValue)"]
                func add(_ label: String, _ value: String?) {
                    if let value, !value.isEmpty { lines.append("  " + (label + ":").padding(toLength: 11, withPad: " ", startingAt: 0) + value) }
                }
                add("category", c.category)
                add("market", c.market)
                add("company", c.company)
                add("title", c.jobTitle)
                add("emails", c.emails.joined(separator: ", "))
                add("phones", c.phones.joined(separator: ", "))
                add("address", c.address)
                add("birthday", c.birthday)
                add("tags", c.tags.joined(separator: ", "))
                add("channel", c.preferredChannel?.rawValue)
                add("added", ctx.show(c.addedAt))
                add("source", c.source)
                add("note", c.note)
                if let partner { add("partner", "partner \(partner.id!), tier \(partner.tier.rawValue)") }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a contact's fields.",
            discussion: """
            Options given replace the field; --email, --phone and --tag replace the whole
            list, --add-tag and --remove-tag change one tag. An empty value clears a field.
            Example:
              refer contact edit 12 --kind client --add-tag vip --note ""
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: id, email or exact name.") var contact: String
        @Option(help: "The new name.") var name: String?
        @OptionGroup var fields: ContactFields
        @Option(name: .customLong("add-tag"), help: "Add a tag.") var addTag: [String] = []
        @Option(name: .customLong("remove-tag"), help: "Remove a tag.") var removeTag: [String] = []

        func run() throws {
            let ctx = try global.context()
            var c = try storeCall { try ctx.store.resolveContact(contact) }
            if let name { c.name = name }
            try fields.apply(to: &c, ctx)
            for tag in addTag where !c.tags.contains(tag) { c.tags.append(tag) }
            c.tags.removeAll { removeTag.contains($0) }
            let updated = c
            try storeCall { try ctx.store.updateContact(updated) }
            try ctx.output(updated) { "Updated contact \(updated.id!): \(updated.name)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a contact.",
            discussion: """
            Refused while the contact is a partner or named by a referral.
            Example:
              refer contact remove 12
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact: id, email or exact name.") var contact: String

        func run() throws {
            let ctx = try global.context()
            let c = try storeCall { try ctx.store.resolveContact(contact) }
            try storeCall { try ctx.store.removeContact(id: c.id!) }
            print("Removed contact \(c.id!): \(c.name)")
        }
    }
}
