import Foundation
import Store
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
}
