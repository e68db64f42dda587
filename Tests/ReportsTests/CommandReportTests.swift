import Foundation
import Model
import Testing
import TestSupport

/// `refer report` through the real binary: text, JSON, HTML, errors, and `ctx.report()`.
@Suite(.serialized) struct CommandReportTests {
    static let window = ["--since", "2026-01-01", "--until", "2026-06-30"]

    func report(_ args: [String], practice: URL? = nil) throws -> ReferProcess.Result {
        let dir = try practice ?? KnownPractice.get().dir
        return try ReferProcess.run(["report"] + args + ["--practice", dir.path])
    }

    @Test func textOpensEachSectionWithItsNumberAndAdvice() throws {
        let r = try report(Self.window)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Referral report: Test Practice, 2026-01-01 to 2026-06-30 (UTC)"))
        for h in try KnownPractice.get().figures().headlines {
            #expect(r.stdout.contains(h.title), "\(h.title) is missing")
            #expect(r.stdout.contains("  \(h.figure)  \(h.label)"), "\(h.id) headline is missing")
            #expect(r.stdout.contains("→ \(h.advice)"), "\(h.id) advice is missing")
        }
        #expect(r.stdout.contains("Jan 1 · Feb 0! · Mar 2 · Apr 0! · May 1 · Jun 0!"))
        #expect(!r.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func jsonCarriesTheSameFigures() throws {
        let r = try report(Self.window + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(ReportFigures.self, from: Data(r.stdout.utf8))
        let expected = try KnownPractice.get().figures()
        #expect(decoded == expected)
        #expect(r.stdout.contains("\"monthsWithNone\""))
    }

    @Test func htmlIsOneSelfContainedPage() throws {
        let temp = try TemporaryDirectory("refer-report-html")
        let file = temp.url.appendingPathComponent("report.html")
        let r = try report(Self.window + ["--html", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Wrote \(file.path)"))
        let page = try String(contentsOf: file, encoding: .utf8)
        #expect(page.utf8.count < 1_000_000)
        #expect(page.contains("<meta name=\"viewport\""))
        #expect(page.contains("@media print"))
        for outside in ["<script", "src=", "href=", "url(", "@import"] { #expect(!page.contains(outside)) }
    }

    @Test func anEmptyPracticeReportsWithoutFailing() throws {
        let temp = try TemporaryDirectory("refer-report-empty")
        let dir = try temp.makePractice()
        let r = try report([], practice: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Response time (R4)\n  —  median from arrival to first response"))
        #expect(!r.stdout.lowercased().contains("nan"))
    }

    @Test func aWindowThatEndsBeforeItStartsIsRefused() throws {
        let r = try report(["--since", "2026-06-01", "--until", "2026-01-01"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--since must be before --until"))
    }

    @Test func pluginsReadTheFiguresThroughCtxReport() throws {
        let temp = try TemporaryDirectory("refer-report-plugin")
        let dir = temp.url.appendingPathComponent("practice")
        try copyFolder(try KnownPractice.get().dir, to: dir)
        try copyFolder(KnownPractice.fixtures.appendingPathComponent("plugins/report-reader"), to: dir.appendingPathComponent("plugins/report-reader"))
        let r = try ReferProcess.run(["run", "report-reader", "--practice", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["true", "inbound 6", "median response 2\n", "months without visibility 3", "first on the A list Ana Avocat",
                     "broken promise Dan Client", "drought warning false"] {
            #expect(r.stdout.contains(line), "\(line) missing from: \(r.stdout)")
        }
    }

    @Test func ctxReportNeedsThePermissionToReadReports() throws {
        let temp = try TemporaryDirectory("refer-report-denied")
        let dir = try temp.makePractice()
        try copyFolder(KnownPractice.fixtures.appendingPathComponent("plugins/report-no-permission"),
                       to: dir.appendingPathComponent("plugins/report-no-permission"))
        let r = try ReferProcess.run(["run", "report-no-permission", "--practice", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("read:reports"), "\(r.stderr)")
    }
}
