// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// A project: vendors side by side (accuracy on gold and estimated, with intervals; cost per
/// correct label; agreement; flagged annotators), their comparisons with Holm-corrected p-values,
/// and, for admins, the in-house queue. Every figure is the scorecard report's.
enum ProjectPage {
    /// The page's content for a project of any type: the common head, then the type's panels.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord) async throws -> HTML {
        let counts = try await server.counts(of: p)
        let deliveries = try await server.store.deliveries(of: p)
        var head: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › \(p.name)</p><h1>\(p.name)</h1>\
            <p class="lede">\(p.taskType) project\(p.classes.isEmpty ? "" : " · classes " + p.classes.joined(separator: ", ")) · created \
            \(Layout.time(p.createdAt))\(deliveries.last.map { " · last delivery " + Layout.time($0.importedAt) } ?? "")</p>\
            <div class="tiles">\(Layout.tile(NumberText.count(counts.labels), "labels", exact: Double(counts.labels)))\
            \(Layout.tile(NumberText.count(counts.items), "items", exact: Double(counts.items)))\
            \(Layout.tile("\(counts.vendors)", "vendors"))\(Layout.tile("\(counts.annotators)", "annotators"))\
            \(Layout.tile(NumberText.count(counts.gold), "gold items"))\(Layout.tile("\(counts.deliveries)", "deliveries"))</div>
            """
        guard counts.labels > 0 else {
            return head
                + "<p class=\"card\">No labels yet. Vendors deliver with <code>PUT /v1/projects/…/deliveries/NAME</code>.</p>"
        }
        switch p.taskType {
        case "categorical":
            let report = try await server.scorecard(p).0.report
            head += try await categorical(server, page, p, report)
        default:
            head += try await TypedProjectPage.render(server, p)
        }
        return head
    }

    /// What a page without panels for the project's type shows: the API and `assay report` still
    /// serve the project.
    static func noPanels(_ p: ProjectRecord) -> HTML {
        "<p class=\"note\">The dashboard has no panels for \(p.taskType) projects yet.</p>"
    }

    /// A figure with its interval as a table cell: the value, the interval in small print (or why
    /// there is none), the exact numbers in data attributes.
    static func figure(_ f: Figure?, _ digits: Int = 3) -> HTML {
        guard let f else { return "—" }
        var out: HTML = """
            <span data-value="\(NumberText.exact(f.value))"\(f.low.map { " data-low=\"\(NumberText.exact($0))\"" as HTML } ?? "")\
            \(f.high.map { " data-high=\"\(NumberText.exact($0))\"" as HTML } ?? "")>\(NumberText.fixed(f.value, digits))</span>
            """
        if let lo = f.low, let hi = f.high {
            out +=
                " <span class=\"muted small ci\">\(NumberText.fixed(lo, digits))–\(NumberText.fixed(hi, digits))</span>"
        } else if let r = f.reason {
            out += " <span class=\"muted small\" title=\"no interval: \(r)\">(\(r))</span>"
        }
        return out
    }

    /// The categorical panels.
    static func categorical(
        _ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord, _ r: ScorecardReport
    ) async throws -> HTML {
        var out: HTML = Layout.notes(r.warnings)
        out += """
            <p class="muted small">Figures by method <b>\(r.method)</b>\(r.methodNotes.isEmpty ? "" : ": " + r.methodNotes.joined(separator: "; ")); \
            95% intervals from \(r.bootstrap) bootstrap replicates over items (seed \(String(r.seed))).</p>
            """
        let accuracy = IntervalChart(
            title: "Accuracy by vendor: on gold (where it has gold labels) and estimated from the consensus",
            series: ["gold accuracy", "estimated accuracy"],
            rows: r.vendors.map { v in
                var marks: [IntervalChart.Mark] = []
                if let g = v.goldAccuracy {
                    marks.append(.init(series: 0, value: g.value, low: g.low, high: g.high, reason: g.reason))
                }
                let e = v.estimatedAccuracy
                marks.append(.init(series: 1, value: e.value, low: e.low, high: e.high, reason: e.reason))
                return .init(label: v.vendor, marks: marks)
            }, clip: 0...1)
        out += "<h2>Vendors side by side</h2>" + accuracy.figure()
        out += """
            <div class="card scroll">\(ChartStyle.table(
                ["vendor", "annotators", "labels", "items", "gold labels", "gold accuracy", "estimated accuracy",
                 "α", "flagged", "median s", "cost / label", "total cost", "cost per correct label"],
                r.vendors.map { v in
                    [
                        "<a href=\"\(Layout.vendorPath(p, v.vendor))\">\(v.vendor)</a>", "\(v.annotators)",
                        ChartStyle.count(v.labels), ChartStyle.count(v.items), ChartStyle.count(v.goldLabels),
                        figure(v.goldAccuracy), figure(v.estimatedAccuracy), ChartStyle.cell(v.alpha, 3),
                        flagged(v), ChartStyle.cell(v.medianSeconds, 1), ChartStyle.cell(v.costPerLabel, 4),
                        ChartStyle.cell(v.totalCost, 2), figure(v.costPerCorrectLabel, 4),
                    ]
                }, sortable: true, id: "vendors"))</div>
            """
        out +=
            "<div class=\"card\">" + HTML(r.vendors.map { "<p class=\"reading\">\($0.reading)</p>" })
            + "</div>"
        let costed = r.vendors.filter { $0.costPerCorrectLabel != nil }
        if !costed.isEmpty {
            out += IntervalChart(
                title: "Cost per correct label (cost a label over accuracy), lower is better",
                series: ["cost per correct label"],
                rows: costed.map { v in
                    let c = v.costPerCorrectLabel!
                    return .init(
                        label: v.vendor,
                        marks: [.init(series: 0, value: c.value, low: c.low, high: c.high, reason: c.reason)])
                }, digits: 4
            ).figure()
        }
        out += comparisons(r)
        out += queuePanel(page, p)
        return out
    }

    /// Flagged annotators of a vendor, with their kinds.
    static func flagged(_ v: ScorecardReport.VendorRow) -> HTML {
        let kinds = v.flaggedByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return "<span data-value=\"\(v.flaggedAnnotators)\">\(v.flaggedAnnotators) of \(v.annotators)</span>"
            + (kinds.isEmpty ? "" : "<br><span class=\"muted small\">\(kinds.joined(separator: ", "))</span>")
    }

    /// The comparison matrix (all items, on the report's basis) and every comparison as a row.
    static func comparisons(_ r: ScorecardReport) -> HTML {
        guard !r.comparisons.isEmpty else { return "" }
        let names = r.vendors.map(\.vendor)
        let all = r.comparisons.filter { $0.scope == "all items" }
        var values = [[Double?]](repeating: [Double?](repeating: nil, count: names.count), count: names.count)
        var pairs: [String: ScorecardReport.ComparisonRow] = [:]
        for c in all {
            guard let a = names.firstIndex(of: c.a), let b = names.firstIndex(of: c.b), let d = c.difference
            else {
                continue
            }
            values[a][b] = d.value
            values[b][a] = -d.value
            pairs["\(a) \(b)"] = c
            pairs["\(b) \(a)"] = c
        }
        let rowsOf = pairs
        let magnitude = max(0.02, values.flatMap { $0.compactMap { $0.map(abs) } }.max() ?? 0)
        let basis = all.first?.basis ?? "estimated"
        let matrix = Heatmap(
            title:
                "Vendor comparison: row minus column, accuracy on \(basis == "gold" ? "gold" : "the estimated basis"), all items; Holm-corrected p under each difference",
            rowLabels: names, columnLabels: names, rowAxis: "vendor", columnAxis: "compared with",
            values: values,
            scale: .diverging(magnitude: magnitude), digits: 3,
            describe: { a, b in
                guard let c = rowsOf["\(a) \(b)"], let d = c.difference else { return "" }
                let sign = c.a == names[a] ? 1.0 : -1.0
                var s = "\(names[a]) − \(names[b]): \(NumberText.signed(sign * d.value, 3))"
                if let lo = d.low, let hi = d.high {
                    let (x, y) = sign > 0 ? (lo, hi) : (-hi, -lo)
                    s += " (95% interval \(NumberText.fixed(x, 3)) to \(NumberText.fixed(y, 3)))"
                }
                s += ", p \(NumberText.p(c.p)), Holm-corrected p \(NumberText.p(c.pHolm))"
                if let reason = c.reason { s += " (\(reason))" }
                return s
            },
            note: { a, b in rowsOf["\(a) \(b)"].map { "p " + NumberText.p($0.pHolm) } })
        let table = ChartStyle.table(
            ["a", "b", "scope", "basis", "items", "a − b", "p", "Holm-corrected p", "note"],
            r.comparisons.map { c in
                [
                    "\(c.a)", "\(c.b)", "\(c.scope)", "\(c.basis)", ChartStyle.count(c.items),
                    figure(c.difference),
                    ChartStyle.p(c.p), ChartStyle.p(c.pHolm), "\(c.reason ?? "")",
                ]
            }, text: [0, 1, 2, 3, 8], sortable: true, id: "comparisons")
        return "<h2>Comparisons</h2>"
            + ChartStyle.figure(caption: matrix.title, chart: matrix.svg(), table: matrix.table())
            + "<div class=\"card scroll\">\(table)</div>"
    }

    /// Where the in-house queue stands, and for admins the form that sends items to it.
    static func queuePanel(_ page: PageRequest, _ p: ProjectRecord) -> HTML {
        var out: HTML = """
            <h2>In-house queue</h2><div class="card"><p>Annotators with an <code>annotator:NAME</code> token label \
            this project's least confident items at <code>/queue</code>, with honeypots from the gold mixed in; \
            their work arrives as deliveries of the vendor <b>in-house</b> and is scored beside the others.</p>
            """
        if page.signedIn.role == .admin, let session = page.session {
            out += """
                <form class="inline" method="post" action="\(Layout.projectPath(p, "/queue-batch"))">\
                <input type="hidden" name="csrf" value="\(session.csrf)">\
                <label>Send the <input type="number" name="items" value="50" min="1" max="5000" aria-label="items"> \
                least confident items to the queue as a batch</label>\
                <button class="primary" type="submit">Make batch</button></form>
                """
        }
        return out + "</div>"
    }
}
