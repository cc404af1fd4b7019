// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import AssayStore
import Foundation

/// Items to look at again, least confident consensus first: every label, who gave it, and the
/// consensus with its posterior (the consensus rows the API serves).
enum ReviewPage {
    /// Items a page.
    static let pageSize = 50

    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord) async throws -> HTML {
        let (inf, _) = try await server.inference(p)
        let order = try await server.reviewOrder(p)
        let set = inf.set
        let pages = max(1, (order.count + pageSize - 1) / pageSize)
        let number = Layout.pageNumber(page, of: pages)
        let slice = order[((number - 1) * pageSize)..<min(order.count, number * pageSize)]
        var rows: [[HTML]] = []
        for i32 in slice {
            let i = Int(i32)
            let c = ConsensusRow(item: i, of: set, result: inf.result)
            let labels = HTML(
                set.labels(ofItem: i).map { l in
                    let a = Int(set.annotator[l])
                    let vendor = set.vendorIDs[Int(set.annotatorVendor[a])]
                    let agrees = set.value[l] == inf.result.labels[i]
                    return """
                        <li><span class="pill\(agrees ? "" : " bad")">\(set.classes[Int(set.value[l])])</span> \
                        <span class="muted">\(vendor) / \(set.annotatorIDs[a])</span></li>
                        """
                })
            let posterior = set.classes.map { "\($0) \(NumberText.fixed(c.posterior[$0] ?? 0, 2))" }
            rows.append([
                "<span data-item=\"\(c.item)\">\(c.item)</span>", "<b>\(c.label)</b>",
                ChartStyle.cell(c.confidence, 3),
                "<span class=\"small\">\(posterior.joined(separator: " · "))</span>",
                "<ul class=\"labels\">\(labels)</ul>", "\(c.vendors.joined(separator: ", "))",
            ])
        }
        let pager = Layout.pager(
            { Layout.projectPath(p, "/review?page=\($0)") }, page: number, of: pages, back: "← less certain",
            forward: "more certain →")
        return """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            review</p><h1>Items to review</h1><p class="lede">Least confident consensus first (method \
            \(inf.result.method)): the candidates for another label or a second look. A red label disagrees \
            with the consensus.</p>\(pager)<div class="card scroll">\(ChartStyle.table(
                ["item", "consensus", "confidence", "posterior", "labels (vendor / annotator)", "vendors"], rows,
                text: [0, 1, 3, 4, 5], id: "review"))</div>\(pager)
            """
    }
}
