import Foundation
import Model
import Store
import Testing

@Suite struct VCardReaderTests {
    @Test func readsVersion3WithFoldingEscapesGroupsAndCategories() throws {
        let reading = try Fixture.read("contacts-v3.vcf")
        #expect(reading.problems.isEmpty)
        #expect(reading.contacts.count == 3)
        let stefan = reading.contacts[0].contact
        #expect(stefan.name == "Ștefan Țărănescu")
        #expect(stefan.givenName == "Ștefan")
        #expect(stefan.familyName == "Țărănescu")
        #expect(stefan.company == "Țărănescu & Asociații, SCA")
        #expect(stefan.emails == ["stefan@taranescu.ro", "Stefan.T@Gmail.com"])
        #expect(stefan.phones == ["+40 722 123 456", "021 310 20 30"])
        #expect(stefan.address == "Str. Academiei 7, et. 2, București, 010011, România")
        #expect(stefan.birthday == "1971-04-12")
        #expect(stefan.note == "Met at the Chamber of Commerce dinner.\nPrefers calls after 4 pm; never on Fridays.")
        #expect(stefan.tags == ["attorney", "A list", "Referral source"])
        #expect(reading.contacts[0].line == 1)

        let maria = reading.contacts[1].contact
        #expect(maria.name == "Maria-Elena Vâlcea 🌻")
        #expect(maria.birthday == "--08-15")
        #expect(maria.note == "A very long note that an address book folded across several physical lines because vCard lines should not be longer than seventy-five octets, and this one is much longer than that.")
        #expect(reading.contacts[2].contact.jobTitle == "Relationship Manager, SME")
    }

    @Test func readsVersion4UrisAndQuotedParameters() throws {
        let reading = try Fixture.read("contacts-v4.vcf")
        #expect(reading.problems.isEmpty)
        let ioana = reading.contacts[0].contact
        #expect(ioana.phones == ["+40-733-555-010"])
        #expect(ioana.birthday == "1980-02-29")
        #expect(ioana.address == "Bd. Unirii 15, Cluj-Napoca, CJ, 400000, Romania")
        #expect(ioana.tags == ["broker", "insurance"])
        // A company card with no N: the name comes from FN.
        #expect(reading.contacts[1].contact.name == "Acme Logistics SRL")
    }

    @Test func readsVersion21QuotedPrintableAndCharsets() throws {
        let reading = try Fixture.read("contacts-v21.vcf")
        #expect(reading.problems.isEmpty)
        #expect(reading.contacts.map(\.contact.name) == ["Mihaiță Dobre", "José Muñoz"])
        #expect(reading.contacts[0].contact.note == "Owns three bakeries in Ploiești, wants a proper month-end close.")
        #expect(reading.contacts[0].contact.phones == ["0744 000 111"])
    }

    @Test func reportsEveryBrokenCardWithLineAndField() throws {
        let reading = try Fixture.read("broken.vcf")
        #expect(reading.contacts.map(\.contact.name) == ["Good Person"])
        let described = reading.problems.map(\.description)
        #expect(described.contains { $0.hasPrefix("broken.vcf:9: BDAY:") })
        #expect(described.contains { $0.hasPrefix("broken.vcf:15:") && $0.contains("no ':'") })
        #expect(described.contains { $0.hasPrefix("broken.vcf:20: EMAIL:") })
        #expect(described.contains { $0.hasPrefix("broken.vcf:22: FN:") && $0.contains("no name") })
        #expect(described.contains { $0.hasPrefix("broken.vcf:27: BEGIN:") && $0.contains("no END:VCARD") })
        #expect(reading.problems.count == 5)
    }

    @Test func exportedCardsReadBackUnchanged() throws {
        let original = try Fixture.read("contacts-v3.vcf").contacts.map(\.contact)
        let text = ContactExport.vCard(original)
        let again = VCardReader.read(Array(text.utf8), file: "export.vcf")
        #expect(again.problems.isEmpty)
        #expect(again.contacts.map(\.contact.timeless) == original.map(\.timeless))
        // Folded at 75 octets without splitting a character.
        for line in text.split(separator: "\r\n") { #expect(line.utf8.count <= 75) }
    }
}
