import Foundation
import Model
import Testing
@testable import Store

/// `findContacts` reads the trigram index for queries of three characters or more and
/// every contact for shorter ones; either way it must answer as a plain filter over all
/// contacts does, and follow every add, edit and removal.
@Suite struct ContactSearchTests {
    /// What `find` promises, written out over the contacts in memory: the folded query
    /// (or, for a query of mostly digits, its phone digits) inside the contact's search
    /// text, sorted by name as SQLite's NOCASE does (ASCII letters folded), then id.
    static func expected(_ text: String, in contacts: [Contact], limit: Int) -> [Int64] {
        let needle = Contact.fold(text.trimmingCharacters(in: .whitespaces))
        guard !needle.isEmpty else { return [] }
        var parts = [Array(needle.utf8)]
        let digits = Contact.normalizedPhone(text)
        if digits.count >= 4 && digits.count * 2 >= text.count { parts.append(Array(digits.utf8)) }
        func nocase(_ name: String) -> [UInt8] { name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 } }
        return contacts
            .filter { contact in
                let search = Array(contact.searchText.utf8)
                return parts.contains { SearchFunctionTests.slow($0, in: search) }
            }
            .sorted { a, b in
                let (ka, kb) = (nocase(a.name), nocase(b.name))
                return ka == kb ? a.id! < b.id! : ka.lexicographicallyPrecedes(kb)
            }
            .prefix(limit)
            .map { $0.id! }
    }

    /// The fuzz tests' deterministic generator, so a failure can be replayed.
    typealias Generator = ReaderFuzzTests.SplitMix

    static let given = ["Ana", "Ștefan", "Ioana", "MIHAI", "Élodie", "Radu", "Zoë", "Țicu", "O\"Brien", "Ñandú", "Ἀλέξανδρος", "李"]
    static let family = ["Popescu", "Țărănescu", "Dobre", "Vâlcea", "Müller", "Ana-Maria", "de la Peña", "Ionescu"]
    static let companies = ["Lex & Co", "Bancă SRL", "ÅB Nordic", "Popescu Legal", "50% Off", "NEAR (me)"]
    static let tags = ["vip", "Client", "avocat", "a list", "ȘEF"]

    static func randomContact(_ g: inout Generator) -> Contact {
        let first = given.randomElement(using: &g)!, last = family.randomElement(using: &g)!
        let number = Int.random(in: 0..<1000, using: &g)
        var contact = Contact(name: "\(first) \(last) \(number)")
        if Bool.random(using: &g) { contact.company = companies.randomElement(using: &g)! }
        for _ in 0..<Int.random(in: 0...2, using: &g) {
            contact.emails.append("\(first.prefix(3)).\(number)@Example\(Int.random(in: 0..<5, using: &g)).ro")
        }
        for _ in 0..<Int.random(in: 0...2, using: &g) {
            let digits = String(Int.random(in: 100_000...999_999, using: &g))
            contact.phones.append(["+40 722 \(digits)", "0040-21-\(digits)", "0722.\(digits)"].randomElement(using: &g)!)
        }
        contact.tags = Array(tags.shuffled(using: &g).prefix(Int.random(in: 0...2, using: &g)))
        return contact
    }

    /// Queries cut from the contacts (and changed in case), short ones, several words,
    /// digits written as people type them, and text that means something to FTS5.
    static func queries(_ contacts: [Contact], _ g: inout Generator) -> [String] {
        var out = ["a", "ă", "Ș", "an", "ne", " po", "ana pop", "ANA POPESCU 1", "țărănescu", "TARANESCU", "elodie",
                   "example3.ro", "@example", "+40 722", "0722", "722 1", "21-", "#vip#", "vip", "a list", "\"", "o\"b",
                   "\"brien", "NEAR", "near (", "50%", "*", "co OR lex", "-", "ἀλέ", "李", "zzzz", "   ", ""]
        for _ in 0..<150 {
            let contact = contacts.randomElement(using: &g)!
            let source = [contact.name, contact.company ?? contact.name, contact.emails.first ?? contact.name,
                          contact.phones.first ?? contact.name, contact.searchText].randomElement(using: &g)!
            let scalars = Array(source.unicodeScalars)
            let length = Int.random(in: 1...min(12, scalars.count), using: &g)
            let start = Int.random(in: 0...(scalars.count - length), using: &g)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<(start + length)])
            let piece = String(view)
            out.append(Bool.random(using: &g) ? piece.uppercased() : piece)
        }
        return out
    }

    @Test func findAnswersAsAFilterOverEveryContact() throws {
        let store = try AppDatabase.inMemory()
        var g = Generator(state: 20_260_301)
        var contacts: [Contact] = []
        for _ in 0..<400 { contacts.append(try store.addContact(Self.randomContact(&g))) }
        var matched = 0
        for query in Self.queries(contacts, &g) {
            let all = Self.expected(query, in: contacts, limit: 1_000)
            #expect(try store.findContacts(query, limit: 1_000).map { $0.id! } == all, "find \"\(query)\"")
            #expect(try store.findContacts(query, limit: 7).map { $0.id! } == Array(all.prefix(7)), "find \"\(query)\" --limit 7")
            if !all.isEmpty { matched += 1 }
        }
        #expect(matched > 100)  // the queries found something, so the comparison means something
    }

    @Test func findFollowsEditsAndRemovals() throws {
        let store = try AppDatabase.inMemory()
        var ana = try store.addContact(Contact(name: "Ana Popescu", emails: ["ana@popescu.ro"], phones: ["+40 722 333 444"], tags: ["vip"]))
        let radu = try store.addContact(Contact(name: "Radu Ionescu", company: "Lex & Co"))
        #expect(try store.findContacts("popescu").map(\.id) == [ana.id])
        #expect(try store.findContacts("lex &").map(\.id) == [radu.id])

        ana.name = "Ana Țărănescu"
        ana.emails = ["ana@taranescu.ro"]
        ana.phones = ["021 555 66 77"]
        ana.tags = ["avocat"]
        try store.updateContact(ana)
        #expect(try store.findContacts("popescu").isEmpty)
        #expect(try store.findContacts("722333").isEmpty)
        #expect(try store.findContacts("#vip#").isEmpty)
        #expect(try store.findContacts("taranescu").map(\.id) == [ana.id])
        #expect(try store.findContacts("215556677").map(\.id) == [ana.id])
        #expect(try store.findContacts("#avocat#").map(\.id) == [ana.id])

        try store.removeContact(id: radu.id!)
        #expect(try store.findContacts("lex &").isEmpty)
        #expect(try store.findContacts("ionescu").isEmpty)
        #expect(try store.findContacts("ana").map(\.id) == [ana.id])
    }

    @Test func importedAndMergedContactsAreFound() throws {
        let store = try AppDatabase.inMemory()
        let saved = try store.addContact(Contact(name: "Ștefan T.", emails: ["STEFAN@taranescu.ro"]))
        _ = try store.importReadings([try Fixture.read("contacts-v3.vcf")])
        // The import renamed the saved contact and gave it another email.
        #expect(try store.findContacts("stefan t.").isEmpty)
        #expect(try store.findContacts("stefan.t@gmail").map(\.id) == [saved.id])
        #expect(try store.findContacts("Ștefan Țărănescu").map(\.id) == [saved.id])
    }

    @Test func aNulInTheSearchTextReadsAsASpace() throws {
        let store = try AppDatabase.inMemory()
        let odd = try store.addContact(Contact(name: "Ana\u{0}Popescu"))
        #expect(try store.findContacts("popescu").map(\.id) == [odd.id])
        #expect(try store.findContacts("ana popescu").map(\.id) == [odd.id])
    }

    @Test func theIndexQueryNeedsEveryRunOfEveryPart() {
        #expect(AppDatabase.searchIndexQuery(["ab"]) == nil)
        #expect(AppDatabase.searchIndexQuery(["abc", "12"]) == nil)
        #expect(AppDatabase.searchIndexQuery(["a\u{0}bc"]) == nil)
        #expect(AppDatabase.searchIndexQuery(["abcab"]) == "(\"abc\" AND \"bca\" AND \"cab\")")
        #expect(AppDatabase.searchIndexQuery(["o\"b", "1234"]) == "(\"o\"\"b\") OR (\"123\" AND \"234\")")
    }
}
