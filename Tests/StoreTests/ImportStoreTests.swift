import Foundation
import Model
@testable import Store
import Testing

@Suite struct ImportStoreTests {
    @Test func secondImportUpdatesInsteadOfDuplicating() throws {
        let store = try AppDatabase.inMemory()
        let reading = try Fixture.read("contacts-v3.vcf")
        let first = try store.importReadings([reading])
        #expect(first.added == 3)
        let again = try store.importReadings([reading])
        #expect(again.added == 0)
        #expect(again.updated == 0)
        #expect(again.unchanged == 3)
        #expect(try store.contacts().count == 3)
    }

    /// Many changed contacts are written with one UPDATE through a temporary table: each
    /// must get its own row back, its keys swapped, its search text indexed, its event.
    @Test func manyUpdatesLandOnTheirOwnContacts() throws {
        let store = try AppDatabase.inMemory()
        func record(_ i: Int, renamed: Bool) -> ImportedContact {
            ImportedContact(contact: Contact(name: renamed ? "Ioana Renamed q\(i)q" : "Ioana Popa q\(i)q",
                                             emails: ["ioana\(i)@example.ro"] + (renamed ? ["second\(i)@example.ro"] : []),
                                             note: renamed ? "note \(i)" : nil),
                            file: "contacts.vcf", line: i)
        }
        let count = 1_500
        _ = try store.importContacts((0..<count).map { record($0, renamed: false) }, source: nil, dryRun: false, at: Date(), rowsPerStatement: 7)
        let before = try store.contacts().count
        let eventsBefore = try store.events(limit: 100_000).count
        // Every third contact changes; the others come again unchanged.
        let again = try store.importContacts((0..<count).map { record($0, renamed: $0 % 3 == 0) }, source: nil, dryRun: false, at: Date(), rowsPerStatement: 7)
        #expect(again.updated == count / 3 && again.unchanged == count - count / 3 && again.added == 0)
        #expect(try store.contacts().count == before)
        // Found through the search index by their new text (the index only proposes
        // candidates: a contact it missed would not be found).
        for i in [0, 3, 1_497] {
            let found = try store.findContacts("renamed q\(i)q")
            #expect(found.map(\.name) == ["Ioana Renamed q\(i)q"])
            #expect(found.first?.note == "note \(i)")
            #expect(try store.findContacts("second\(i)@example.ro").map(\.name) == ["Ioana Renamed q\(i)q"])
        }
        #expect(try store.findContacts("q4q").map(\.name) == ["Ioana Popa q4q"])
        // Matched by the new email on a third import: the keys were swapped in.
        let third = try store.importContacts([ImportedContact(contact: Contact(name: "Ioana Renamed q0q", emails: ["second0@example.ro"]), file: "x.vcf", line: 1)])
        #expect(third.added == 0 && third.unchanged == 1)
        let updates = try store.events(limit: 100_000).dropFirst(eventsBefore).filter { $0.kind == .contactUpdated }
        #expect(updates.count == count / 3)
        #expect(Set(updates.compactMap(\.contactId)).count == count / 3)
    }

    @Test func matchesByNormalisedEmailAndPhoneAndMergesLists() throws {
        let store = try AppDatabase.inMemory()
        let saved = try store.addContact(Contact(name: "Ștefan T.", emails: ["STEFAN@taranescu.ro"], phones: ["0040-722-123-456"]))
        let summary = try store.importReadings([try Fixture.read("contacts-v3.vcf")])
        #expect(summary.added == 2)
        #expect(summary.updated == 1)
        let stefan = try store.contact(id: saved.id!)
        #expect(stefan.name == "Ștefan Țărănescu")
        #expect(stefan.emails == ["STEFAN@taranescu.ro", "Stefan.T@Gmail.com"])
        #expect(stefan.phones == ["0040-722-123-456", "021 310 20 30"])
        let update = summary.changes.first { $0.action == .update }!
        #expect(update.fields.contains("name"))
        #expect(update.fields.contains("emails"))
    }

    @Test func dryRunWritesNothing() throws {
        let store = try AppDatabase.inMemory()
        let before = try store.rowCounts()
        let summary = try store.importReadings([try Fixture.read("google.csv")], dryRun: true)
        #expect(summary.added == 2)
        #expect(summary.dryRun)
        #expect(try store.rowCounts() == before)
    }

    @Test func aBadRecordRefusesTheWholeImport() throws {
        let store = try AppDatabase.inMemory()
        let readings = [try Fixture.read("google.csv"), try Fixture.read("broken.vcf")]
        #expect(throws: ImportError.self) { try store.importReadings(readings) }
        #expect(try store.contacts().isEmpty)
        #expect(try store.events().isEmpty)
        let skipped = try store.importReadings(readings, skipBad: true)
        #expect(skipped.added == 3)
        #expect(skipped.skipped.count == 5)
    }

    @Test func importRecordsItsEventsInTheSameTransaction() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.importReadings([try Fixture.read("apple.csv")], source: "import apple.csv")
        let events = try store.events()
        #expect(events.map(\.kind) == [.contactsImported])
        #expect(events[0].payload.contains("\"added\":\"2\""))
        #expect(events[0].payload.contains("\"first_id\":\"1\""))
        #expect(events[0].payload.contains("\"last_id\":\"2\""))
    }

    /// New contacts go in several to an INSERT, their rows built on two cores from 2,000
    /// on; each must get its own id, keys and search entry, across statements and after
    /// contacts already stored.
    @Test(arguments: [(23, 7), (2_300, 700)])
    func contactsInsertedManyToAStatementKeepTheirOwnIds(count: Int, perStatement: Int) throws {
        let store = try AppDatabase.inMemory()
        let here = try store.addContact(Contact(name: "Already Here", emails: ["here@example.ro"]))
        var records = (0..<count).map { i in
            ImportedContact(contact: Contact(name: "Person \(i)", emails: ["p\(i)@example.ro"], phones: ["0722 \(100_000 + i)"]),
                            file: "many.vcf", line: 1 + 9 * i)
        }
        records.insert(ImportedContact(contact: Contact(name: "Already Here", emails: ["here@example.ro"], phones: ["021 999 888"]),
                                       file: "many.vcf", line: 50_000), at: 11)
        let summary = try store.importContacts(records, source: "import many.vcf", dryRun: false, at: Date(), rowsPerStatement: perStatement)
        #expect(summary.added == count)
        #expect(summary.updated == 1)
        let added = summary.changes.filter { $0.action == .add }
        #expect(added.map { $0.contactId! } == Array((here.id! + 1)...(here.id! + Int64(count))))
        for change in added {
            let i = Int(change.name.dropFirst("Person ".count))!
            #expect(try store.contact(id: change.contactId!).name == change.name)
            #expect(try store.resolveContact("p\(i)@example.ro").id == change.contactId)
            #expect(try store.findContacts("0722 \(100_000 + i)").map(\.id) == [change.contactId])
            #expect(change.line == 1 + 9 * i)
        }
        #expect(try store.findContacts("21999888").map(\.id) == [here.id])
    }

    @Test func tagsFilterAndSearchIgnoreCaseAndAccents() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.importReadings([try Fixture.read("contacts-v3.vcf")])
        #expect(try store.findContacts("stefan").map(\.name) == ["Ștefan Țărănescu"])
        #expect(try store.findContacts("TARANESCU").count == 1)
        #expect(try store.findContacts("722123").count == 1)
        #expect(try store.contacts(ContactFilter(tag: "a LIST")).map(\.name) == ["Ștefan Țărănescu"])
    }
}
