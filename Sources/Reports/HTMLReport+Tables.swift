import Foundation
import Model

/// The page's detail tables and its style sheet.
extension HTMLReport {
    /// Short tables behind the headlines: the lists a practitioner acts on.
    func detailTables() -> String {
        let f = figures
        var html = "<section class=\"details\" aria-label=\"Details\">\n"
        html += table("Fit by category", ["Category", "Contacts", "Referrals", "Fitting"], f.fit.categories.map {
            [ReportFormat.category($0.category) + ($0.flagged ? " ⚑" : ""), String($0.contacts), String($0.referrals), String($0.fitting)]
        }, empty: "No category has contacts or referrals yet.")
        html += table("Waiting for a first response", ["Referral", "Prospect", "Partner", "Days"], f.response.overdueList.map(referralRow),
                      empty: "Nobody is waiting.")
        html += table("Not thanked yet", ["Referral", "Prospect", "Partner", "Days"], f.thanks.overdueList.map(referralRow),
                      empty: "Every sender was thanked.")
        html += table("Broken promises", ["Client", "Promise", "Last service touch", "Days overdue"], f.promises.brokenList.map {
            [$0.name, $0.cadence, $0.lastServiceTouch.map { ReportFormat.day($0, timeZone: timeZone) } ?? "never", String($0.overdueDays)]
        }, empty: f.promises.promised == 0 ? "No client carries a promise: tag them promise:weekly, promise:monthly…" : "Every promise is kept.")
        html += table("Open loops", ["Referral", "Prospect", "Partner", "Days"], (f.openLoops.oldest + f.openLoops.untold).map(referralRow),
                      empty: "No open loops.")
        html += table("Asked too often (90 days)", ["Partner", "Tier", "Asks"], f.asks.tooOften.map {
            [$0.name, $0.tier, String(Int($0.value))]
        }, empty: "Nobody is asked too often.")
        html += table("Depth by group", ["Group", "Partners", "Months", "Touches / partner", "Referrals / partner"], f.depth.groups.map {
            [ReportFormat.category($0.category), String($0.partners), ReportFormat.decimal($0.averageMonths),
             ReportFormat.decimal($0.touchesPerPartner), ReportFormat.decimal($0.referralsPerPartner)]
        }, empty: "No partners yet.")
        html += table("Yield by source kind", ["Kind", "Partners", "Referrals", "Per partner", "Won"], f.sources.kinds.map {
            [$0.kind, String($0.partners), String($0.referrals), ReportFormat.decimal($0.perPartner), String($0.won)]
        }, empty: "No partners yet.")
        html += table("Events and what followed", ["Event", "Date", "Invited", "Came", "Referrals after"], f.events.events.map {
            [$0.name, ReportFormat.day($0.at, timeZone: timeZone), String($0.invited), String($0.attended), String($0.referrals)]
        }, empty: "No appreciation event in this period.")
        return html + "</section>\n"
    }

    func referralRow(_ r: ReferralLine) -> [String] { [String(r.id), r.prospect, r.partner ?? "—", String(r.days)] }

    func table(_ title: String, _ header: [String], _ rows: [[String]], empty: String) -> String {
        var html = "<div class=\"table\"><h3>\(Self.escape(title))</h3>\n"
        guard !rows.isEmpty else { return html + "<p class=\"empty\">\(Self.escape(empty))</p></div>\n" }
        html += "<table><thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n" }
        return html + "</tbody></table></div>\n"
    }

    static let css = """
        :root{--ink:#1a202c;--muted:#4a5568;--line:#e2e8f0;--alert:#c53030;--ok:#2f855a}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f7fafc}
        header,main,footer{max-width:1100px;margin:0 auto;padding:12px 16px}
        h1{font-size:1.4rem;margin:8px 0 2px}
        .period{color:var(--muted);margin:0}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px}
        .card{background:#fff;border:1px solid var(--line);border-left:5px solid var(--ok);border-radius:6px;padding:10px 12px}
        .card.alert{border-left-color:var(--alert)}
        .card h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);margin:0}
        .figure{font-size:2rem;font-weight:700;margin:2px 0 0}
        .alert .figure{color:var(--alert)}
        .label{margin:0;color:var(--muted);font-size:.9rem}
        .advice{margin:6px 0 0}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr));gap:12px;margin-top:16px}
        .chart{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0;padding:10px}
        .chart figcaption{font-weight:600;margin-bottom:6px}
        .chart svg{width:100%;height:auto;display:block}
        svg .small{font-size:11px;fill:var(--muted)}
        svg .cell{font-size:12px;fill:var(--ink)}
        svg .axis{stroke:#a0aec0;stroke-width:1}
        svg .grid{stroke:var(--line);stroke-dasharray:3 3}
        .empty{color:var(--muted);font-style:italic;margin:8px 0}
        .details{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:12px;margin-top:16px}
        .table{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px;overflow-x:auto}
        .table h3{font-size:1rem;margin:0 0 6px}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{text-align:left;padding:3px 6px;border-bottom:1px solid var(--line)}
        footer{color:var(--muted);font-size:.8rem}
        @media (max-width:600px){body{font-size:14px}.figure{font-size:1.6rem}}
        @media print{body{background:#fff;font-size:11pt}.card,.chart,.table{break-inside:avoid;border-color:#999}
        .cards{grid-template-columns:repeat(3,1fr)}.charts,.details{grid-template-columns:1fr}header,main,footer{max-width:none;padding:0 0 8px}}
        """
}
