// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation

/// What a vendor signed in sees: for each project it may reach, its own deliveries (every receipt,
/// with the row errors of a rejected one) and the batches sent to it. Nothing of gold, consensus,
/// scorecards or other vendors.
enum VendorPortalPage {
    /// Receipts shown per project (the latest).
    static let shownReceipts = 100

    /// The vendor's own receipts in a project, newest first.
    static func receipts(_ server: AssayServer, _ p: ProjectRecord, vendor: String) async throws
        -> [ReceiptRecord]
    {
        var all: [ReceiptRecord] = []
        var after: Int64 = 0
        while true {
            let page = try await server.store.receipts(of: p, vendor: vendor, after: after, limit: 1000)
            all += page
            guard page.count == 1000, let last = page.last else { break }
            after = last.id
        }
        return all.reversed()
    }

    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest) async throws -> HTML {
        let caller = page.signedIn
        let vendor = caller.vendor ?? ""
        var out: HTML = """
            <h1>Deliveries of \(vendor)</h1><p class="lede">What you delivered, what was accepted or refused and \
            why, and the batches sent to you. Deliver with <code>PUT /v1/projects/PROJECT/deliveries/NAME</code> \
            and your token.</p>
            """
        var any = false
        for p in try await server.store.projects() where caller.mayReach(project: p.name) {
            any = true
            let receipts = try await receipts(server, p, vendor: vendor)
            let batches = try await server.store.batches(of: p, vendor: vendor)
            let stored = try await server.store.deliveries(of: p).filter { $0.vendor == vendor }
            out += """
                <h2>\(p.name)</h2><p class="muted">\(p.taskType) · classes \(p.classes.joined(separator: ", "))</p>\
                <h3>Stored deliveries</h3>
                """
            out +=
                stored.isEmpty
                ? "<p class=\"muted\">None yet.</p>"
                : """
                <div class="card scroll">\(ChartStyle.table(
                        ["delivery", "labels", "stored", "sha-256"],
                        stored.reversed().map { d in
                            [
                                "\(d.source)", ChartStyle.count(d.rows), "\(Layout.time(d.importedAt))",
                                "<code>\(String(d.sha256.prefix(12)))</code>",
                            ]
                        }, text: [0, 2, 3], sortable: true, id: "stored"))</div>
                """
            out += "<h3>Receipts of what you sent to the server</h3>"
            let rows = receipts.prefix(shownReceipts).map { r -> [HTML] in
                let errors =
                    (try? JSONDecoder().decode([ReceiptBody.RowErrorText].self, from: Data(r.errors.utf8)))
                    ?? []
                let errorCell: HTML =
                    errors.isEmpty
                    ? ""
                    : HTML(
                        errors.map { e in
                            "<div class=\"flag\">line \(e.line)\(e.field.map { ", \($0)" } ?? "")\(e.value.map { " '\($0)'" } ?? ""): expected \(e.expected)</div>"
                        })
                        + (r.errorTotal > errors.count
                            ? "<div class=\"muted small\">\(r.errorTotal) invalid rows in all</div>" : "")
                let status: HTML =
                    r.status == "accepted" || r.status == "replayed"
                    ? "<span class=\"pill ok\">\(r.status)</span>"
                    : "<span class=\"pill bad\">\(r.status)</span>"
                return [
                    "\(r.name)", status, ChartStyle.count(r.labels), ChartStyle.count(r.items),
                    "\(Layout.time(r.receivedAt))", "<code>\(String(r.sha256.prefix(12)))</code>", errorCell,
                ]
            }
            out +=
                rows.isEmpty
                ? "<p class=\"muted\">None: deliveries imported by the buyer have no receipt.</p>"
                : "<div class=\"card scroll\">\(ChartStyle.table(["delivery", "status", "labels", "items", "received", "sha-256", "row errors"], rows, text: [0, 1, 4, 5, 6], sortable: true, id: "receipts"))</div>"
            if receipts.count > shownReceipts {
                out +=
                    "<p class=\"muted small\">The latest \(shownReceipts) of \(receipts.count) receipts.</p>"
            }
            out += "<h3>Batches sent to you</h3>"
            out +=
                batches.isEmpty
                ? "<p class=\"muted\">None.</p>"
                : "<div class=\"card scroll\">\(ChartStyle.table(["batch", "made", "rows"], batches.reversed().map { b in ["<a href=\"/vendor/projects/\(AssayServer.formEncode(p.name))/batches/\(b.id)\">\(b.name)</a>", "\(Layout.time(b.createdAt))", ChartStyle.count(b.items)] }))</div>"
        }
        if !any { out += "<p class=\"card\">No project is open to you.</p>" }
        return out
    }

    /// One batch sent to the vendor, row by row.
    static func batch(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord, id text: String)
        async throws
        -> HTML
    {
        guard let id = Int64(text), let (record, rows) = try await server.store.batch(id: id, in: p),
            record.vendor == page.signedIn.vendor
        else { throw Problem.notFound("batch \(text)") }
        let content = try JSONDecoder().decode(BatchContent.self, from: Data(rows.utf8))
        return """
            <p class="crumbs"><a href="/vendor">Deliveries</a> › \(p.name) › \(record.name)</p>\
            <h1>\(record.name)</h1><p class="lede">\(content.rows.count) rows, made \(Layout.time(record.createdAt)).</p>\
            <div class="card scroll">\(ChartStyle.table(
                content.columns, content.rows.map { $0.map { "\($0 ?? "")" } }, text: Set(content.columns.indices)))</div>
            """
    }
}
