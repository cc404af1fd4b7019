// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import AssayStore
import Foundation

/// The buyer's decisions on one categorical project, each from the same computation as its API
/// route: the sourcing plan (a form for budget and caps), the items needing another label, the
/// acceptance of the latest deliveries (a form for the contract), drift charts and fraud findings.
enum DecisionsPage {
    /// The page's defaults where the query says nothing.
    static let defaults = [
        "budget": "1000", "max_share": "0.5", "min_share": "0.05", "aql": "0.05", "ltpd": "0.2",
    ]
    /// Deliveries judged in the acceptance panel.
    static let recentDeliveries = 10
    /// Requests listed in the next-labels panel.
    static let requestsShown = 50
    /// Drift alarms listed.
    static let alarmsShown = 20

    /// The page's content.
    static func render(_ server: AssayServer, _ page: PageRequest, _ p: ProjectRecord) async throws -> HTML {
        var out: HTML = """
            <p class="crumbs"><a href="/projects">Projects</a> › <a href="\(Layout.projectPath(p))">\(p.name)</a> › \
            decisions</p><h1>Decisions</h1><p class="lede">Where the next batch should go, which items need \
            another label, whether to accept the latest deliveries, and what has drifted or looks like fraud. \
            The same figures as the API's <code>/v1/projects/…/plan</code>, <code>next</code>, \
            <code>acceptance</code>, <code>drift</code> and <code>fraud</code>.</p>
            """
        guard p.taskType == "categorical" else {
            return out
                + "<p class=\"card\">\(DecisionProject.unsupported(project: p.name, type: p.taskType).message).</p>"
        }
        guard try await server.counts(of: p).labels > 0 else {
            return out + "<p class=\"card\">No labels yet.</p>"
        }
        let query = DecisionQuery { page.query($0) ?? defaults[$0] }
        out += try await plan(server, p, query)
        out += try await next(server, p)
        out += try await acceptance(server, p, query)
        out += try await drift(server, p)
        out += try await fraud(server, p)
        return out
    }

    /// A panel's figures, or its problem as a note (a bad parameter or a decision that cannot be made).
    static func panel(_ make: () async throws -> HTML) async throws -> HTML {
        do { return try await make() } catch let problem as Problem
            where problem.status == 400 || problem.status == 422
        {
            return "<p class=\"note\" role=\"alert\">\(problem.detail)</p>"
        }
    }

    /// A number input of a GET form, showing the value asked for.
    static func field(_ name: String, _ label: String, _ query: DecisionQuery, step: String = "any") -> HTML {
        """
        <label>\(label) <input type="number" name="\(name)" value="\(query.value(name) ?? "")" step="\(step)" \
        min="0" aria-label="\(label)"></label>
        """
    }

    /// The other form's parameters, carried along so that one form does not reset the other.
    static func carried(_ names: [String], _ query: DecisionQuery) -> HTML {
        HTML(
            names.compactMap { n in
                query.value(n).map { "<input type=\"hidden\" name=\"\(n)\" value=\"\($0)\">" as HTML }
            })
    }

    // MARK: sourcing plan

