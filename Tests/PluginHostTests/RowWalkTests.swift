import Foundation
import Testing
import Model
@testable import PluginHost
import Store
import TestSupport

/// `for r in ctx.referrals{…}` reads pages of rows straight from SQLite. These tests hold
/// it against the store's listing (one query, newest first, sorted here by id) over
/// several pages and every filter, and against known instants for dates written in
/// forms other than the store's own.
@Suite(.serialized)
struct RowWalkTests {
    static let statuses: [ReferralStatus] = [.received, .contacted, .meeting, .won, .lost, .passedOn]

    /// A harness with 1,300 referrals (three pages) from two partners.
    static func harness() throws -> PluginHarness {
        let h = try PluginHarness()
        let other = try h.store.addContact(Contact(name: "Ioana Banca", kind: .professional, emails: ["ioana@banca.ro"]))
        let second = try h.store.addPartner(Partner(contactId: other.id!, tier: .b))
        let start = Date(timeIntervalSince1970: 1_700_000_000.25)
        for i in 0..<1_300 {
            let status = statuses[i % statuses.count]
            var r = Referral(direction: i % 7 == 0 ? .outbound : .inbound, partnerId: i % 3 == 0 ? second.id! : h.partner.id!,
                             prospectId: h.ana.id!, colleagueId: status == .passedOn ? other.id : nil, status: status,
                             arrivedAt: start.addingTimeInterval(Double(i) * 3_601.5))
            if i % 2 == 0 { r.firstResponseAt = r.arrivedAt.addingTimeInterval(7_200) }
            if i % 5 == 0 { r.thankedAt = r.arrivedAt.addingTimeInterval(86_400) }
            if status == .won { r.value = Double(i) * 10.5; r.outcome = "engagement \(i)" }
            if i % 11 == 0 { r.note = "note \(i)" }
            _ = try h.store.addReferral(r)
        }
        return h
    }

    /// The walk's lines for `filter` (a Lua table constructor), or over `rows` (an
    /// iterator expression) when given.
    static func walk(_ h: PluginHarness, _ filter: String, rows: String? = nil) throws -> [String] {
        try h.plugin("walk", """
            return { name = "walk", description = "walks", permissions = { "read" },
              run = function(ctx)
                for r in \(rows ?? "ctx.referrals(\(filter))") do
                  print(table.concat({ r.id, r.direction, tostring(r.partner_id), r.prospect_id, tostring(r.colleague_id),
                    r.status, r.arrived_at, tostring(r.first_response_at), tostring(r.thanked_at), tostring(r.outcome),
                    r.value and string.format("%.2f", r.value) or "nil", tostring(r.note) }, "|"))
                end
              end }
            """)
        h.lines.all = []
        _ = try h.runner.run("walk")
        return h.lines.all.map { $0.hasPrefix("[walk] ") ? String($0.dropFirst(7)) : $0 }
    }

