import Foundation
import Model

/// The inline SVG charts. Each scales with its `viewBox`, so it fits a phone and a page.
extension HTMLReport {
    static let kindColours: [(kind: String, colour: String)] = [
        ("professional", "#2b6cb0"), ("client", "#2f855a"), ("former-client", "#b7791f"), ("friend", "#6b46c1"), ("prospect", "#718096"),
    ]

    static func colour(forKind kind: String) -> String { kindColours.first { $0.kind == kind }?.colour ?? "#4a5568" }

    static func svg(width: Int, height: Int, label: String, _ body: String) -> String {
        "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">\(body)</svg>"
    }

    static func number(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Stacked bars: inbound referrals per month, one colour per kind of source.
    func referralsByKind() -> (svg: String?, empty: String) {
        let months = figures.sources.byMonth
        let totals = months.map { $0.counts.values.reduce(0, +) }
        guard let top = totals.max(), top > 0 else { return (nil, "No referrals arrived in this period, so there is nothing to chart yet.") }
        let kinds = Set(months.flatMap(\.counts.keys))
        let ordered = Self.kindColours.map(\.kind).filter(kinds.contains) + kinds.subtracting(Self.kindColours.map(\.kind)).sorted()
        let width = 640, height = 260, left = 36.0, right = 8.0, topPad = 28.0, bottom = 40.0
        let plotH = Double(height) - topPad - bottom
        let step = (Double(width) - left - right) / Double(months.count)
        let bar = max(1, step * 0.7)
        var body = ""
        for (i, kind) in ordered.enumerated() {
            let x = left + Double(i) * 110
            body += "<rect x=\"\(Self.number(x))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(Self.colour(forKind: kind))\"/>"
            body += "<text x=\"\(Self.number(x + 14))\" y=\"15\" class=\"small\">\(Self.escape(kind))</text>"
        }
        body += axis(left: left, top: topPad, height: plotH, width: Double(width) - left - right, maximum: top)
        let labelEvery = max(1, Int((Double(months.count) / 12).rounded(.up)))
        for (i, month) in months.enumerated() {
            var y = topPad + plotH
            let x = left + Double(i) * step + (step - bar) / 2
            for kind in ordered {
                guard let n = month.counts[kind], n > 0 else { continue }
                let h = plotH * Double(n) / Double(top)
                y -= h
                body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(bar))\" height=\"\(Self.number(h))\" fill=\"\(Self.colour(forKind: kind))\"><title>\(month.month) \(Self.escape(kind)): \(n)</title></rect>"
            }
            if i % labelEvery == 0 {
                body += "<text x=\"\(Self.number(x + bar / 2))\" y=\"\(Self.number(topPad + plotH + 16))\" text-anchor=\"middle\" class=\"small\">\(ReportFormat.month(month.month).prefix(3))</text>"
                if i == 0 || month.month.hasSuffix("-01") {
                    body += "<text x=\"\(Self.number(x + bar / 2))\" y=\"\(Self.number(topPad + plotH + 30))\" text-anchor=\"middle\" class=\"small\">\(month.month.prefix(4))</text>"
                }
            }
        }
        return (Self.svg(width: width, height: height, label: "Referrals per month by source kind", body), "")
    }

    /// A horizontal line at zero and at the maximum, labelled.
    func axis(left: Double, top: Double, height: Double, width: Double, maximum: Int) -> String {
        "<line x1=\"\(Self.number(left))\" y1=\"\(Self.number(top + height))\" x2=\"\(Self.number(left + width))\" y2=\"\(Self.number(top + height))\" class=\"axis\"/>"
            + "<line x1=\"\(Self.number(left))\" y1=\"\(Self.number(top))\" x2=\"\(Self.number(left + width))\" y2=\"\(Self.number(top))\" class=\"grid\"/>"
            + "<text x=\"\(Self.number(left - 4))\" y=\"\(Self.number(top + 4))\" text-anchor=\"end\" class=\"small\">\(maximum)</text>"
            + "<text x=\"\(Self.number(left - 4))\" y=\"\(Self.number(top + height))\" text-anchor=\"end\" class=\"small\">0</text>"
    }

