import CLuaRows
import Foundation
import Testing
import Model
@testable import PluginHost
@testable import Store
import TestSupport

/// The C page reader behind `ctx.referrals{…}`: rows it takes as they are, rows it hands
/// back to the store's own reading (odd dates, unknown words, text that is not UTF-8),
/// NULLs, and the `before` name of the `until` bound.
@Suite(.serialized)
struct RowReaderTests {
    /// Runs SQL on the harness's store file with the sqlite3 program, as a hand edit would.
    static func edit(_ h: PluginHarness, _ sql: String) throws {
        let result = try ReferProcess.runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"), [h.practice.storeFile.path, sql])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The walk's lines when the rows come from `ctx.referrals.list()` instead of the iterator.
    static func list(_ h: PluginHarness) throws -> [String] {
        try RowWalkTests.walk(h, "", rows: "(function(l) local i = 0; return function() i = i + 1; return l[i] end end)(ctx.referrals.list())")
    }

    @Test func theShapeNamesTheColumnsThePageQuerySelects() {
        #expect(ReferralRowPages.shape.columns.map { $0.name } == ReferralRows.columns)
    }

    @Test func aNullInEveryNullableColumnLeavesTheFieldOut() throws {
        let h = try RowWalkTests.harness()
        try Self.edit(h, """
            UPDATE referrals SET partner_id = NULL, colleague_id = NULL, first_response_at = NULL, thanked_at = NULL,
              outcome = NULL, value = NULL, note = NULL WHERE id IN (5, 600);
            """)
        let all = try h.store.referrals()
        #expect(try RowWalkTests.walk(h, "") == RowWalkTests.expected(all))
        #expect(try Self.list(h) == RowWalkTests.expected(all))
        try h.plugin("fields", """
            return { name = "fields", description = "counts fields", permissions = { "read" },
              run = function(ctx)
                for r in ctx.referrals() do
                  if r.id == 5 or r.id == 600 then
                    local keys = {}
                    for k in pairs(r) do keys[#keys + 1] = k end
                    table.sort(keys)
                    print(r.id, table.concat(keys, ","), tostring(r.partner))
                  end
                end
              end }
            """)
        h.lines.all = []
        _ = try h.runner.run("fields")
        #expect(h.lines.all == ["[fields] 5\tarrived_at,direction,id,prospect_id,status\tnil",
                                "[fields] 600\tarrived_at,direction,id,prospect_id,status\tnil"])
    }

    @Test func oddValuesMidPageAreReadAsTheStoreReadsThemAndTheWalkGoesOn() throws {
        let h = try RowWalkTests.harness()
        // Dates without a time or without seconds, text that is not UTF-8, around a page end (512 rows).
        try Self.edit(h, """
            UPDATE referrals SET arrived_at = '2025-06-01' WHERE id = 300;
            UPDATE referrals SET first_response_at = '2025-06-03 09:15' WHERE id = 512;
            UPDATE referrals SET note = CAST(X'41C328' AS TEXT), thanked_at = '2025-06-02T08:00:00' WHERE id = 513;
            UPDATE referrals SET first_response_at = '2025-06-04' WHERE id = 1024;
            """)
        let all = try h.store.referrals()
        #expect(all.first { $0.id == 300 }?.arrivedAt == Date(timeIntervalSince1970: 1_748_736_000))
        #expect(all.first { $0.id == 513 }?.note == "A\u{FFFD}(")
        let walked = try RowWalkTests.walk(h, "")
        #expect(walked.count == 1_301)
        #expect(walked == RowWalkTests.expected(all))
        #expect(try Self.list(h) == RowWalkTests.expected(all))
    }

    @Test func aRowTheStoreCannotReadIsAnErrorNamingTheRowAndTheLine() throws {
        let h = try RowWalkTests.harness()
        try Self.edit(h, "UPDATE referrals SET status = 'pending' WHERE id = 700")
        let walk = try #require(throws: PluginError.self) { try RowWalkTests.walk(h, "") }
        for part in ["plugins/walk/plugin.lua:3:", "referral 700", "refer referral edit 700"] {
            #expect(walk.description.contains(part), "\(walk)")
        }
    }

    @Test func relatedRowsLoadFromRowsTheReaderBuilt() throws {
        let h = try RowWalkTests.harness()
        try h.plugin("related", """
            return { name = "related", description = "reads partners", permissions = { "read" },
              run = function(ctx)
                local names = {}
                for r in ctx.referrals() do
                  names[r.partner.name] = true
                  assert(rawget(r, "partner") == r.partner, "the partner is cached in the row")
                  if r.status == "passed-on" then assert(r.colleague.name == "Ioana Banca") end
                  assert(r.no_such_field == nil)
                end
                local list = {}
                for name in pairs(names) do list[#list + 1] = name end
                table.sort(list)
                print(table.concat(list, ","))
              end }
            """)
        _ = try h.runner.run("related")
        #expect(h.lines.all == ["[related] Ioana Banca,Radu Popa"])
    }

    @Test func beforeBoundsTheWalkAsUntilDoes() throws {
        let h = try RowWalkTests.harness()
        let since = Date(timeIntervalSince1970: 1_701_000_000), before = Date(timeIntervalSince1970: 1_702_000_000)
        let window = try h.store.referrals().filter { $0.arrivedAt >= since && $0.arrivedAt < before }
        #expect(!window.isEmpty)
        #expect(try RowWalkTests.walk(h, "{ since = 1701000000, before = 1702000000 }") == RowWalkTests.expected(window))
        #expect(try RowWalkTests.walk(h, "{ before = 1702000000 }") == RowWalkTests.walk(h, "{ [\"until\"] = 1702000000 }"))
        try h.plugin("counts", """
            return { name = "counts", description = "counts", permissions = { "read" },
              run = function(ctx)
                print(ctx.referrals.count{ before = 1702000000 }, #ctx.referrals.list{ before = 1702000000 },
                      ctx.referrals.count{ ["until"] = 1702000000 })
                local a = ctx.report{ since = 1700000000, before = 1702000000 }
                local b = ctx.report{ since = 1700000000, ["until"] = 1702000000 }
                print(a.period["until"] == b.period["until"], a.totals ~= nil)
              end }
            """)
        h.lines.all = []
        _ = try h.runner.run("counts")
        let bounded = try h.store.referrals().filter { $0.arrivedAt < before }.count
        #expect(h.lines.all == ["[counts] \(bounded)\t\(bounded)\t\(bounded)", "[counts] true\ttrue"])
        let both = try #require(throws: PluginError.self) { try RowWalkTests.walk(h, "{ before = 1, [\"until\"] = 2 }") }
        #expect(both.description.contains("not both"), "\(both)")
    }

    /// The C date reader against `UTCDateText.parseStored` on stored dates across the
    /// calendar and on the same text with one byte changed.
    @Test func theCDateReaderAgreesWithTheStores() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        let alphabet = Array("0123456789-: T.x/".utf8)
        var compared = 0, accepted = 0
        for _ in 0..<20_000 {
            // Years 0001 to 9999, to the millisecond.
            let ms = Int64(next() % 315_537_897_600_000) - 62_135_596_800_000
            var text = Array(UTCDateText.stored(Date(timeIntervalSince1970: Double(ms) / 1000)).utf8)
            switch next() % 4 {
            case 0: text[10] = UInt8(ascii: "T")
            case 1: text.removeLast(4)
            case 2: text[Int(next() % UInt64(text.count))] = alphabet[Int(next() % UInt64(alphabet.count))]
            default: break
            }
            let swift = text.withUnsafeBufferPointer { UTCDateText.parseStored($0) }
            var seconds: Int64 = 0
            let ok = text.withUnsafeBufferPointer { clua_rows_parse_date($0.baseAddress, Int32($0.count), &seconds) }
            #expect((ok != 0) == (swift != nil), "\(String(decoding: text, as: UTF8.self))")
            if let swift, ok != 0 {
                #expect(seconds == Int64(swift.timeIntervalSince1970.rounded(.down)), "\(String(decoding: text, as: UTF8.self))")
                accepted += 1
            }
            compared += 1
        }
        #expect(accepted > 10_000)
    }
}
