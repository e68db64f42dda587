import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer contact …`: the people in the practice's network.
    struct Contacts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contact",
            abstract: "Add, list, find, show, edit and remove contacts.",
            discussion: """
            Examples:
              refer contact add "Ana Popescu" --kind client --email ana@example.com --tag vip
              refer contact list --kind professional --category attorney
              refer contact find popescu
            """,
            subcommands: [Add.self, List.self, Find.self, Show.self, Edit.self, Remove.self]
        )
    }
}

/// The contact fields `add` and `edit` share.
struct ContactFields: ParsableArguments {
    @Option(help: "prospect, client, former-client, professional or friend.") var kind: String?
    @Option(help: "The profession (attorney, banker…) or client category.") var category: String?
    @Option(help: "The market the contact serves.") var market: String?
    @Option(help: "The company.") var company: String?
    @Option(help: "The job title.") var title: String?
    @Option(help: "An email address (repeat for several).") var email: [String] = []
    @Option(help: "A phone number (repeat for several).") var phone: [String] = []
    @Option(help: "The postal address.") var address: String?
    @Option(help: "The birthday, YYYY-MM-DD or --MM-DD.") var birthday: String?
    @Option(help: "A note.") var note: String?
    @Option(help: "A tag (repeat for several).") var tag: [String] = []
    @Option(help: "Preferred channel: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).") var channel: String?
    @Option(help: "Where the contact came from.") var source: String?
    @Option(help: "When the contact entered the network (default: now).") var added: String?

    /// Applies the given options to `contact`; list options replace the lists.
    func apply(to contact: inout Model.Contact, _ ctx: CommandContext) throws {
        if let kind { contact.kind = try parseChoice(kind, "--kind") }
        if let category { contact.category = blankToNil(category) }
        if let market { contact.market = blankToNil(market) }
        if let company { contact.company = blankToNil(company) }
        if let title { contact.jobTitle = blankToNil(title) }
        if !email.isEmpty {
            for e in email where !e.contains("@") { throw CLIError("--email: \"\(e)\" is not an email address.") }
            contact.emails = email
        }
        if !phone.isEmpty { contact.phones = phone }
        if let address { contact.address = blankToNil(address) }
        if let birthday {
            if let text = blankToNil(birthday) {
                guard let day = ContactFiles.birthday(text) else {
                    throw CLIError("--birthday: \"\(birthday)\" is not a date; use YYYY-MM-DD or --MM-DD.")
                }
                contact.birthday = day
            } else {
                contact.birthday = nil
            }
        }
        if let note { contact.note = blankToNil(note) }
        if !tag.isEmpty { contact.tags = tag }
        if let channel { contact.preferredChannel = try parseChoice(channel, "--channel") }
        if let source { contact.source = blankToNil(source) }
        if let added { contact.addedAt = try ctx.date(added, option: "--added") }
    }
}

extension Refer.Contacts {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a contact.",
            discussion: """
            Example:
              refer contact add "Radu Ionescu" --kind professional --category attorney --email radu@lex.ro --phone "+40 722 111 222"
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact's name.") var name: String
        @OptionGroup var fields: ContactFields

        func run() throws {
            let ctx = try global.context()
            var contact = Model.Contact(name: name)
            try fields.apply(to: &contact, ctx)
            let saved = try storeCall { try ctx.store.addContact(contact) }
            try ctx.output(saved) { "Added contact \(saved.id!): \(saved.name)" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List contacts, by name.",
            discussion: """
            Example:
              refer contact list --kind client --tag vip --since 2026-01-01 --json
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only contacts with this tag.") var tag: String?
        @Option(help: "Only this category / profession.") var category: String?
        @Option(help: "Only contacts added since this date.") var since: String?
        @Option(help: "At most this many.") var limit: Int?

        func run() throws {
            let ctx = try global.readingContext()
            let filter = ContactFilter(kind: try parseOptionalChoice(kind, "--kind"), tag: tag, category: category,
                                       since: try ctx.optionalDate(since, option: "--since"), limit: limit)
            if ctx.json { return try storeCall { try ContactJSON.write { try ctx.store.forEachContact(filter, $0) } } }
            let contacts = try storeCall { try ctx.store.contacts(filter) }
            print(contactTable(contacts, ctx))
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "find",
            abstract: "Find contacts by name, company, email or phone.",
            discussion: """
            Case and accents are ignored: "stefan" finds "Ștefan".
            Example:
              refer contact find popescu
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Text to look for.") var text: String
        @Option(help: "At most this many.") var limit = 50

        func run() throws {
            let ctx = try global.readingContext()
            if ctx.json { return try storeCall { try ContactJSON.write { try ctx.store.forEachFoundContact(text, limit: limit, $0) } } }
            let contacts = try storeCall { try ctx.store.findContacts(text, limit: limit) }
            print(contactTable(contacts, ctx))
        }
    }
}

func contactTable(_ contacts: [Model.Contact], _ ctx: CommandContext) -> String {
    table(["ID", "NAME", "KIND", "CATEGORY", "EMAIL", "PHONE", "TAGS"], contacts.map {
        [String($0.id ?? 0), $0.name, $0.kind.rawValue, $0.category ?? "-", $0.emails.first ?? "-",
         $0.phones.first ?? "-", $0.tags.joined(separator: ",")]
    })
}