    static func plan(_ server: AssayServer, _ p: ProjectRecord, _ query: DecisionQuery) async throws -> HTML {
        var out: HTML = """
            <h2 id="plan">Sourcing plan</h2><div class="card"><form class="inline" method="get" \
            action="\(Layout.projectPath(p, "/decisions"))#plan">\(field("budget", "Budget", query))\
            \(field("max_share", "Most share", query))\(field("min_share", "Least share", query))\
            \(carried(["aql", "ltpd"], query))<button class="primary" type="submit">Plan</button></form></div>
            """
        out += try await panel {
            let decision = try await server.sourcingPlan(p, try query.sourcing)
            let plan = decision.plan
            var html: HTML = """
                <div class="tiles">\(Layout.tile(NumberText.fixed(plan.expectedCorrect, 0), "expected correct labels", exact: plan.expectedCorrect))\
                \(Layout.tile(NumberText.fixed(plan.priceOfDiversification, 0), "price of diversification (correct labels)", exact: plan.priceOfDiversification))\
                \(Layout.tile(NumberText.fixed(plan.concentration, 3), "concentration (HHI)", exact: plan.concentration))</div>
                """
            if !decision.unpriced.isEmpty {
                html += Layout.notes([
                    "Left out, no price known: \(decision.unpriced.joined(separator: ", "))."
                ])
            }
            html += SeriesChart(
                title: "Share of the budget for each vendor", valueName: "share", kind: .bars,
                points: plan.vendors.map { .init(label: $0.vendor, value: $0.share) }, clip: 0...1
            ).figure()
            var cost = IntervalChart(
                title: "Cost per correct label, with 90% intervals", series: ["cost per correct label"],
                rows: plan.vendors.map { v in
                    .init(
                        label: v.vendor,
                        marks: [
                            .init(
                                series: 0, value: v.costPerCorrect, low: v.costPerCorrectInterval.low,
                                high: v.costPerCorrectInterval.high)
                        ])
                }, digits: 4)
            cost.level = "90%"
            html += cost.figure()
            html += """
                <div class="card scroll">\(ChartStyle.table(
                    ["vendor", "share", "labels", "cost", "price", "accuracy", "cost per correct", "P(best per dollar)"],
                    plan.vendors.map { v in
                        [
                            "\(v.vendor)", ChartStyle.cell(v.share, 3), ChartStyle.cell(v.labels, 0), ChartStyle.cell(v.cost, 2),
                            ChartStyle.cell(v.price, 4), ChartStyle.cell(v.accuracy, 3), ChartStyle.cell(v.costPerCorrect, 4),
                            ChartStyle.cell(v.probabilityBest, 3),
                        ]
                    }, id: "plan-vendors"))</div><p class="muted">\(plan.reading)</p>
                """
            return html
        }
        return out
    }

    // MARK: next labels

    static func next(_ server: AssayServer, _ p: ProjectRecord) async throws -> HTML {
        let plan = try await server.redundancyPlan(p, RedundancyDecision.Parameters())
        var out: HTML = """
            <h2 id="next">Next labels</h2><p class="muted">Items stop at confidence \
            \(NumberText.fixed(plan.target, 2)); the others are ranked by the confidence one more label is \
            expected to add per unit of price.</p><div class="tiles">\
            \(Layout.tile(NumberText.count(plan.done), "items done", exact: Double(plan.done)))\
            \(Layout.tile(NumberText.count(plan.needing), "items needing a label", exact: Double(plan.needing)))\
            \(Layout.tile(NumberText.count(plan.requested), "labels to ask for", exact: Double(plan.requested)))</div>
            """
        if !plan.perVendor.isEmpty {
            out += SeriesChart(
                title: "Labels to ask each vendor for", valueName: "labels", kind: .bars,
                points: plan.perVendor.map { .init(label: $0.vendor, value: Double($0.labels)) }, digits: 0,
                color: 2
            ).figure()
        }
        if !plan.requests.isEmpty {
            out += """
                <details class="card"><summary>The first \(min(requestsShown, plan.requests.count)) of \
                \(NumberText.count(plan.requests.count)) requests</summary><div class="scroll">\(ChartStyle.table(
                    ["item", "label now", "confidence", "labels", "ask", "expected confidence"],
                    plan.requests.prefix(requestsShown).map { r in
                        [
                            "\(r.item)", "\(r.label)", ChartStyle.cell(r.confidence, 4), ChartStyle.count(r.labels),
                            "\(r.vendor)", ChartStyle.cell(r.expectedConfidence, 4),
                        ]
                    }, text: [0, 1, 4], id: "next-requests"))</div></details>
                """
        }
        return out
    }

    // MARK: acceptance

