import Foundation
import Packs
import Testing

@Suite struct VersionTests {
    func v(_ s: String) -> SemanticVersion { SemanticVersion(s)! }

    @Test func parsesAndPrintsSemver() {
        #expect(v("1.2.3-rc.1+build.5").description == "1.2.3-rc.1+build.5")
        for bad in ["1.2", "01.2.3", "1.2.3-", "1.2.3-01", "a.b.c", "1.2.3+", "1..3", ""] {
            #expect(SemanticVersion(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func ordersAsTheSpecificationSays() {
        // The example chain from semver.org §11.
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                     "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"].map(v)
        for (a, b) in zip(chain, chain.dropFirst()) { #expect(a < b, "\(a) < \(b)") }
        #expect(chain.shuffled().sorted() == chain)
        #expect(v("1.0.0+a") == v("1.0.0+b"))
    }

    @Test(arguments: [
        ("^1.2", ["1.2.0", "1.9.9"], ["1.1.9", "2.0.0", "2.0.0-beta"]),
        ("^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0", "0.2.2"]),
        ("^0.0.3", ["0.0.3"], ["0.0.4"]),
        ("~1.2.3", ["1.2.3", "1.2.9"], ["1.3.0", "1.2.2"]),
        ("~1.2", ["1.2.0", "1.2.7"], ["1.3.0"]),
        (">=1.0 <2.0", ["1.0.0", "1.99.0"], ["2.0.0", "0.9.9", "2.0.0-rc.1"]),
        (">=1.0, <2.0", ["1.5.0"], ["2.0.0"]),
        ("1.2.3", ["1.2.3"], ["1.2.4", "1.2.3-rc.1"]),
        ("=1.2.3", ["1.2.3"], ["1.2.2"]),
        (">=1.0.0-beta", ["1.0.0-beta.2", "1.0.0", "3.0.0"], ["1.0.0-alpha", "1.1.0-rc.1"]),
        ("*", ["0.0.1", "9.0.0"], ["1.0.0-rc.1"]),
    ])
    func rangesAcceptWhatTheySay(range: String, inside: [String], outside: [String]) throws {
        let r = try #require(VersionRange(range))
        for s in inside { #expect(r.contains(v(s)), "\(range) should contain \(s)") }
        for s in outside { #expect(!r.contains(v(s)), "\(range) should not contain \(s)") }
    }

    @Test func rejectsMalformedRanges() {
        for bad in ["", "^", ">>1.0", "1.2.3.4", "~x", "^1.02"] { #expect(VersionRange(bad) == nil, "\(bad)") }
    }

    @Test func theHostAPIIsInsideTheExamplesRange() {
        #expect(VersionRange(">=1.0, <2.0")!.contains(PackHost.apiVersion))
    }
}
