import Foundation
import Testing

/// touch, gift, activity, event and task: add, list, show, edit, remove and their extras.
@Suite struct RecordCommandTests {
    @Test func touchCommands() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Radu Ionescu", "--kind", "professional")
        #expect(try p.ok("touch", "add", "1", "--channel", "meeting", "--purpose", "relationship", "--at", "yesterday", "--note", "Lunch")
                    .contains("Logged touch 1: meeting with Radu Ionescu (relationship)"))
        try p.ok("touch", "add", "Radu Ionescu", "--channel", "phone", "--purpose", "service")
        #expect((try p.json("touch", "list", "--purpose", "relationship") as! [Any]).count == 1)
        #expect((try p.json("touch", "list", "--contact", "1", "--since", "today") as! [Any]).count == 1)
        #expect(try p.ok("touch", "show", "1").contains("Lunch"))
        try p.ok("touch", "edit", "1", "--note", "Lunch at Caru' cu bere")
        #expect((try p.json("touch", "show", "1") as! [String: Any])["note"] as? String == "Lunch at Caru' cu bere")
        #expect(try p.fails("touch", "add", "1", "--channel", "pigeon", "--purpose", "service").contains("--channel"))
        #expect(try p.fails("touch", "add", "1", "--channel", "phone", "--purpose", "sales").contains("service, relationship"))
        try p.ok("touch", "remove", "1")
        #expect(try p.fails("touch", "show", "1").contains("no touch with id 1"))
        #expect(try p.sql("SELECT count(*) FROM events WHERE kind = 'touch.logged'") == "2")
    }

    @Test func giftCommands() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Radu Ionescu", "--kind", "professional")
        try p.ok("partner", "add", "1")
        #expect(try p.ok("gift", "add", "Fetească Neagră 2019", "--cost", "95", "--category", "wine") == "Added gift 1: Fetească Neagră 2019\n")
        try p.ok("gift", "add", "Tax guide", "--cost", "40", "--category", "book", "--sold")
        #expect((try p.json("gift", "list", "--category", "wine") as! [Any]).count == 1)
        #expect(try p.ok("gift", "show", "2").contains("we sell it: yes"))
        try p.ok("gift", "edit", "1", "--cost", "110")
        #expect((try p.json("gift", "show", "1") as! [String: Any])["cost"] as? Double == 110)
        try p.ok("gift", "give", "1", "--partner", "1", "--at", "today")
        #expect((try p.json("gift", "log", "--partner", "1") as! [Any]).count == 1)
        #expect(try p.fails("gift", "remove", "1").contains("it was given 1 time(s)"))
        #expect(try p.fails("gift", "give", "9", "--partner", "1").contains("no gift with id 9"))
        #expect(try p.fails("gift", "edit", "1", "--sold", "maybe").contains("not yes or no"))
        try p.ok("gift", "remove", "2")
    }

    @Test func activityCommands() throws {
        let p = try TempPractice()
        try p.ok("activity", "add", "talk", "Cash flow for small firms", "--audience", "Chamber of Commerce", "--at", "2026-03-12")
        try p.ok("activity", "add", "article", "Five VAT traps", "--at", "2026-04-02")
        #expect((try p.json("activity", "list", "--kind", "talk") as! [Any]).count == 1)
        #expect((try p.json("activity", "list", "--since", "2026-04-01") as! [Any]).count == 1)
        #expect(try p.ok("activity", "show", "1").contains("Chamber of Commerce"))
        try p.ok("activity", "edit", "1", "--audience", "120 owners")
        #expect((try p.json("activity", "show", "1") as! [String: Any])["audience"] as? String == "120 owners")
        #expect(try p.fails("activity", "add", "podcast", "X").contains("talk, article, meeting, community"))
        try p.ok("activity", "remove", "2")
        #expect(try p.ok("activity", "list").contains("Cash flow"))
    }

    @Test func eventCommands() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Ana Popescu", "--kind", "client")
        try p.ok("contact", "add", "Dan Georgescu", "--kind", "client")
        try p.ok("event", "add", "Wine tasting", "--at", "2026-05-14 19:00", "--venue", "Davino cellar", "--cost", "2400")
        try p.ok("event", "invite", "1", "1", "2")
        try p.ok("event", "attend", "1", "Ana Popescu")
        let shown = try p.json("event", "show", "1") as! [String: Any]
        let invitations = shown["invitations"] as! [[String: Any]]
        #expect(invitations.count == 2)
        #expect(invitations.filter { $0["attended"] as? Bool == true }.count == 1)
        #expect(try p.ok("event", "list").contains("Wine tasting"))
        try p.ok("event", "edit", "1", "--follow-up", "Two introductions")
        #expect(try p.ok("event", "show", "1").contains("what followed: Two introductions"))
        #expect(try p.sql("SELECT count(*) FROM events WHERE kind = 'event.attended'") == "1")
        #expect(try p.fails("event", "add", "X", "--at", "someday").contains("--at"))
        #expect(try p.fails("event", "invite", "5", "1").contains("no event with id 5"))
        try p.ok("event", "remove", "1")
        #expect((try p.json("event", "list") as! [Any]).isEmpty)
    }

    @Test func taskCommands() throws {
        let p = try TempPractice()
        try p.ok("contact", "add", "Radu Ionescu")
        try p.ok("task", "add", "Call Radu to say thanks", "--due", "tomorrow", "--contact", "1")
        try p.ok("task", "add", "Send the referral kit")
        #expect((try p.json("task", "list") as! [Any]).count == 2)
        try p.ok("task", "done", "1")
        #expect((try p.json("task", "list") as! [Any]).count == 1)
        #expect((try p.json("task", "list", "--all") as! [Any]).count == 2)
        try p.ok("task", "edit", "2", "--due", "2026-12-01 09:00")
        #expect(try p.ok("task", "show", "2").contains("2026-12-01 09:00"))
        #expect(try p.fails("task", "add", "X", "--referral", "4").contains("no referral with id 4"))
        try p.ok("task", "remove", "2")
        #expect(try p.sql("SELECT group_concat(kind, ' ') FROM events WHERE kind LIKE 'task.%'") == "task.added task.added task.done")
    }
}
