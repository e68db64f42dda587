import Foundation
import Model

/// `refer report --html`: one self-contained page — inline CSS and inline SVG, no
/// scripts, nothing fetched from elsewhere — that reads on a phone and prints.
public struct HTMLReport {
    public var figures: ReportFigures
    /// The practice's name, for the title.
    public var practice: String
    public var generatedAt: Date

    public init(figures: ReportFigures, practice: String, generatedAt: Date = Date()) {
        self.figures = figures
        self.practice = practice
        self.generatedAt = generatedAt
    }

    /// The charts every page has, by `data-chart` name, in page order.
    public static let chartNames = ["referrals-by-kind", "response-times", "relationship-bank", "visibility-calendar", "a-list"]

    var timeZone: TimeZone { TimeZone(identifier: figures.period.timezone) ?? TimeZone(identifier: "UTC")! }

    /// The whole page.
    public func render() -> String {
        let f = figures
        let from = ReportFormat.day(f.period.since, timeZone: timeZone)
        let to = ReportFormat.day(f.period.until.addingTimeInterval(-1), timeZone: timeZone)
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(practice)) — referral report \(from) to \(to)</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header>
            <h1>\(Self.escape(practice)): the referral system in numbers</h1>
            <p class="period">\(from) to \(to) · \(f.totals.inbound) referrals received, \(f.totals.outbound) sent, \(f.totals.won) won · \(f.totals.contacts) contacts, \(f.totals.partners) partners</p>
            </header>
            <main>
            <section class="cards" aria-label="Headlines">

            """
        for h in f.headlines {
            html += """
                <article class="card\(h.alert ? " alert" : "")" id="\(h.id)">
                <h2>\(Self.escape(h.title))</h2>
                <p class="figure">\(Self.escape(h.figure))</p>
                <p class="label">\(Self.escape(h.label))</p>
                <p class="advice">\(Self.escape(h.advice))</p>
                </article>

                """
        }
        html += "</section>\n<section class=\"charts\" aria-label=\"Charts\">\n"
        html += chart("referrals-by-kind", "Referrals per month by source kind", referralsByKind())
        html += chart("response-times", "Time to first response", responseTimes())
        html += chart("relationship-bank", "The relationship bank: received vs given per partner", relationshipBank())
        html += chart("visibility-calendar", "Visibility calendar: activities per month", visibilityCalendar())
        html += chart("a-list", "The A list: referrals sent in the period", aListChart())
        html += "</section>\n"
        html += detailTables()
        html += """
            </main>
            <footer>Made by refer report on \(ReportFormat.day(generatedAt, timeZone: timeZone)) (\(Self.escape(f.period.timezone))).</footer>
            </body>
            </html>

            """
        return html
    }

    /// A chart's frame; `body` is an SVG, or nil when there is nothing to draw — then it says so.
    func chart(_ name: String, _ title: String, _ body: (svg: String?, empty: String)) -> String {
        let content = body.svg ?? "<p class=\"empty\">\(Self.escape(body.empty))</p>"
        return """
            <figure class="chart" data-chart="\(name)">
            <figcaption>\(Self.escape(title))</figcaption>
            \(content)
            </figure>

            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
