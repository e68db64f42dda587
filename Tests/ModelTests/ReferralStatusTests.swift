import Foundation
import Model
import Testing

@Suite struct ReferralStatusTests {
    static let allMoves = ReferralStatus.allCases.flatMap { from in ReferralStatus.allCases.map { (from, $0) } }

    @Test(arguments: allMoves)
    func onlyLegalMovesAreAllowed(from: ReferralStatus, to: ReferralStatus) throws {
        var referral = Referral(id: 9, partnerId: 1, prospectId: 2, colleagueId: 3, status: from)
        let legal: Set<ReferralStatus> = switch from {
        case .received: [.contacted, .meeting, .lost, .passedOn]
        case .contacted: [.meeting, .won, .lost, .passedOn]
        case .meeting: [.won, .lost, .passedOn]
        case .won, .lost, .passedOn: []
        }
        if legal.contains(to) {
            let change = try referral.move(to: to, at: Date(timeIntervalSince1970: 100))
            #expect(change.from == from)
            #expect(referral.status == to)
        } else {
            #expect(throws: ModelError.illegalStatusMove(referralId: 9, from: from, to: to)) {
                try referral.move(to: to, at: Date())
            }
            #expect(referral.status == from)
        }
    }

    @Test func refusalNamesCurrentAndLegalNextStatuses() {
        let message = ModelError.illegalStatusMove(referralId: 4, from: .received, to: .won).description
        #expect(message == "referral 4 is received and cannot move to won; the legal next statuses are: contacted, meeting, lost, passed-on.")
        #expect(ModelError.illegalStatusMove(referralId: 4, from: .won, to: .lost).description.contains("it is final"))
    }

    @Test func passingOnNeedsAColleague() throws {
        var referral = Referral(id: 1, partnerId: 1, prospectId: 2)
        #expect(throws: ModelError.passedOnWithoutColleague(referralId: 1)) { try referral.move(to: .passedOn, at: Date()) }
        _ = try referral.move(to: .passedOn, at: Date(), colleagueId: 5)
        #expect(referral.colleagueId == 5)
    }

    @Test func firstMoveIsTheFirstResponse() throws {
        var referral = Referral(partnerId: 1, prospectId: 2)
        let t1 = Date(timeIntervalSince1970: 1000), t2 = Date(timeIntervalSince1970: 2000)
        _ = try referral.move(to: .contacted, at: t1)
        _ = try referral.move(to: .meeting, at: t2)
        #expect(referral.firstResponseAt == t1)
    }

    @Test func prospectsCannotBecomePartners() {
        #expect(throws: ModelError.self) { try Partner.checkPromotable(Contact(id: 1, name: "P", kind: .prospect)) }
        #expect(throws: Never.self) { try Partner.checkPromotable(Contact(id: 1, name: "C", kind: .client)) }
    }

    @Test func phonesAndEmailsNormalise() {
        #expect(Contact.normalizedPhone("+40 (722) 123-456") == "+40722123456")
        #expect(Contact.normalizedPhone("0040722123456") == "+40722123456")
        #expect(Contact.normalizedPhone("0722 123 456") == "0722123456")
        #expect(Contact.normalizedEmail("  Ana@Example.RO ") == "ana@example.ro")
    }
}