    /// Bars per delay bucket, "not yet" in red.
    func responseTimes() -> (svg: String?, empty: String) {
        let buckets = figures.response.buckets
        guard let top = buckets.map(\.count).max(), top > 0 else { return (nil, "No referrals arrived in this period, so there are no response times yet.") }
        let width = 640, height = 220, left = 36.0, topPad = 12.0, bottom = 28.0
        let plotH = Double(height) - topPad - bottom
        let step = (Double(width) - left - 8) / Double(buckets.count)
        var body = axis(left: left, top: topPad, height: plotH, width: Double(width) - left - 8, maximum: top)
        for (i, b) in buckets.enumerated() {
            let h = plotH * Double(b.count) / Double(top)
            let x = left + Double(i) * step + step * 0.15
            let fill = i == buckets.count - 1 ? "#c53030" : (i < 3 ? "#2f855a" : "#b7791f")
            body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(topPad + plotH - h))\" width=\"\(Self.number(step * 0.7))\" height=\"\(Self.number(h))\" fill=\"\(fill)\"><title>\(Self.escape(b.label)): \(b.count)</title></rect>"
            body += "<text x=\"\(Self.number(x + step * 0.35))\" y=\"\(Self.number(topPad + plotH - h - 3))\" text-anchor=\"middle\" class=\"small\">\(b.count)</text>"
            body += "<text x=\"\(Self.number(x + step * 0.35))\" y=\"\(Self.number(topPad + plotH + 16))\" text-anchor=\"middle\" class=\"small\">\(Self.escape(b.label))</text>"
        }
        return (Self.svg(width: width, height: height, label: "Time to first response", body), "")
    }

    /// Diverging bars: given to the left, received to the right, one row per partner.
    func relationshipBank() -> (svg: String?, empty: String) {
        let accounts = figures.bank.accounts
        guard !accounts.isEmpty else { return (nil, "No referral was received from or given to a partner in this period.") }
        let top = max(1, accounts.map { max($0.received, $0.given) }.max()!)
        let row = 22.0, nameW = 170.0, width = 640.0
        let centre = nameW + (width - nameW) / 2, half = (width - nameW) / 2 - 24
        let height = Int(row * Double(accounts.count) + 30)
        var body = "<text x=\"\(Self.number(centre - 6))\" y=\"12\" text-anchor=\"end\" class=\"small\">← given</text>"
        body += "<text x=\"\(Self.number(centre + 6))\" y=\"12\" class=\"small\">received →</text>"
        for (i, a) in accounts.enumerated() {
            let y = 20 + Double(i) * row
            let g = half * Double(a.given) / Double(top), r = half * Double(a.received) / Double(top)
            body += "<text x=\"\(Self.number(nameW - 6))\" y=\"\(Self.number(y + 14))\" text-anchor=\"end\" class=\"small\">\(Self.escape(String(a.name.prefix(24))))</text>"
            body += "<rect x=\"\(Self.number(centre - g))\" y=\"\(Self.number(y + 3))\" width=\"\(Self.number(g))\" height=\"\(Self.number(row - 6))\" fill=\"#2b6cb0\"><title>given to \(Self.escape(a.name)): \(a.given)</title></rect>"
            body += "<rect x=\"\(Self.number(centre))\" y=\"\(Self.number(y + 3))\" width=\"\(Self.number(r))\" height=\"\(Self.number(row - 6))\" fill=\"#2f855a\"><title>received from \(Self.escape(a.name)): \(a.received)</title></rect>"
            body += "<text x=\"\(Self.number(centre - g - 3))\" y=\"\(Self.number(y + 14))\" text-anchor=\"end\" class=\"small\">\(a.given)</text>"
            body += "<text x=\"\(Self.number(centre + r + 3))\" y=\"\(Self.number(y + 14))\" class=\"small\">\(a.received)</text>"
        }
        body += "<line x1=\"\(Self.number(centre))\" y1=\"18\" x2=\"\(Self.number(centre))\" y2=\"\(height - 6)\" class=\"axis\"/>"
        return (Self.svg(width: Int(width), height: height, label: "Relationship bank per partner", body), "")
    }

    /// A year-by-month grid; months with no activity are outlined in red.
    func visibilityCalendar() -> (svg: String?, empty: String) {
        let months = figures.visibility.months
        guard figures.visibility.total > 0 else {
            return (nil, "No visibility activity was logged in this period: every month (\(months.count)) is flagged.")
        }
        let years = Array(Set(months.map { String($0.month.prefix(4)) })).sorted()
        let top = max(1, months.map(\.count).max()!)
        let cell = 44.0, left = 48.0, topPad = 22.0
        let height = Int(topPad + cell * Double(years.count) + 6)
        var body = ""
        for (m, name) in ReportFormat.monthNames.enumerated() {
            body += "<text x=\"\(Self.number(left + Double(m) * cell + cell / 2))\" y=\"14\" text-anchor=\"middle\" class=\"small\">\(name)</text>"
        }
        for (row, year) in years.enumerated() {
            body += "<text x=\"\(Self.number(left - 6))\" y=\"\(Self.number(topPad + Double(row) * cell + cell / 2 + 4))\" text-anchor=\"end\" class=\"small\">\(year)</text>"
        }
        for month in months {
            guard let row = years.firstIndex(of: String(month.month.prefix(4))), let m = Int(month.month.suffix(2)) else { continue }
            let x = left + Double(m - 1) * cell + 2, y = topPad + Double(row) * cell + 2
            let shade = month.count == 0 ? "#fff5f5" : "rgba(43,108,176,\(Self.number(0.25 + 0.75 * Double(month.count) / Double(top))))"
            let stroke = month.count == 0 ? " stroke=\"#c53030\" stroke-width=\"2\"" : ""
            body += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(cell - 4))\" height=\"\(Self.number(cell - 4))\" rx=\"4\" fill=\"\(shade)\"\(stroke)><title>\(ReportFormat.month(month.month)): \(month.count)</title></rect>"
            body += "<text x=\"\(Self.number(x + cell / 2 - 2))\" y=\"\(Self.number(y + cell / 2 + 2))\" text-anchor=\"middle\" class=\"cell\">\(month.count)</text>"
        }
        return (Self.svg(width: Int(left + cell * 12 + 4), height: height, label: "Visibility calendar", body), "")
    }

    /// Horizontal bars: referrals per A-list partner, the won part darker.
    func aListChart() -> (svg: String?, empty: String) {
        let entries = figures.aList.entries
        guard let top = entries.map(\.referrals).max(), top > 0 else { return (nil, "No partner sent a referral in this period, so the A list is empty.") }
        let row = 22.0, nameW = 190.0, width = 640.0, barW = width - nameW - 40
        var body = ""
        for (i, e) in entries.enumerated() {
            let y = 4 + Double(i) * row
            let w = barW * Double(e.referrals) / Double(top), won = barW * Double(e.won) / Double(top)
            let name = "\(e.name.prefix(22)) (\(e.tier))"
            body += "<text x=\"\(Self.number(nameW - 6))\" y=\"\(Self.number(y + 14))\" text-anchor=\"end\" class=\"small\">\(Self.escape(name))</text>"
            body += "<rect x=\"\(Self.number(nameW))\" y=\"\(Self.number(y + 3))\" width=\"\(Self.number(w))\" height=\"\(Self.number(row - 6))\" fill=\"#90cdf4\"><title>\(Self.escape(e.name)): \(e.referrals) referrals</title></rect>"
            body += "<rect x=\"\(Self.number(nameW))\" y=\"\(Self.number(y + 3))\" width=\"\(Self.number(won))\" height=\"\(Self.number(row - 6))\" fill=\"#2b6cb0\"><title>\(Self.escape(e.name)): \(e.won) won</title></rect>"
            body += "<text x=\"\(Self.number(nameW + w + 4))\" y=\"\(Self.number(y + 14))\" class=\"small\">\(e.referrals) (\(e.won) won)</text>"
        }
        return (Self.svg(width: Int(width), height: Int(8 + row * Double(entries.count)), label: "The A list", body), "")
    }
}
