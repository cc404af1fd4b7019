// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// The gold: each gold item with its answer, and per vendor how often batches showed it and how
/// the vendor's labels on it went; per vendor its gold figures from the scorecard.
enum GoldPage {
    /// Gold items a page.
    static let pageSize = 100

    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord) async throws -> HTML {
        let coverage = try await server.goldCoverage(p)
        let report = try? await server.scorecard(p).0.report
        var out: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            gold</p><h1>Gold</h1><p class="lede">\(coverage.items.count) gold items (honeypots). \
            Shown: how many batches sent the item to the vendor; labels: how many labels the vendor gave it, \
            and how many equal the answer.</p>
            """
        if let report {
            out += """
                <div class="card scroll">\(ChartStyle.table(
                    ["vendor", "gold items labelled", "gold labels", "gold accuracy", "gold items shown in batches"],
                    report.vendors.map { v in
                        let j = coverage.vendors.firstIndex(of: v.vendor)
                        let shown = j.map { j in coverage.items.filter { $0.shown[j] > 0 }.count } ?? 0
                        return [
                            "\(v.vendor)", ChartStyle.count(v.goldItems), ChartStyle.count(v.goldLabels),
                            ProjectPage.figure(v.goldAccuracy), ChartStyle.count(shown),
                        ]
                    }, sortable: true, id: "gold-vendors"))</div>
                """
        }
        let pages = max(1, (coverage.items.count + pageSize - 1) / pageSize)
        let number = Layout.pageNumber(page, of: pages)
        let slice = coverage.items[
            min(coverage.items.count, (number - 1) * pageSize)..<min(coverage.items.count, number * pageSize)]
        let header = ["item", "answer"] + coverage.vendors.map { "\($0): shown · labels (right)" }
        out += """
            <div class="card scroll">\(ChartStyle.table(
                header,
                slice.map { g in
                    ["\(g.item)", "\(g.answer)"]
                        + coverage.vendors.indices.map { j -> HTML in
                            "<span data-value=\"\(g.shown[j])\">\(g.shown[j])</span> · \(g.labels[j]) (\(g.right[j]))"
                        }
                }, text: [0, 1], sortable: true, id: "gold"))</div>
            """
        out += Layout.pager(
            { Layout.projectPath(p, "/gold?page=\($0)") }, page: number, of: pages, back: "← previous",
            forward: "next →")
        return out
    }
}