    /// The same lines from the store's ordinary listing.
    static func expected(_ referrals: [Referral]) -> [String] {
        func s(_ d: Date?) -> String { d.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) } ?? "nil" }
        func t(_ v: CustomStringConvertible?) -> String { v.map(\.description) ?? "nil" }
        return referrals.sorted { $0.id! < $1.id! }.map { r in
            [String(r.id!), r.direction.rawValue, t(r.partnerId), String(r.prospectId), t(r.colleagueId), r.status.rawValue,
             s(r.arrivedAt), s(r.firstResponseAt), s(r.thankedAt), t(r.outcome),
             r.value.map { String(format: "%.2f", $0) } ?? "nil", t(r.note)].joined(separator: "|")
        }
    }

    @Test func everyPageAndFilterMatchesTheStoresListing() throws {
        let h = try Self.harness()
        let all = try h.store.referrals()
        #expect(all.count == 1_301)
        #expect(try Self.walk(h, "") == Self.expected(all))
        #expect(try Self.walk(h, "{ status = \"won\" }") == Self.expected(all.filter { $0.status == .won }))
        #expect(try Self.walk(h, "{ direction = \"outbound\" }") == Self.expected(all.filter { $0.direction == .outbound }))
        let partner = h.partner.id!
        #expect(try Self.walk(h, "{ partner = \(partner) }") == Self.expected(all.filter { $0.partnerId == partner }))
        let since = Date(timeIntervalSince1970: 1_701_000_000), until = Date(timeIntervalSince1970: 1_702_000_000)
        let window = all.filter { $0.arrivedAt >= since && $0.arrivedAt < until }
        #expect(!window.isEmpty)
        #expect(try Self.walk(h, "{ since = 1701000000, [\"until\"] = 1702000000 }") == Self.expected(window))
    }

    /// `count{…}` asks SQLite for the number; it must be the number of rows the walk
    /// gives for the same filter, for referrals and for contacts.
    @Test func countIsTheNumberOfRowsTheWalkGives() throws {
        let h = try Self.harness()
        for i in 0..<40 {
            _ = try h.store.addContact(Contact(name: "Count \(i)", kind: i % 3 == 0 ? .client : .prospect,
                                               category: i % 4 == 0 ? "Attorney" : nil, tags: i % 5 == 0 ? ["VIP"] : []))
        }
        let filters = ["{}", "{ status = \"won\" }", "{ direction = \"outbound\" }", "{ partner = \(h.partner.id!) }",
                       "{ since = 1701000000, before = 1702000000 }", "{ status = \"lost\", [\"until\"] = 1702000000 }"]
        let contactFilters = ["{}", "{ kind = \"client\" }", "{ category = \"attorney\" }", "{ tag = \"vip\" }",
                              "{ kind = \"client\", tag = \"VIP\" }"]
        let lines = filters.map { "{ \"referrals\", \($0), ctx.referrals.count\($0) }" }
            + contactFilters.map { "{ \"contacts\", \($0), ctx.contacts.count\($0) }" }
        try h.plugin("counts", """
            return { name = "counts", description = "counts", permissions = { "read" },
              run = function(ctx)
                for _, c in ipairs({ \(lines.joined(separator: ", ")) }) do
                  local walked = 0
                  for _ in ctx[c[1]](c[2]) do walked = walked + 1 end
                  print(c[1], walked, c[3])
                end
              end }
            """)
        _ = try h.runner.run("counts")
        let printed = h.lines.all.map { $0.replacingOccurrences(of: "[counts] ", with: "") }
        #expect(printed.count == filters.count + contactFilters.count)
        for line in printed {
            let parts = line.split(separator: "\t")
            #expect(parts.count == 3 && parts[1] == parts[2], "\(line)")
        }
        #expect(printed.first == "referrals\t1301\t1301")
        #expect(printed.contains("contacts\t8\t8"))  // the VIP tag, accents and case folded
    }

    @Test func datesInOtherFormsAreReadAsTheStoreReadsThem() throws {
        let h = try Self.harness()
        // Rows edited by hand or by another program: no milliseconds, a `T`, a Unix time.
        let sql = """
            UPDATE referrals SET arrived_at = '2025-06-01 10:30:00' WHERE id = 7;
            UPDATE referrals SET thanked_at = '2025-06-02T08:00:00.000' WHERE id = 8;
            UPDATE referrals SET first_response_at = '2025-06-03 09:15' WHERE id = 9;
            UPDATE referrals SET first_response_at = '2025-06-04' WHERE id = 10;
            """
        let result = try ReferProcess.runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"), [h.practice.storeFile.path, sql])
        #expect(result.status == 0, "\(result.stderr)")
        let all = try h.store.referrals()
        #expect(all.first { $0.id == 7 }?.arrivedAt == Date(timeIntervalSince1970: 1_748_773_800))
        #expect(all.first { $0.id == 8 }?.thankedAt == Date(timeIntervalSince1970: 1_748_851_200))
        #expect(all.first { $0.id == 9 }?.firstResponseAt == Date(timeIntervalSince1970: 1_748_942_100))
        #expect(all.first { $0.id == 10 }?.firstResponseAt == Date(timeIntervalSince1970: 1_748_995_200))
        #expect(try Self.walk(h, "") == Self.expected(all))
    }

    @Test func aValueThatIsNoDateIsAnErrorNamingTheRowNotACrash() throws {
        let h = try Self.harness()
        let result = try ReferProcess.runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"),
                                                 [h.practice.storeFile.path, "UPDATE referrals SET thanked_at = 'last tuesday' WHERE id = 12"])
        #expect(result.status == 0, "\(result.stderr)")
        let walk = try #require(throws: PluginError.self) { try Self.walk(h, "") }
        for part in ["referral 12", "thanked_at", "last tuesday", "not a date", "refer referral edit 12"] {
            #expect(walk.description.contains(part), "\(walk)")
        }
        #expect(throws: (any Error).self) { try h.store.referrals() }
    }
}
