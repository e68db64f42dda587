import Foundation
import Model
import Store
import Testing

@Suite struct ContactCSVTests {
    @Test func readsGoogleContactsWithBomQuotesAndEmbeddedNewlines() throws {
        let reading = try Fixture.read("google.csv")
        #expect(reading.format == "Google Contacts CSV")
        #expect(reading.problems.isEmpty)
        #expect(reading.contacts.count == 2)
        let ana = reading.contacts[0].contact
        #expect(ana.name == "Ana Popescu")
        #expect(ana.company == "Popescu Bakeries")
        #expect(ana.jobTitle == "Owner")
        #expect(ana.emails == ["ana@popescu.ro", "ana.popescu@gmail.com"])
        #expect(ana.note == "Referred by Radu.\nWants monthly payroll, and \"proper\" reports.")
        #expect(ana.tags == ["Clients", "VIP"])
        #expect(ana.address == "Str. Lipscani 10\nBucurești")
        #expect(reading.contacts[1].line == 5)
        #expect(reading.contacts[1].contact.tags.isEmpty)
    }

    @Test func readsOutlookColumns() throws {
        let reading = try Fixture.read("outlook.csv")
        #expect(reading.format == "Outlook CSV")
        #expect(reading.problems.isEmpty)
        let elena = reading.contacts[0].contact
        #expect(elena.name == "Elena Matei")
        #expect(elena.phones == ["021 311 11 11", "0744 222 333"])
        #expect(elena.tags == ["accountant", "Overflow partner"])
        #expect(elena.birthday == "1975-04-23")
        #expect(elena.address == "Calea Victoriei 12, București, 010061, Romania")
        #expect(reading.contacts[1].contact.birthday == nil)
    }

    @Test func readsAppleContactsColumns() throws {
        let reading = try Fixture.read("apple.csv")
        #expect(reading.format == "Apple Contacts CSV")
        #expect(reading.problems.isEmpty)
        #expect(reading.contacts.map(\.contact.name) == ["Cristina Dumitru", "Sorin Ilie"])
        #expect(reading.contacts[0].contact.note == "Family law, estates")
        #expect(reading.contacts[0].contact.tags == ["attorney"])
    }

    @Test func refusesUnknownColumns() throws {
        let reading = try Fixture.read("wrong-columns.csv")
        #expect(reading.contacts.isEmpty)
        #expect(reading.problems.count == 1)
        #expect(reading.problems[0].description.contains("wrong-columns.csv:1: header: no name, email or phone column"))
    }

    @Test func reportsBadRowsByLineAndColumn() throws {
        let reading = try Fixture.read("bad-rows.csv")
        #expect(reading.contacts.map(\.contact.name) == ["Good Row", "Another Good"])
        let described = reading.problems.map(\.description)
        #expect(described == [
            "bad-rows.csv:3: E-mail Address: \"not-an-email\" is not an email address",
            "bad-rows.csv:4: this row has 3 fields but the header has 5",
            "bad-rows.csv:5: Birthday: \"31/31/1990\" is not a date (use YYYY-MM-DD)",
        ])
    }

    @Test func reportsAnUnterminatedQuote() throws {
        let reading = try Fixture.read("unterminated.csv")
        #expect(reading.problems.contains { $0.line == 2 && $0.message.contains("never closed") })
    }

    @Test func recordsFollowRFC4180() {
        let text = "a,b,c\r\n\"x, y\",\"He said \"\"hi\"\"\",\"line1\r\nline2\"\r\n,,\r\n"
        let (records, problems) = CSVReader.records(Array(text.utf8), file: "t.csv")
        #expect(problems.isEmpty)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "He said \"hi\"", "line1\nline2"], ["", "", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func exportedCSVReadsBackUnchanged() throws {
        var contacts = try Fixture.read("contacts-v3.vcf").contacts.map(\.contact)
        contacts[0].kind = .professional
        contacts[0].category = "attorney"
        contacts[0].preferredChannel = .phone
        let text = ContactExport.csv(contacts)
        let again = ContactCSV.read(Array(text.utf8), file: "export.csv")
        #expect(again.problems.isEmpty)
        #expect(again.format == "Refer CSV")
        #expect(again.contacts.map(\.contact.timeless) == contacts.map(\.timeless))
    }
}
