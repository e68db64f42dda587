import Foundation
import Testing

@Suite struct ImportCommandTests {
    let vcards = ["contacts-v3.vcf", "contacts-v4.vcf", "contacts-v21.vcf"].map(ReferRunner.fixture)

    @Test func importsVCardsOnceThenUpdatesInsteadOfDuplicating() throws {
        let p = try TempPractice()
        let first = try ReferRunner.run(["import"] + vcards + ["--practice", p.root.path])
        #expect(first.status == 0)
        #expect(first.stdout == "Imported: 7 added, 0 updated, 0 unchanged.\n")
        let again = try ReferRunner.run(["import"] + vcards + ["--practice", p.root.path])
        #expect(again.stdout == "Imported: 0 added, 0 updated, 7 unchanged.\n")
        #expect(try p.sql("SELECT count(*) FROM contacts") == "7")
        let found = try p.json("contact", "find", "taranescu") as! [[String: Any]]
        #expect(found.first?["name"] as? String == "Ștefan Țărănescu")
    }

    @Test func dryRunShowsChangesAndWritesNothing() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana P.", "--email", "ANA@popescu.ro")
        let out = try p.ok("import", ReferRunner.fixture("google.csv"), "--dry-run")
        #expect(out.contains("Would import: 1 added, 1 updated, 0 unchanged."))
        #expect(out.contains("update  Ana Popescu (contact 1): "))
        #expect(out.contains("add     Dan Georgescu  ("))
        #expect(out.contains("Nothing was written"))
        #expect(try p.sql("SELECT count(*) FROM contacts") == "1")
        #expect(try p.sql("SELECT name FROM contacts") == "Ana P.")
    }

    @Test func readsGoogleOutlookAndAppleCSV() throws {
        let p = try TempPractice()
        for file in ["google.csv", "outlook.csv", "apple.csv"] {
            try p.ok("import", ReferRunner.fixture(file))
        }
        #expect(try p.sql("SELECT count(*) FROM contacts") == "6")
        let json = try p.json("import", ReferRunner.fixture("outlook.csv")) as! [String: Any]
        #expect(json["unchanged"] as? Int == 2)
        #expect((try p.json("contact", "list", "--tag", "overflow partner") as! [Any]).count == 1)
    }

    @Test func aMalformedFileIsRefusedWholeWithEveryProblemListed() throws {
        let p = try TempPractice()
        let result = try p.run("import", ReferRunner.fixture("google.csv"), ReferRunner.fixture("broken.vcf"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing was imported: 5 problem(s) found."))
        #expect(result.stderr.contains("broken.vcf:9: BDAY: \"1985-13-45\" is not a date"))
        #expect(result.stderr.contains("broken.vcf:15:") && result.stderr.contains("no ':'"))
        #expect(result.stderr.contains("broken.vcf:20: EMAIL: \"not-an-address\" is not an email address"))
        #expect(result.stderr.contains("broken.vcf:22: FN: the card has no name"))
        #expect(result.stderr.contains("broken.vcf:27: BEGIN: this card has no END:VCARD"))
        #expect(result.stderr.contains("--skip-bad"))
        #expect(try p.sql("SELECT count(*) FROM contacts") == "0")
        #expect(try p.sql("SELECT count(*) FROM events") == "0")

        let skipped = try p.ok("import", ReferRunner.fixture("google.csv"), ReferRunner.fixture("broken.vcf"), "--skip-bad")
        #expect(skipped.contains("Imported: 3 added"))
        #expect(skipped.contains("Skipped 5 problem(s):"))
        #expect(try p.sql("SELECT count(*) FROM contacts") == "3")
    }

    @Test func wrongColumnsAndBadRowsAreNamed() throws {
        let p = try TempPractice()
        #expect(try p.fails("import", ReferRunner.fixture("wrong-columns.csv")).contains("wrong-columns.csv:1: header: no name, email or phone column"))
        let bad = try p.fails("import", ReferRunner.fixture("bad-rows.csv"))
        #expect(bad.contains("bad-rows.csv:3: E-mail Address:"))
        #expect(bad.contains("bad-rows.csv:4: this row has 3 fields"))
        #expect(bad.contains("bad-rows.csv:5: Birthday:"))
        #expect(try p.fails("import", ReferRunner.fixture("unterminated.csv")).contains("unterminated.csv:2:"))
        #expect(try p.fails("import", "/no/such/file.vcf").contains("cannot read /no/such/file.vcf"))
        #expect(try p.sql("SELECT count(*) FROM contacts") == "0")
    }

    @Test func exportRoundTripKeepsNonASCIINames() throws {
        let p = try TempPractice()
        try p.ok("import", vcards[0], vcards[2])
        try p.ok("contact", "edit", "1", "--kind", "professional", "--category", "attorney", "--channel", "phone")
        let file = p.root.appendingPathComponent("out.vcf").path
        #expect(try p.ok("export", "vcard", "--output", file) == "Exported 5 contact(s) to \(file)\n")
        let csv = try p.ok("export", "csv")
        #expect(csv.hasPrefix("Name,Given Name,Family Name"))
        let csvFile = p.root.appendingPathComponent("out.csv")
        try csv.write(to: csvFile, atomically: true, encoding: .utf8)

        func contacts(_ practice: TempPractice) throws -> [[String: String]] {
            (try practice.json("contact", "list") as! [[String: Any]]).map { c in
                c.filter { $0.key != "addedAt" && $0.key != "id" && $0.key != "source" }.mapValues { "\($0)" }
            }
        }
        let original = try contacts(p)
        for exported in [file, csvFile.path] {
            let q = try TempPractice()
            try q.ok("import", exported)
            #expect(try contacts(q) == original)
        }
        #expect(original.contains { $0["name"] == "Maria-Elena Vâlcea 🌻" })
        #expect(original.contains { $0["name"] == "Mihaiță Dobre" })
    }
}
