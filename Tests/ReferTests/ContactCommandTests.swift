import Foundation
import Testing

@Suite struct ContactCommandTests {
    @Test func addListShowEditFindRemove() throws {
        let p = try TempPractice()
        #expect(try p.ok("contact", "add", "Ana Popescu", "--kind", "client", "--email", "ana@popescu.ro",
                         "--phone", "+40 722 333 444", "--tag", "VIP", "--category", "bakery") == "Added contact 1: Ana Popescu\n")
        try p.ok("contact", "add", "Ștefan Țărănescu", "--kind", "professional", "--category", "attorney", "--added", "2025-06-01")
        let list = try p.ok("contact", "list")
        #expect(list.contains("Ana Popescu") && list.contains("Ștefan Țărănescu"))

        let json = try p.json("contact", "list") as! [[String: Any]]
        #expect(json.map { $0["name"] as! String } == ["Ana Popescu", "Ștefan Țărănescu"])
        #expect(json[0]["tags"] as! [String] == ["VIP"])

        #expect((try p.json("contact", "list", "--kind", "professional") as! [Any]).count == 1)
        #expect((try p.json("contact", "list", "--tag", "vip") as! [Any]).count == 1)
        #expect((try p.json("contact", "list", "--category", "ATTORNEY") as! [Any]).count == 1)
        #expect((try p.json("contact", "list", "--since", "2026-01-01") as! [Any]).count == 1)

        let shown = try p.json("contact", "show", "ana@popescu.ro") as! [String: Any]
        #expect(shown["id"] as? Int == 1)
        #expect(try p.ok("contact", "show", "Ana Popescu").contains("kind:      client"))

        try p.ok("contact", "edit", "1", "--add-tag", "bakery-owner", "--remove-tag", "VIP", "--market", "Ploiești")
        let edited = try p.json("contact", "show", "1") as! [String: Any]
        #expect(edited["tags"] as! [String] == ["bakery-owner"])
        #expect(edited["market"] as? String == "Ploiești")

        let found = try p.json("contact", "find", "stefan") as! [[String: Any]]
        #expect(found.map { $0["name"] as! String } == ["Ștefan Țărănescu"])
        #expect((try p.json("contact", "find", "722333") as! [Any]).count == 1)

        #expect(try p.ok("contact", "remove", "2") == "Removed contact 2: Ștefan Țărănescu\n")
        #expect((try p.json("contact", "list") as! [Any]).count == 1)
    }

    /// `contact list --json` writes each row straight from the store. Each object must be
    /// what `contact show --json` (JSONEncoder over the contact the store reads) says of the
    /// same contact, also for rows that no command writes.
    @Test func listJSONSaysWhatShowSaysOfEachContact() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana Popescu", "--kind", "client", "--email", "ana@popescu.ro",
                 "--phone", "+40 722 333 444", "--tag", "VIP", "--category", "bakery", "--added", "2025-06-01 14:30")
        _ = try p.sql("""
            INSERT INTO contacts (name, kind, emails, phones, tags, note, preferred_channel, added_at, search, company, address) VALUES
              ('Nul' || char(0) || 'Inside', 'boss', 'a@x.ro' || char(10) || char(10) || 'b@x.ro', '', char(10),
               'quote " back \\ tab' || char(9) || 'nl' || char(10) || 'ctl' || char(1), 'pigeon', '2026-03-01', 'nul a@x.ro b@x.ro', '', NULL),
              (CAST(X'416E61FF42' AS TEXT), 'client', '', '', 'vip', NULL, 'email', '2026-03-01 12:30:00.000', 'ana b', 'Ελένη ΑΕ', '李 🐉'),
              ('zed', 'friend', 'z@x.ro', '+40 1', 'a' || char(10) || 'b', '', NULL, '2026-03-01T08:00:00.250', 'zed z@x.ro +401', NULL, '');
            """)
        let list = try p.json("contact", "list") as! [[String: Any]]
        #expect(list.count == 4)
        for entry in list {
            let id = try #require(entry["id"] as? Int)
            let shown = try p.json("contact", "show", String(id)) as! [String: Any]
            #expect(NSDictionary(dictionary: entry) == NSDictionary(dictionary: shown), "contact \(id)")
        }
        #expect(list.map { $0["name"] as! String } == ["Ana Popescu", "Ana\u{FFFD}B", "Nul", "zed"])
        // `find --json` is written by the same code from the rows it finds.
        let found = try p.json("contact", "find", "x.ro") as! [[String: Any]]
        #expect(found.map { $0["name"] as! String } == ["Nul", "zed"])
        for entry in found {
            let shown = try p.json("contact", "show", String(entry["id"] as! Int)) as! [String: Any]
            #expect(NSDictionary(dictionary: entry) == NSDictionary(dictionary: shown))
        }

        // A row that cannot be read stops the listing with an error and no half of it.
        _ = try p.sql("INSERT INTO contacts (name, added_at, search) VALUES ('Bad Date', 'next tuesday', 'bad date')")
        let failed = try p.run("contact", "list", "--json")
        #expect(failed.status != 0)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.contains("added_at holds \"next tuesday\", which is not a date"))
    }

    @Test func aStoreWithoutTheSearchIndexGetsItWhenOpened() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana Popescu", "--email", "ana@popescu.ro")
        // The store as the layout before the index left it: version 4, no index, no triggers.
        _ = try p.sql("""
            DROP TRIGGER contacts_search_added; DROP TRIGGER contacts_search_removed;
            DROP TRIGGER contacts_search_changed; DROP TABLE contact_search;
            DELETE FROM grdb_migrations WHERE identifier = 'v5-contact-search-index'; PRAGMA user_version = 4;
            INSERT INTO contacts (name, added_at, search) VALUES ('Radu Ionescu', '2026-01-01 00:00:00.000', 'radu ionescu');
            """)
        let found = try p.json("contact", "find", "ionescu") as! [[String: Any]]
        #expect(found.map { $0["name"] as! String } == ["Radu Ionescu"])
        #expect(try p.sql("PRAGMA user_version") == "\(storeVersionOfThisBuild)")
        #expect(try p.sql("SELECT count(*) FROM contact_search WHERE contact_search MATCH '\"pop\"'") == "1")
    }

    @Test func badInputIsRefusedWithAClearMessage() throws {
        let p = try TempPractice()
        #expect(try p.fails("contact", "show", "99").contains("no contact with id 99"))
        #expect(try p.fails("contact", "add", "X", "--kind", "boss").contains("--kind: \"boss\" is not one of prospect, client"))
        #expect(try p.fails("contact", "add", "X", "--added", "2026-02-30").contains("--added: \"2026-02-30\" is not a date"))
        #expect(try p.fails("contact", "add", "X", "--email", "nope").contains("not an email address"))
        #expect(try p.fails("contact", "add", "  ").contains("a name is required"))
        #expect(try p.fails("contact", "list", "--since", "soon").contains("--since"))
        #expect(try p.fails("contact", "remove", "Nobody Here").contains("no contact is called \"Nobody Here\""))
        #expect(try p.ok("contact", "list") == "(none)\n")
    }

    @Test func everyCommandHasHelpWithAnExample() throws {
        for command in ["contact", "partner", "referral", "touch", "gift", "activity", "event", "task", "import", "export"] {
            let help = try ReferRunner.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("refer \(command)"), "\(command) help has no example")
        }
        for sub in ["add", "list", "show", "edit", "remove"] {
            let help = try ReferRunner.run(["contact", sub, "--help"])
            #expect(help.stdout.contains("Example"), "contact \(sub) help has no example")
        }
    }
}
