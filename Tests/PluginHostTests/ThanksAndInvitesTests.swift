import Foundation
import Testing
import Model
@testable import PluginHost
import Store
import TestSupport

/// The effects that record thanks, name the colleague of a passed-on referral, and put
/// people on an appreciation event's guest list.
@Suite(.serialized)
struct ThanksAndInvitesTests {
    @Test func markThankedRecordsTheFirstThanksOnce() throws {
        let h = try PluginHarness()
        try h.plugin("thanker", """
            return { name = "thanker", description = "thanks", permissions = { "read", "referrals" },
              run = function(ctx)
                for r in ctx.referrals{ direction = "inbound" } do ctx.referrals.mark_thanked(r, WHEN) end
              end }
            """.replacingOccurrences(of: "WHEN", with: "1772000000"))
        let first = try h.runner.run("thanker")
        #expect(first.effects.map(\.kind) == [.referralThanked])
        #expect(first.applied == EffectsApplied(applied: 1, skipped: 0))
        #expect(try h.store.referral(id: h.referral.id!).thankedAt == Date(timeIntervalSince1970: 1_772_000_000))
        let updates = try h.store.events(kinds: [.referralUpdated])
        #expect(updates.count == 1 && updates[0].payload.contains("\"thanked\":\"true\"") && updates[0].referralId == h.referral.id)
        // Again: the key was applied, nothing changes, no second event.
        #expect(try h.runner.run("thanker").applied == EffectsApplied(applied: 0, skipped: 1))
        #expect(try h.store.events(kinds: [.referralUpdated]).count == 1)
    }

    @Test func aReferralThankedBeforeKeepsItsDate() throws {
        let h = try PluginHarness()
        var thanked = try h.store.referral(id: h.referral.id!)
        thanked.thankedAt = Date(timeIntervalSince1970: 1_771_000_000)
        try h.store.updateReferral(thanked)
        try h.plugin("late", """
            return { name = "late", description = "thanks again", permissions = { "referrals" },
              run = function(ctx) ctx.referrals.mark_thanked(1) end }
            """)
        #expect(try h.runner.run("late").applied?.applied == 1)
        #expect(try h.store.referral(id: h.referral.id!).thankedAt == Date(timeIntervalSince1970: 1_771_000_000))
    }

    @Test func onlyReceivedReferralsAreThankedAndOnlyWithThePermission() throws {
        let h = try PluginHarness()
        let sent = try h.store.addReferral(Referral(direction: .outbound, partnerId: h.partner.id!, prospectId: h.ana.id!))
        try h.plugin("outbound", """
            return { name = "outbound", description = "wrong way", permissions = { "referrals" },
              run = function(ctx) ctx.referrals.mark_thanked(\(sent.id!)) end }
            """)
        let wrongWay = try #require(throws: PluginError.self) { try h.runner.run("outbound") }
        #expect(wrongWay.description.contains("plugins/outbound/plugin.lua:2: referral \(sent.id!) was sent, not received"))
        try h.plugin("unasked", """
            return { name = "unasked", description = "no permission", permissions = { "read" },
              run = function(ctx) ctx.referrals.mark_thanked(1) end }
            """)
        let refused = try #require(throws: PluginError.self) { try h.runner.run("unasked") }
        #expect(refused.description.contains("needs the permission \"referrals\""))
        #expect(try h.store.referral(id: h.referral.id!).thankedAt == nil)
    }

    @Test func passingOnNamesTheColleague() throws {
        let h = try PluginHarness()
        let colleague = try h.store.addContact(Contact(name: "Ioana Stan", kind: .professional, category: "accountant"))
        try h.plugin("bare", """
            return { name = "bare", description = "no colleague", permissions = { "referrals" },
              run = function(ctx) ctx.referrals.set_status(1, "passed_on", "too busy") end }
            """)
        let bare = try #require(throws: PluginError.self) { try h.runner.run("bare") }
        #expect(bare.description.contains("plugins/bare/plugin.lua:2: referral 1 cannot be passed on without the colleague"))
        try h.plugin("typo", """
            return { name = "typo", description = "unknown option", permissions = { "referrals" },
              run = function(ctx) ctx.referrals.set_status(1, "passed_on", { colleage = 2 }) end }
            """)
        let typo = try #require(throws: PluginError.self) { try h.runner.run("typo") }
        #expect(typo.description.contains("unknown field 'colleage'"))
        try h.plugin("passer", """
            return { name = "passer", description = "passes on", permissions = { "referrals" },
              run = function(ctx) ctx.referrals.set_status(1, "passed_on", { note = "too busy", colleague = \(colleague.id!) }) end }
            """)
        let outcome = try h.runner.run("passer")
        #expect(outcome.effects.first?.summary == "move referral 1 to passed-on (passed on to contact \(colleague.id!))")
        let moved = try h.store.referral(id: h.referral.id!)
        #expect(moved.status == .passedOn && moved.colleagueId == colleague.id)
    }

    @Test func invitesPutPeopleOnTheGuestListOnce() throws {
        let h = try PluginHarness()
        let event = try h.store.addAppreciationEvent(AppreciationEvent(name: "Wine tasting", at: Date(timeIntervalSince1970: 1_776_708_000)))
        try h.plugin("host", """
            return { name = "host", description = "invites", permissions = { "read", "events" },
              run = function(ctx)
                local e = ctx.events.list{}[1]
                for p in ctx.partners{} do ctx.events.invite(e, p.contact_id) end
                ctx.events.invite(e, \(h.ana.id!))
              end }
            """)
        let dry = try h.runner.run("host", dryRun: true)
        #expect(dry.effects.map(\.summary) == ["invite contact \(h.radu.id!) to event \(event.id!)", "invite contact \(h.ana.id!) to event \(event.id!)"])
        #expect(try h.store.appreciationEvent(id: event.id!).invitations.isEmpty)
        #expect(try h.runner.run("host").applied == EffectsApplied(applied: 2, skipped: 0))
        #expect(Set(try h.store.appreciationEvent(id: event.id!).invitations.map(\.contactId)) == [h.radu.id!, h.ana.id!])
        #expect(try h.store.events(kinds: [.eventInvited]).count == 2)
        #expect(try h.runner.run("host").applied == EffectsApplied(applied: 0, skipped: 2))
        try h.plugin("nowhere", """
            return { name = "nowhere", description = "no such event", permissions = { "events" },
              run = function(ctx) ctx.events.invite(99, 1) end }
            """)
        let error = try #require(throws: PluginError.self) { try h.runner.run("nowhere") }
        #expect(error.description.contains("plugins/nowhere/plugin.lua:2"))
        #expect(error.description.contains("no event with id 99"))
    }
}
