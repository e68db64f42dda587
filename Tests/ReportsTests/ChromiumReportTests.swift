import Foundation
import Reports
import Testing
import TestSupport

/// The HTML page as a browser sees it: headless Chromium loads it, every chart is in the
/// DOM and is drawn (or says in words why not), and screenshots are kept to look at.
@Suite(.serialized) struct ChromiumReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Where the screenshots stay after the run.
    static let output = root.appendingPathComponent(".build/test-output/report", isDirectory: true)

    static func chromium() throws -> URL {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        throw TestSupportError("chromium is missing: the HTML report test renders the page in headless Chromium. Install it with `apt-get install -y chromium` (or run scripts/install-test-deps.sh).")
    }

    static func run(_ args: [String]) throws -> ReferProcess.Result {
        try ReferProcess.runProgram(try chromium(), ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                      "--hide-scrollbars"] + args,
                                    environment: ["HOME": NSTemporaryDirectory()], timeout: 120)
    }

    /// Writes the report of `practice` to a page, loads it in Chromium, checks the charts, takes screenshots.
    func check(practice: URL, args: [String], name: String, drawn: Bool) throws {
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        let page = Self.output.appendingPathComponent("\(name).html")
        let made = try ReferProcess.run(["report", "--html", page.path, "--practice", practice.path] + args)
        #expect(made.status == 0, "\(made.stderr)")

        let dom = try Self.run(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "chromium failed: \(dom.stderr)")
        #expect(dom.stdout.contains("</html>"), "chromium returned no page")
        for chart in HTMLReport.chartNames {
            guard let start = dom.stdout.range(of: "data-chart=\"\(chart)\"") else {
                Issue.record("chart \(chart) is not in the page Chromium loaded")
                continue
            }
            let rest = dom.stdout[start.upperBound...]
            let figure = String(rest[..<(rest.range(of: "</figure>")?.lowerBound ?? rest.endIndex)])
            if drawn {
                #expect(figure.contains("<svg") && figure.contains("<rect"), "chart \(chart) is empty")
            } else {
                #expect(figure.contains("class=\"empty\""), "empty chart \(chart) does not say so")
            }
        }
        for (size, suffix) in [("1280,2600", "desktop"), ("390,3600", "phone")] {
            let shot = Self.output.appendingPathComponent("\(name)-\(suffix).png")
            try? FileManager.default.removeItem(at: shot)
            let r = try Self.run(["--screenshot=\(shot.path)", "--window-size=\(size)", page.absoluteString])
            #expect(r.status == 0, "chromium screenshot failed: \(r.stderr)")
            let bytes = (try? Data(contentsOf: shot))?.count ?? 0
            #expect(bytes > 10_000, "screenshot \(shot.path) is missing or blank")
            print("report screenshot: \(shot.path) (\(bytes) bytes)")
        }
    }

    @Test func everyChartIsDrawnForTheKnownPractice() throws {
        try check(practice: try KnownPractice.get().dir, args: CommandReportTests.window, name: "known-practice", drawn: true)
    }

    @Test func anEmptyPracticeSaysSoInWords() throws {
        let temp = try TemporaryDirectory("refer-report-chromium")
        try check(practice: try temp.makePractice(), args: [], name: "empty-practice", drawn: false)
    }
}