    static func acceptance(_ server: AssayServer, _ p: ProjectRecord, _ query: DecisionQuery) async throws
        -> HTML
    {
        var out: HTML = """
            <h2 id="acceptance">Acceptance of the latest deliveries</h2><div class="card"><form class="inline" \
            method="get" action="\(Layout.projectPath(p, "/decisions"))#acceptance">\(field("aql", "AQL", query))\
            \(field("ltpd", "LTPD", query))\(carried(["budget", "max_share", "min_share"], query))\
            <button class="primary" type="submit">Judge</button></form></div>
            """
        out += try await panel {
            let contract = try query.acceptance
            let project = try await server.decisionProject(p, byDelivery: true)
            let audits = try await server.deliveryAudits(p, project)
            let recent = project.deliveries.indices.suffix(recentDeliveries).reversed()
            var rows: [[HTML]] = []
            var chart: [IntervalChart.Row] = []
            for d in recent {
                let delivery = project.deliveries[d]
                let name: HTML = "\(delivery.name)"
                do {
                    let r = try project.acceptance(of: String(delivery.id), contract, audits: audits).result
                    let last = r.switching.last
                    rows.append([
                        name, "\(delivery.vendor)", ChartStyle.count(r.lotSize), ChartStyle.count(r.audited),
                        ChartStyle.count(r.defects), "\(r.plan.n) / \(r.plan.c)", "\(r.decision)",
                        ChartStyle.cell(r.posterior.aboveAQL, 3), "\(last?.state.rawValue ?? "")",
                    ])
                    let posterior = r.posterior
                    chart.append(
                        .init(
                            label: delivery.name,
                            marks: [
                                .init(
                                    series: 0, value: posterior.mean, low: posterior.interval.low,
                                    high: posterior.interval.high)
                            ]))
                } catch let e as DecisionProblem {
                    rows.append([
                        name, "\(delivery.vendor)", ChartStyle.count(delivery.rows), "", "", "",
                        "\(e.message)", "", "",
                    ])
                }
            }
            var defects = IntervalChart(
                title:
                    "Defect rate of each recent delivery (posterior mean, 90% interval; newest first) against AQL and LTPD",
                series: ["defect rate"], rows: chart, clip: 0...1,
                references: [(contract.aql, "AQL"), (contract.ltpd, "LTPD")])
            defects.level = "90%"
            var html = defects.figure()
            html += """
                <div class="card scroll">\(ChartStyle.table(
                    ["delivery", "vendor", "labels", "audited", "wrong", "plan n / c", "decision", "P(defect rate > AQL)", "inspection"],
                    rows, text: [0, 1, 5, 6, 8], id: "acceptance-deliveries"))</div>
                """
            return html
        }
        return out
    }

    // MARK: drift

