import Foundation
import Testing

@Suite struct PartnerReferralCommandTests {
    /// A practice with an attorney partner (partner 1, contact 1) and a prospect (contact 2).
    func practice() throws -> TempPractice {
        let p = try TempPractice()
        try p.ok("contact", "add", "Radu Ionescu", "--kind", "professional", "--category", "attorney", "--email", "radu@lex.ro")
        try p.ok("contact", "add", "Mihai Dobre", "--email", "mihai@dobre.ro")
        try p.ok("contact", "add", "Elena Matei", "--kind", "professional", "--category", "accountant")
        try p.ok("partner", "add", "radu@lex.ro", "--tier", "A", "--benefit", "Our clients' legal work", "--action", "Call the prospect first")
        return p
    }

    @Test func partnerCommands() throws {
        let p = try practice()
        let list = try p.json("partner", "list", "--tier", "a") as! [[String: Any]]
        #expect(list.count == 1)
        #expect((list[0]["contact"] as! [String: Any])["name"] as? String == "Radu Ionescu")
        #expect((try p.json("partner", "list", "--category", "banker") as! [Any]).isEmpty)
        #expect(try p.ok("partner", "show", "1").contains("Call the prospect first"))
        try p.ok("partner", "edit", "1", "--tier", "B", "--plan", "quarterly-lunch")
        let shown = try p.json("partner", "show", "1") as! [String: Any]
        #expect((shown["partner"] as! [String: Any])["plan"] as? String == "quarterly-lunch")
        #expect(try p.fails("partner", "add", "1").contains("already partner 1"))
        #expect(try p.fails("partner", "add", "Mihai Dobre").contains("is a prospect"))
        #expect(try p.fails("partner", "edit", "1", "--tier", "Z").contains("not A, B or C"))
        #expect(try p.fails("partner", "show", "7").contains("no partner with id 7"))
        #expect(try p.ok("partner", "remove", "1") == "Removed partner 1\n")
    }

    @Test func referralLifecycleWinsAClientWhoBecomesAPartner() throws {
        let p = try practice()
        #expect(try p.ok("referral", "add", "--prospect", "Mihai Dobre", "--partner", "1", "--arrived", "2026-03-01 09:00")
                    .contains("Recorded inbound referral 1"))
        #expect(try p.fails("partner", "promote", "Mihai Dobre").contains("is a prospect"))
        try p.ok("referral", "status", "1", "contacted", "--at", "2026-03-01 11:00")
        try p.ok("referral", "status", "1", "meeting", "--at", "2026-03-04 10:00")
        try p.ok("referral", "status", "1", "won", "--at", "2026-03-10 16:00")
        try p.ok("referral", "edit", "1", "--thanked", "2026-03-01 12:00", "--value", "2400", "--outcome", "Monthly bookkeeping")
        let shown = try p.json("referral", "show", "1") as! [String: Any]
        let history = shown["history"] as! [[String: Any]]
        #expect(history.map { $0["to"] as! String } == ["received", "contacted", "meeting", "won"])
        let referral = shown["referral"] as! [String: Any]
        #expect(referral["firstResponseAt"] as? String == "2026-03-01T09:00:00Z")
        #expect(referral["thankedAt"] as? String == "2026-03-01T10:00:00Z")
        // Winning made the prospect a client (R12) who can now become a partner.
        #expect((try p.json("contact", "show", "2") as! [String: Any])["kind"] as? String == "client")
        #expect(try p.ok("partner", "promote", "Mihai Dobre").contains("Promoted Mihai Dobre to partner 2"))
        let kinds = try p.sql("SELECT group_concat(kind, ' ') FROM events WHERE referral_id = 1 OR kind = 'partner.added'")
        #expect(kinds == "partner.added referral.received referral.status_changed referral.status_changed referral.status_changed client.won referral.updated partner.added")
        #expect(try p.sql("SELECT payload FROM events WHERE kind = 'partner.added' ORDER BY id DESC LIMIT 1").contains("\"won_referral\":\"1\""))

        #expect((try p.json("referral", "list", "--status", "won") as! [Any]).count == 1)
        #expect((try p.json("referral", "list", "--partner", "1", "--since", "2026-03-01") as! [Any]).count == 1)
        #expect((try p.json("referral", "list", "--since", "2026-04-01") as! [Any]).isEmpty)
        #expect(try p.ok("referral", "list").contains("Mihai Dobre"))
    }

    @Test(arguments: ["received", "contacted", "meeting", "won", "lost", "passed-on"])
    func everyIllegalMoveIsRefusedNamingTheLegalOnes(from: String) throws {
        let p = try practice()
        try p.ok("referral", "add", "--prospect", "2", "--partner", "1")
        let path: [String] = switch from {
        case "received": []
        case "contacted": ["contacted"]
        case "meeting": ["meeting"]
        case "won": ["contacted", "won"]
        case "lost": ["lost"]
        default: ["passed-on"]
        }
        for step in path {
            if step == "passed-on" { try p.ok("referral", "status", "1", step, "--to", "Elena Matei") }
            else { try p.ok("referral", "status", "1", step) }
        }
        let legal: [String] = switch from {
        case "received": ["contacted", "meeting", "lost", "passed-on"]
        case "contacted": ["meeting", "won", "lost", "passed-on"]
        case "meeting": ["won", "lost", "passed-on"]
        default: []
        }
        for target in ["received", "contacted", "meeting", "won", "lost", "passed-on"] where !legal.contains(target) {
            let error = try p.fails("referral", "status", "1", target, "--to", "3")
            #expect(error.contains("referral 1 is \(from) and cannot move to \(target)"))
            if legal.isEmpty { #expect(error.contains("it is final")) }
            else { #expect(error.contains("the legal next statuses are: \(legal.joined(separator: ", "))")) }
        }
        #expect(try p.sql("SELECT status FROM referrals WHERE id = 1") == from)
    }

    @Test func referralBadInput() throws {
        let p = try practice()
        #expect(try p.fails("referral", "add", "--prospect", "2").contains("needs the partner who sent it"))
        #expect(try p.fails("referral", "add", "--prospect", "2", "--partner", "9").contains("no partner with id 9"))
        #expect(try p.fails("referral", "add", "--prospect", "42", "--partner", "1").contains("no contact with id 42"))
        #expect(try p.fails("referral", "add", "--prospect", "2", "--partner", "1", "--arrived", "last tuesday").contains("--arrived"))
        try p.ok("referral", "add", "--prospect", "2", "--partner", "1")
        #expect(try p.fails("referral", "status", "1", "passed-on").contains("without the colleague"))
        #expect(try p.fails("referral", "status", "1", "done").contains("\"done\" is not a status"))
        #expect(try p.fails("referral", "status", "77", "won").contains("no referral with id 77"))
        #expect(try p.fails("referral", "show", "abc").contains("not a referral id"))
        try p.ok("referral", "status", "1", "passed-on", "--to", "Elena Matei", "--note", "Too busy")
        #expect(try p.ok("referral", "show", "1").contains("colleague: Elena Matei"))
        try p.ok("referral", "add", "--outbound", "--prospect", "2", "--to", "3")
        #expect((try p.json("referral", "list", "--direction", "outbound") as! [Any]).count == 1)
        #expect(try p.fails("contact", "remove", "2").contains("referral(s) name it"))
        #expect(try p.fails("partner", "remove", "1").contains("referral(s) name it"))
        try p.ok("referral", "remove", "1")
        #expect(try p.fails("referral", "show", "1").contains("no referral with id 1"))
    }
}
