import Foundation
import Testing
import Model
@testable import PluginHost
import Store

/// `r.status_changed_at`: when a referral took its current status, loaded on first read,
/// through the walk, `list` and `get` alike.
@Suite(.serialized)
struct StatusChangedAtTests {
    @Test func isTheLastMoveOrTheArrival() throws {
        let h = try PluginHarness()
        let arrived = Date(timeIntervalSince1970: 1_770_000_000)
        let moved = try h.store.addReferral(Referral(direction: .inbound, partnerId: h.partner.id!, prospectId: h.ana.id!, arrivedAt: arrived))
        _ = try h.store.moveReferral(id: moved.id!, to: .contacted, at: arrived.addingTimeInterval(3_600))
        _ = try h.store.moveReferral(id: moved.id!, to: .meeting, at: arrived.addingTimeInterval(86_400.5))
        let still = try h.store.addReferral(Referral(direction: .inbound, partnerId: h.partner.id!, prospectId: h.ana.id!,
                                                     arrivedAt: arrived.addingTimeInterval(10)))
        try h.plugin("since", """
            return { name = "since", description = "reads when each referral took its status", permissions = { "read" },
              run = function(ctx)
                for r in ctx.referrals{ since = \(Int(arrived.timeIntervalSince1970)), before = \(Int(arrived.timeIntervalSince1970) + 200_000) } do
                  print("walk", r.id, r.status, r.status_changed_at, r.status_changed_at)
                end
                for _, r in ipairs(ctx.referrals.list{ status = "meeting" }) do print("list", r.id, r.status_changed_at) end
                print("get", ctx.referrals.get(\(still.id!)).status_changed_at)
              end }
            """)
        h.lines.all = []
        _ = try h.runner.run("since")
        let out = h.lines.all.map { $0.replacingOccurrences(of: "[since] ", with: "") }
        let movedAt = Int(arrived.timeIntervalSince1970) + 86_400, stillAt = Int(arrived.timeIntervalSince1970) + 10
        #expect(out == [
            "walk\t\(moved.id!)\tmeeting\t\(movedAt)\t\(movedAt)",
            "walk\t\(still.id!)\treceived\t\(stillAt)\t\(stillAt)",
            "list\t\(moved.id!)\t\(movedAt)",
            "get\t\(stillAt)",
        ])
    }
}