    static func drift(_ server: AssayServer, _ p: ProjectRecord) async throws -> HTML {
        let report = try await server.drift(p, DriftDecision.Parameters())
        var out: HTML = "<h2 id=\"drift\">Drift</h2>"
        if report.alarms.isEmpty {
            out += "<p class=\"good\">No alarms.</p>"
        } else {
            // Vendors' alarms first; a long list of annotators' is cut (the API lists every one).
            let alarms =
                report.alarms.filter { $0.scope == "vendor" } + report.alarms.filter { $0.scope != "vendor" }
            out += "<p><b>\(NumberText.count(alarms.count))</b> alarms.</p>"
            out += Layout.notes(alarms.prefix(alarmsShown).map { "\($0.kind): \($0.message)" })
            if alarms.count > alarmsShown {
                out +=
                    "<p class=\"muted\">… and \(NumberText.count(alarms.count - alarmsShown)) more (the API's drift lists every one).</p>"
            }
        }
        var mix: [[HTML]] = []
        for s in report.series where s.scope == "vendor" {
            let alarm = s.alarms.first { $0.kind == "accuracy" }.flatMap { a in
                s.points.firstIndex { $0.delivery == a.delivery }
            }
            out += ControlChart(
                title: "\(s.vendor): gold accuracy per delivery and its EWMA between control limits",
                points: s.points.map {
                    .init(
                        label: $0.name, observed: $0.accuracy, ewma: $0.accuracyChart?.ewma,
                        lower: $0.accuracyChart?.lower, upper: $0.accuracyChart?.upper)
                }, center: s.baselineAccuracy, alarm: alarm
            ).figure()
            for n in s.notes { out += Layout.notes(["\(s.vendor): \(n)"]) }
            for pt in s.points {
                mix.append([
                    "\(s.vendor)", "\(pt.name)", ChartStyle.count(pt.labels), ChartStyle.count(pt.goldLabels),
                    ChartStyle.cell(pt.shift?.psi, 3), ChartStyle.p(pt.shiftAdjustedP),
                    ChartStyle.cell(pt.seconds, 1),
                ])
            }
        }
        out += """
            <details class="card"><summary>Label mix (PSI, χ² p adjusted) and seconds per label, by delivery</summary>\
            <div class="scroll">\(ChartStyle.table(
                ["vendor", "delivery", "labels", "gold labels", "PSI", "adjusted p", "seconds"], mix, text: [0, 1], id: "drift-mix"))\
            </div></details>
            """
        return out
    }

    // MARK: fraud

    static func fraud(_ server: AssayServer, _ p: ProjectRecord) async throws -> HTML {
        let report = try await server.fraud(p, FraudDecision.Parameters())
        let flagged = report.pairs.filter(\.flagged).count
        var out: HTML = """
            <h2 id="fraud">Fraud</h2><div class="tiles">\
            \(Layout.tile(NumberText.count(report.pairsTested), "annotator pairs tested", exact: Double(report.pairsTested)))\
            \(Layout.tile(NumberText.count(flagged), "pairs flagged at FDR \(NumberText.fixed(report.level, 2))", exact: Double(flagged)))\
            \(Layout.tile(NumberText.count(report.groups.count), "groups", exact: Double(report.groups.count)))</div>
            """
        if !report.pairs.isEmpty {
            out += """
                <div class="card scroll">\(ChartStyle.table(
                    ["pair", "vendors", "shared items", "shared wrong", "expected wrong", "BH q", "flag", "evidence"],
                    report.pairs.map { r in
                        [
                            "\(r.firstName) ~ \(r.secondName)", "\(r.firstVendor) / \(r.secondVendor)", ChartStyle.count(r.sharedItems),
                            ChartStyle.count(r.sharedWrong), ChartStyle.cell(r.expectedWrong, 1), ChartStyle.p(r.q),
                            r.flagged ? "<span class=\"pill bad\">flagged</span>" : "", "\(r.evidence)",
                        ]
                    }, text: [0, 1, 6, 7], id: "fraud-pairs"))</div>
                """
        }
        if !report.groups.isEmpty {
            out += ChartStyle.table(
                ["group", "vendors", "flagged pairs", "BH q"],
                report.groups.map { g in
                    [
                        "\(g.members.joined(separator: ", "))", "\(g.vendors.joined(separator: ", "))",
                        ChartStyle.count(g.pairs), ChartStyle.p(g.q),
                    ]
                }, text: [0, 1], id: "fraud-groups")
        }
        if !report.annotators.isEmpty {
            out += """
                <div class="card scroll">\(ChartStyle.table(
                    ["annotator", "vendor", "finding", "labels", "BH q", "flag", "evidence"],
                    report.annotators.map { f in
                        [
                            "\(f.name)", "\(f.vendor)", "\(f.kind)", ChartStyle.count(f.labels), ChartStyle.p(f.q),
                            f.flagged ? "<span class=\"pill bad\">flagged</span>" : "", "\(f.evidence)",
                        ]
                    }, text: [0, 1, 2, 5, 6], id: "fraud-annotators"))</div>
                """
        }
        return out
    }
}
