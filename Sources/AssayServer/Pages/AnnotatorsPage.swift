// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// Every annotator of a project, worst first: a sortable table with each flag's sentence, the
/// confusion matrix of one annotator as a heatmap, and how fast annotators label as a histogram.
enum AnnotatorsPage {
    /// Rows shown at most (a larger project pages by vendor: `?vendor=`).
    static let limit = 1000

    /// The key of an annotator in links: `vendor/annotator`.
    static func key(_ a: ScorecardReport.AnnotatorRow) -> String { a.vendor + "/" + a.annotator }

    /// The sortable table of some annotators.
    static func table(_ rows: [ScorecardReport.AnnotatorRow], p: ProjectRecord, showVendor: Bool) -> HTML {
        let shown = rows.prefix(limit)
        var header = [
            "annotator", "labels", "items", "gold labels", "gold accuracy", "estimated", "model",
            "agrees with consensus", "spammer score", "label entropy", "median s", "flags",
        ]
        if showVendor { header.insert("vendor", at: 0) }
        let table = ChartStyle.table(
            header,
            shown.map { a in
                var cells: [HTML] = [
                    "<a href=\"\(Layout.projectPath(p, "/annotators?annotator=" + AssayServer.formEncode(key(a))))#confusion\">\(a.annotator)</a>",
                    ChartStyle.count(a.labels), ChartStyle.count(a.items), ChartStyle.count(a.goldLabels),
                    gold(a), ChartStyle.cell(a.estimatedAccuracy, 3), ChartStyle.cell(a.modelAccuracy, 3),
                    ChartStyle.cell(a.agreementWithConsensus, 3), ChartStyle.cell(a.spammerScore, 3),
                    ChartStyle.cell(a.labelEntropy, 2), ChartStyle.cell(a.medianSeconds, 1),
                    a.flags.isEmpty ? "" : HTML(a.flags.map { "<div class=\"flag\">\($0)</div>" }),
                ]
                if showVendor {
                    cells.insert("<a href=\"\(Layout.vendorPath(p, a.vendor))\">\(a.vendor)</a>", at: 0)
                }
                return cells
            }, text: showVendor ? [0, 1, 12] : [0, 11], sortable: true, id: "annotators")
        let more: HTML =
            rows.count > limit
            ? "<p class=\"muted small\">Showing the worst \(limit) of \(rows.count); choose a vendor to see its annotators.</p>"
            : ""
        return "<div class=\"card scroll\">\(table)</div>\(more)"
    }

    /// Gold accuracy with its Wilson interval.
    static func gold(_ a: ScorecardReport.AnnotatorRow) -> HTML {
        guard let g = a.goldAccuracy else { return "—" }
        return ProjectPage.figure(Figure(value: g, low: a.goldInterval?[0], high: a.goldInterval?[1]))
    }

    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord) async throws -> HTML {
        let report = try await server.scorecard(p).0.report
        let vendor = page.query("vendor")
        let rows = vendor.map { v in report.annotators.filter { $0.vendor == v } } ?? report.annotators
        let flagged = rows.filter { !$0.flags.isEmpty }.count
        let vendorLinks = HTML(
            report.vendors.map { v in
                let href = Layout.projectPath(p, "/annotators?vendor=" + AssayServer.formEncode(v.vendor))
                return v.vendor == vendor
                    ? "<b>\(v.vendor)</b>" : "<a href=\"\(href)\">\(v.vendor)</a>"
            }.map { $0 + " " })
        var out: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            annotators</p><h1>Annotators</h1><p class="lede">\(rows.count) annotators, \(flagged) flagged; worst \
            first (gold accuracy with at least 20 gold labels, else estimated). Click a column to sort. Vendor: \
            <a href="\(Layout.projectPath(p, "/annotators"))">all</a> \(vendorLinks)</p>
            """
        out += table(rows, p: p, showVendor: true)
        let chosen = page.query("annotator").flatMap { k in rows.first { key($0) == k } } ?? rows.first
        if let a = chosen, !a.confusion.isEmpty {
            let k = report.classes
            out += "<h2 id=\"confusion\">Confusion of \(a.vendor) / \(a.annotator)</h2>"
            out += Heatmap(
                title:
                    "Confusion matrix of \(a.vendor) / \(a.annotator): share of each true class given as each class",
                rowLabels: k, columnLabels: k, rowAxis: "true class", columnAxis: "class given",
                values: a.confusion.map { $0.map { Optional($0) } }, scale: .sequential(maximum: 1),
                digits: 2,
                describe: { t, o in
                    "true \(k[t]), given \(k[o]): \(NumberText.fixed(a.confusion[t][o], 3)) of \(k[t]) items"
                }
            ).figure()
        }
        let seconds = rows.compactMap(\.medianSeconds)
        if !seconds.isEmpty {
            out += "<h2>Speed</h2>"
            out += Histogram(
                title: "Annotators by median seconds a label", valueName: "median seconds a label",
                unitName: "annotators", values: seconds, digits: seconds.max()! < 10 ? 1 : 0
            ).figure()
        }
        return out
    }
}
