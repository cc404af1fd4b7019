// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// Agreement among all annotators, metric by metric with its 95% interval (the agreement report),
/// and Krippendorff's α within each vendor (the scorecard).
enum AgreementPage {
    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord) async throws -> HTML {
        let report = try await server.agreement(p).0.report
        let scorecard = try await server.scorecard(p).0.report
        var out: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            agreement</p><h1>Agreement</h1><p class="lede">How much annotators agree beyond chance, over every \
            label of the project (nominal level), with 95% bootstrap intervals over items.</p>
            """
        out += metrics(report.rows)
        let withAlpha = scorecard.vendors.filter { $0.alpha != nil }
        if !withAlpha.isEmpty {
            out += "<h2>Within each vendor</h2>"
            out += SeriesChart(
                title: "Krippendorff's α among each vendor's own annotators", valueName: "α", kind: .bars,
                points: withAlpha.map { .init(label: $0.vendor, value: $0.alpha) }, clip: -1...1, color: 2
            ).figure()
        }
        return out
    }

    /// A row's name: its metric, with its class and group when it has them.
    static func name(_ r: AgreementReport.Row) -> String {
        r.metric + (r.className.map { " · " + $0 } ?? "") + (r.group.map { " · " + $0 } ?? "")
    }

    /// Each metric with its interval: a chart of the defined ones beside every row in a table.
    static func metrics(_ rows: [AgreementReport.Row]) -> HTML {
        let defined = rows.filter { $0.value != nil }
        var out = IntervalChart(
            title: "Agreement by metric, with 95% intervals",
            series: ["agreement"],
            rows: defined.map { r in
                .init(
                    label: name(r),
                    marks: [
                        .init(series: 0, value: r.value!, low: r.ciLow, high: r.ciHigh, reason: r.ciReason)
                    ])
            }, domain: nil, clip: -1...1
        ).figure()
        out += """
            <div class="card scroll">\(ChartStyle.table(
                ["metric", "level", "value", "95% low", "95% high", "items", "labels", "reading", "note"],
                rows.map { r in
                    [
                        "\(name(r))", "\(r.level)", ChartStyle.cell(r.value, 3), ChartStyle.cell(r.ciLow, 3),
                        ChartStyle.cell(r.ciHigh, 3), ChartStyle.count(r.items), ChartStyle.count(r.labels),
                        "\(r.interpretation)", "\(r.undefinedReason ?? r.ciReason ?? "")",
                    ]
                }, text: [0, 1, 7, 8], sortable: true, id: "agreement"))</div>
            """
        return out
    }
}
