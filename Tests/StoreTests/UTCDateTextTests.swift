import Foundation
@testable import Store
import Testing

@Suite struct UTCDateTextTests {
    @Test(arguments: [0.0, 1_773_149_400.25, 951_782_400.999, -86_400.5])
    func matchesFoundationFormats(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        #expect(UTCDateText.iso8601(date) == iso.string(from: date))
        let stored = DateFormatter()
        stored.locale = Locale(identifier: "en_US_POSIX")
        stored.timeZone = TimeZone(identifier: "UTC")
        stored.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        #expect(UTCDateText.stored(date) == stored.string(from: date))
    }

    /// The stored form read digit by digit gives the instant Foundation's own calendar
    /// reads (to well under a millisecond), across leap years, century years and dates
    /// before 1970; known instants come out exactly.
    @Test func readsBackTheStoredForm() throws {
        func parse(_ text: String) -> Date? { Array(text.utf8).withUnsafeBufferPointer { UTCDateText.parseStored($0) } }
        #expect(parse("1970-01-01 00:00:00.000") == Date(timeIntervalSince1970: 0))
        #expect(parse("2000-02-29 12:00:00.500") == Date(timeIntervalSince1970: 951_825_600.5))
        #expect(parse("1900-03-01 00:00:00") == Date(timeIntervalSince1970: -2_203_891_200))
        #expect(parse("2100-12-31T23:59:59.999") == Date(timeIntervalSince1970: 4_133_980_799.999))
        let foundation = DateFormatter()
        foundation.locale = Locale(identifier: "en_US_POSIX")
        foundation.timeZone = TimeZone(identifier: "UTC")
        foundation.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: -6_000_000_000_000...8_000_000_000_000, using: &generator)) / 1000
            let text = UTCDateText.stored(Date(timeIntervalSince1970: seconds))
            let parsed = try #require(parse(text), "\(text)")
            let expected = try #require(foundation.date(from: text), "\(text)")
            #expect(abs(parsed.timeIntervalSince(expected)) < 0.000_1, "\(text)")
        }
    }

    @Test(arguments: ["2026-03-01", "2026-03-01 12:00", "2026-13-01 12:00:00", "2026-03-01 12:00:00.5", "2026-03-01 24:00:00", "2026/03/01 12:00:00", "abcd-03-01 12:00:00.000"])
    func leavesOtherFormsToGRDB(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { UTCDateText.parseStored($0) } == nil)
    }
}
