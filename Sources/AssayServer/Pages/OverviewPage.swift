// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// The projects a reader may see, each with its type, size, vendors, last delivery and alerts.
enum OverviewPage {
    /// The alerts of a project: the analysis's warnings, vendors with flagged annotators, no gold.
    static func alerts(_ report: ScorecardReport?, counts: ProjectCounts) -> [String] {
        if counts.labels == 0 { return ["no labels yet"] }
        var out: [String] = []
        if counts.gold == 0 { out.append("no gold: accuracies are estimated from the labels alone") }
        guard let report else { return out }
        out += report.warnings
        for v in report.vendors where v.flaggedAnnotators > 0 {
            out.append("\(v.vendor): \(v.flaggedAnnotators) of \(v.annotators) annotators flagged")
        }
        return out
    }

    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest) async throws -> HTML {
        let caller = page.signedIn
        var rows: [[HTML]] = []
        for p in try await server.store.projects() where caller.mayReach(project: p.name) {
            let counts = try await server.counts(of: p)
            let last = try await server.store.deliveries(of: p).last
            var report: ScorecardReport?
            if p.taskType == "categorical" && counts.labels > 0 {
                report = try await server.scorecard(p).0.report
            }
            let alerts = alerts(report, counts: counts)
            let lastText: HTML =
                last.map { "\(Layout.time($0.importedAt)) <span class=\"muted\">\($0.vendor)</span>" } ?? "—"
            rows.append([
                "<a href=\"\(Layout.projectPath(p))\">\(p.name)</a>", "\(p.taskType)",
                ChartStyle.count(counts.labels), ChartStyle.count(counts.items),
                "\(counts.vendors)", "\(counts.gold)", lastText,
                alerts.isEmpty
                    ? "<span class=\"pill ok\">none</span>"
                    : HTML(alerts.map { "<div class=\"flag\">\($0)</div>" }),
            ])
        }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"card\">No projects yet: <code>assay project create NAME --classes a,b</code>.</p>"
            : """
            <div class="card scroll">\(ChartStyle.table(
                    ["project", "type", "labels", "items", "vendors", "gold items", "last delivery", "alerts"], rows,
                    text: [0, 1, 6, 7], sortable: true, id: "projects"))</div>
            """
        return """
            <h1>Projects</h1><p class="lede">Every project you may see: its labels, vendors, last delivery, and \
            what needs attention.</p>\(table)
            """
    }
}
