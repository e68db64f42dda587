import Foundation
import Testing

/// examples/demo-practice stays a valid, rich practice that this refer opens.
@Suite struct DemoPracticeTests {
    @Test func demoPracticeHasEveryStatusAndEntity() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/demo-practice")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("refer-demo-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        func json(_ args: String...) throws -> [[String: Any]] {
            let result = try ReferRunner.run(args + ["--json", "--practice", copy.path])
            #expect(result.status == 0, "\(args): \(result.stderr)")
            return try result.json() as! [[String: Any]]
        }
        let statuses = Set(try json("referral", "list").map { $0["status"] as! String })
        #expect(statuses == ["received", "contacted", "meeting", "won", "lost", "passed-on"])
        #expect(try json("contact", "list").count >= 60)
        let partners = try json("partner", "list")
        #expect(partners.count == 15)
        #expect(Set(partners.map { ($0["partner"] as! [String: Any])["tier"] as! String }) == ["A", "B", "C"])
        #expect(try json("touch", "list").count > 100)
        #expect(try json("gift", "list").count >= 5)
        #expect(try json("gift", "log").count >= 5)
        #expect(try json("activity", "list").count >= 12)
        #expect(try json("event", "list").count == 1)
    }
}
