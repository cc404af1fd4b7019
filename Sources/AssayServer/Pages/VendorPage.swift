// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// One vendor of a project, for the buyer: its scorecard, its deliveries over time (accuracy per
/// delivery with its interval against the vendor's overall figure, volume, cost), its annotators.
enum VendorPage {
    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord, vendor: String)
        async throws
        -> HTML
    {
        let report = try await server.scorecard(p).0.report
        guard let v = report.vendors.first(where: { $0.vendor == vendor }) else {
            throw Problem.notFound("vendor \(vendor) with labels in project \(p.name)")
        }
        let rows = try await server.deliveryFigures(p, vendor: vendor).rows(of: vendor)
        let onGold = v.goldAccuracy != nil
        let overall = v.goldAccuracy ?? v.estimatedAccuracy
        var out: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            \(vendor)</p><h1>\(vendor)</h1><p class="reading">\(v.reading)</p>\
            <div class="tiles">\(Layout.tile(NumberText.fixed(v.goldAccuracy?.value, 3), "gold accuracy", exact: v.goldAccuracy?.value))\
            \(Layout.tile(NumberText.fixed(v.estimatedAccuracy.value, 3), "estimated accuracy", exact: v.estimatedAccuracy.value))\
            \(Layout.tile(NumberText.fixed(v.costPerCorrectLabel?.value, 4), "cost per correct label", exact: v.costPerCorrectLabel?.value))\
            \(Layout.tile(NumberText.count(v.labels), "labels", exact: Double(v.labels)))\
            \(Layout.tile("\(rows.count)", "deliveries"))\
            \(Layout.tile("\(v.flaggedAnnotators) of \(v.annotators)", "annotators flagged"))</div>
            """
        /// A delivery's short name: its source without the vendor's name and the extension.
        func name(_ r: DeliveryFigures.Row) -> String {
            var n = Substring(r.delivery.source)
            if n.hasPrefix(vendor) { n = n.dropFirst(vendor.count).drop { "-_ ".contains($0) } }
            if let dot = n.lastIndex(of: "."), dot > n.startIndex { n = n[..<dot] }
            return n.isEmpty ? "#\(r.delivery.id)" : String(n)
        }
        out += "<h2>Deliveries over time</h2>"
        out += SeriesChart(
            title:
                "\(onGold ? "Gold" : "Estimated") accuracy per delivery, oldest first, with 95% intervals; the line is the vendor's overall figure",
            valueName: onGold ? "gold accuracy" : "estimated accuracy", kind: .line,
            points: rows.map { r in
                let f = onGold ? r.goldAccuracy : r.estimatedAccuracy
                return .init(
                    label: name(r), value: f?.value, low: f?.low, high: f?.high,
                    reason: f == nil ? "no gold labels in this delivery" : f?.reason)
            }, limits: [(overall.value, "overall \(NumberText.fixed(overall.value, 3))")], clip: 0...1
        ).figure()
        out += "<div class=\"grid2\">"
        out += SeriesChart(
            title: "Labels per delivery", valueName: "labels", kind: .bars,
            points: rows.map { .init(label: name($0), value: Double($0.delivery.rows)) }, digits: 0
        ).figure()
        out += SeriesChart(
            title: "Cost per delivery", valueName: "cost", kind: .bars,
            points: rows.map { .init(label: name($0), value: $0.delivery.cost, reason: "no cost stated") },
            digits: 2,
            color: 1
        ).figure()
        out += "</div>"
        out += """
            <div class="card scroll">\(ChartStyle.table(
                ["delivery", "name", "imported", "labels", "items", "gold labels", "gold accuracy", "estimated accuracy",
                 "α", "median s", "cost"],
                rows.map { r in
                    [
                        "#\(r.delivery.id)", "\(r.delivery.source)", "\(Layout.time(r.delivery.importedAt))",
                        ChartStyle.count(r.delivery.rows), ChartStyle.count(r.items), ChartStyle.count(r.goldLabels),
                        ProjectPage.figure(r.goldAccuracy), ProjectPage.figure(r.estimatedAccuracy),
                        ChartStyle.cell(r.alpha, 3), ChartStyle.cell(r.medianSeconds, 1), ChartStyle.cell(r.delivery.cost, 2),
                    ]
                }, text: [0, 1, 2], sortable: true, id: "deliveries"))</div>
            """
        let mine = report.annotators.filter { $0.vendor == vendor }
        out += "<h2>Its annotators, worst first</h2>"
        out += AnnotatorsPage.table(mine, p: p, showVendor: false)
        return out
    }
}
