// Assay — quality control for human-labelled training data.

import AssayReport
import AssayStore
import Foundation

/// The panels of a pairwise, rating, multi-label or text project: the type's cached report
/// (`AssayServer.typedReport`) drawn as charts beside their numbers. Every figure is the report's.
enum TypedProjectPage {
    /// The type's panels under the project page's head.
    static func render(_ server: AssayServer, _ p: ProjectRecord) async throws -> HTML {
        guard let (typed, _) = try await server.typedReport(p) else { return ProjectPage.noPanels(p) }
        switch typed.value {
        case .pairwise(let r): return pairwise(p, r)
        case .rating(let r): return rating(p, r)
        case .multilabel(let r): return multilabel(p, r)
        case .text(let r): return try await text(server, p, r, answers: 10)
        }
    }

    /// An interval-chart mark of a figure.
    static func mark(_ f: Figure, _ series: Int = 0) -> IntervalChart.Mark {
        .init(series: series, value: f.value, low: f.low, high: f.high, reason: f.reason)
    }

    /// Rows of a long list a chart shows: all of them up to `limit`, else the first and last halves.
    static func shown<T>(_ rows: [T], limit: Int) -> (rows: [T], note: String) {
        guard rows.count > limit else { return (rows, "") }
        return (
            Array(rows.prefix(limit / 2) + rows.suffix(limit / 2)),
            " (the first and last \(limit / 2) of \(rows.count); every one is in the table)"
        )
    }

    /// Flag sentences as a cell.
    static func flags(_ lines: [String]) -> HTML {
        lines.isEmpty ? "" : HTML(lines.map { "<div class=\"flag\">\($0)</div>" })
    }

    /// The table without the `optional` columns whose every cell is one of `empty` (no order pairs,
    /// no costs or durations known): presentation only, the figures stay the report's.
    static func withoutEmptyColumns(
        _ header: [String], _ rows: [[HTML]], optional: Set<Int>, empty: Set<String>
    )
        -> (header: [String], rows: [[HTML]])
    {
        let drop = optional.filter { j in !rows.isEmpty && rows.allSatisfy { empty.contains($0[j].markup) } }
        let keep = header.indices.filter { !drop.contains($0) }
        return (keep.map { header[$0] }, rows.map { row in keep.map { row[$0] } })
    }

    /// The method line above the panels.
    static func methodLine(_ text: HTML) -> HTML { "<p class=\"muted small\">\(text)</p>" }

    // MARK: Pairwise

    /// Leaderboard with score intervals, judges (vendors, LLM judges among them) side by side with
    /// position bias and consistency, each vendor against the others' votes, transitivity.
    static func pairwise(_ p: ProjectRecord, _ r: PairwiseReport) -> HTML {
        var out = methodLine(
            "Object scores by <b>\(r.method)</b>\(r.methodNotes.isEmpty ? "" : ": " + r.methodNotes.joined(separator: "; ")) "
                + "(intervals: \(r.intervalMethod)); per-comparison consensus by <b>\(r.consensusMethod)</b>; "
                + "judge intervals from \(r.bootstrap) bootstrap replicates (seed \(String(r.seed))).")
        let c = r.consensus
        out += """
            <div class="tiles">\(Layout.tile(NumberText.count(r.summary.comparisons), "votes", exact: Double(r.summary.comparisons)))\
            \(Layout.tile("\(r.summary.objects)", "objects"))\(Layout.tile(NumberText.count(r.summary.items), "pairs shown"))\
            \(Layout.tile(NumberText.fixed(c.meanConfidence, 3), "mean consensus confidence", exact: c.meanConfidence))\
            \(Layout.tile("\(c.uncertainItems)", "uncertain pairs (< 0.8)"))\
            \(Layout.tile("\(r.transitivity.cycles) of \(r.transitivity.triangles)", "cycles among supported triangles"))</div>
            """
        let top = shown(r.objects, limit: 40)
        out += "<h2>Leaderboard</h2>"
        out += IntervalChart(
            title: "Object scores (log-strength; a difference of 1 is e:1 odds of winning), 95% intervals"
                + top.note,
            series: ["score"],
            rows: top.rows.map { .init(label: "\($0.rank). \($0.object)", marks: [mark($0.score)]) },
            references: [(0, "average object")]
        ).figure()
        out += """
            <div class="card scroll">\(ChartStyle.table(
                ["rank", "object", "score", "standard error", "votes", "wins", "losses", "ties"],
                r.objects.map { o in
                    [
                        "\(o.rank)", "\(o.object)", ProjectPage.figure(o.score), ChartStyle.cell(o.standardError, 3),
                        ChartStyle.count(o.comparisons), ChartStyle.count(o.wins), ChartStyle.count(o.losses),
                        ChartStyle.count(o.ties),
                    ]
                }, text: [1], sortable: true, id: "leaderboard"))</div>
            """
        out += "<h2>Judges side by side</h2>"
        out += judges(r.vendors, id: "judges", title: "vendor", positionsKnown: r.positionsKnown)
        if !r.judges.isEmpty {
            out += "<h2>Each judge against the others' votes</h2>"
            out += IntervalChart(
                title:
                    "Agreement of each vendor's votes with the other vendors' votes on the same pairs, 95% intervals",
                series: ["ties counted", "ties left out", "against the others' majority"],
                rows: r.judges.map { j in
                    .init(
                        label: j.vendor,
                        marks: [
                            j.withTies.map { mark($0, 0) }, j.withoutTies.map { mark($0, 1) },
                            j.versusMajority.map { mark($0, 2) },
                        ].compactMap { $0 })
                }, clip: 0...1
            ).figure()
            out += """
                <div class="card scroll">\(ChartStyle.table(
                    ["vendor", "against", "agreement, ties counted", "vote pairs", "agreement without ties",
                     "vote pairs", "agreement with the others' majority"],
                    r.judges.map { j in
                        [
                            "\(j.vendor)", "\(j.others.joined(separator: ", "))", ProjectPage.figure(j.withTies),
                            ChartStyle.count(j.pairsWithTies), ProjectPage.figure(j.withoutTies),
                            ChartStyle.count(j.pairsWithoutTies), ProjectPage.figure(j.versusMajority),
                        ]
                    }, text: [0, 1], id: "judge-comparisons"))</div>
                """
        }
        let t = r.transitivity
        out += """
            <h2>Transitivity</h2><div class="card"><p>\(t.comparedPairs) object pairs with decisive votes, \
            \(t.supportedEdges) with a significant majority (α \(NumberText.fixed(t.alpha, 2))), \
            \(t.triangles) triangles of them, <b data-value="\(t.cycles)">\(t.cycles)</b> cycles\
            \(t.cycleShare.map { " (" + NumberText.fixed($0, 3) + ")" } ?? "").</p>\
            \(HTML(t.examples.map { "<p class=\"small muted\">\($0.joined(separator: " · "))</p>" }))</div>
            """
        return out
    }

    /// Judges (vendors or annotators) as charts of position bias and consistency beside a table.
    static func judges(_ rows: [PairwiseReport.JudgeRow], id: String, title: String, positionsKnown: Bool)
        -> HTML
    {
        let name: (PairwiseReport.JudgeRow) -> String = {
            j in j.annotator.map { "\($0) (\(j.vendor))" } ?? j.vendor
        }
        let some = shown(rows, limit: 40)
        var out: HTML = ""
        if positionsKnown {
            out += IntervalChart(
                title: "Position bias by \(title): P(left | no preference), 0.5 is none, 95% intervals"
                    + some.note,
                series: ["position bias"],
                rows: some.rows.map {
                    .init(label: name($0), marks: $0.positionBias.map { [mark($0)] } ?? [])
                },
                clip: 0...1, references: [(0.5, "no position bias")]
            ).figure()
        } else {
            out +=
                "<p class=\"note\">The display order of the votes is unknown, so position bias is unknown.</p>"
        }
        // The order series only when some judge voted on an item in both display orders.
        let ordered = rows.contains { $0.orderInconsistency != nil }
        out += IntervalChart(
            title:
                "Consistency by \(title): agreement with the consensus, reliability"
                + (ordered ? " and order inconsistency" : "") + ", 95% intervals" + some.note,
            series: ["agreement with consensus", "reliability"] + (ordered ? ["order inconsistency"] : []),
            rows: some.rows.map { j in
                .init(
                    label: name(j),
                    marks: [
                        j.agreementWithConsensus.map { mark($0, 0) }, mark(j.reliability, 1),
                        j.orderInconsistency.map { mark($0, 2) },
                    ].compactMap { $0 })
            }, clip: 0...1
        ).figure()
        // The main figures fit 1280 px; the rest (per-pair and order detail, cost) opens below.
        let table = withoutEmptyColumns(
            [
                title, "votes", "tie rate", "agreement with consensus", "position bias", "reliability",
                "gold accuracy", "median s", "flags",
            ],
            rows.map { j in
                [
                    "\(name(j))", ChartStyle.count(j.labels), ProjectPage.figure(j.tieRate),
                    ProjectPage.figure(j.agreementWithConsensus), ProjectPage.figure(j.positionBias),
                    ProjectPage.figure(j.reliability), ProjectPage.figure(j.gold?.accuracy),
                    ChartStyle.cell(j.medianSeconds, 1), flags(j.flags),
                ]
            }, optional: [6, 7], empty: ["—"])
        let more = withoutEmptyColumns(
            [
                title, "pairs", "gold votes", "left share", "order pairs", "order inconsistency",
                "marked inconsistent", "cost / vote",
            ],
            rows.map { j in
                [
                    "\(name(j))", ChartStyle.count(j.items),
                    j.gold.map { ChartStyle.count($0.labels) } ?? "—",
                    ProjectPage.figure(j.leftShare), ChartStyle.count(j.orderPairs),
                    ProjectPage.figure(j.orderInconsistency), ProjectPage.figure(j.flaggedShare),
                    ChartStyle.cell(j.costPerLabel, 4),
                ]
            }, optional: [2, 4, 5, 6, 7], empty: ["—", "<span data-value=\"0\">0</span>"])
        out += """
            <div class="card scroll">\(ChartStyle.table(
                table.header, table.rows, text: [0, table.header.count - 1], sortable: true, id: id))\
            <details><summary>More: pairs, left share, order consistency, cost</summary>\
            \(ChartStyle.table(more.header, more.rows, text: [0], sortable: true, id: id + "-more"))</details></div>
            """
        return out
    }

    // MARK: Rating

    /// Vendors' and raters' severity with intervals, noise, known-answer checks when present.
    static func rating(_ p: ProjectRecord, _ r: RatingReport) -> HTML {
        let scale = r.scale
        var out = methodLine(
            "Consensus by <b>\(r.method)</b>\(r.methodNotes.isEmpty ? "" : ": " + r.methodNotes.joined(separator: "; ")); "
                + "scale \(NumberText.fixed(scale.minimum, 2)) to \(NumberText.fixed(scale.maximum, 2))"
                + "\(scale.step.map { ", step " + NumberText.fixed($0, 2) } ?? ""), \(scale.level); vendor intervals from "
                + "\(r.bootstrap) bootstrap replicates (seed \(String(r.seed))).")
        out += """
            <div class="tiles">\(Layout.tile(NumberText.count(r.summary.ratings), "ratings", exact: Double(r.summary.ratings)))\
            \(Layout.tile("\(r.summary.raters)", "raters"))\
            \(Layout.tile(NumberText.fixed(r.consensus.meanValue, 2), "mean consensus", exact: r.consensus.meanValue))\
            \(Layout.tile(NumberText.fixed(r.consensus.meanIntervalWidth, 2), "mean interval width", exact: r.consensus.meanIntervalWidth))\
            \(Layout.tile(NumberText.fixed(r.summary.ratingSD, 2), "SD of all ratings", exact: r.summary.ratingSD))</div>
            """
        if let c = r.checks {
            out += """
                <div class="card"><p>Known-answer checks: <b data-value="\(c.passed)">\(c.passed)</b> of \
                <span data-value="\(c.checks)">\(c.checks)</span> passed by \(c.ratersChecked) raters; rank \
                correlation of pass rate with severity \(NumberText.fixed(c.rankCorrelationWithSeverity, 3)).</p></div>
                """
        }
        out += "<h2>Vendors side by side</h2>"
        out += IntervalChart(
            title:
                "Severity by vendor: mean offset from the consensus in scale units (negative rates lower), 95% intervals",
            series: ["severity"], rows: r.vendors.map { .init(label: $0.vendor, marks: [mark($0.severity)]) },
            digits: 2, references: [(0, "the consensus")]
        ).figure()
        out += """
            <div class="card scroll">\(ChartStyle.table(
                ["vendor", "raters", "ratings", "items", "severity", "noise", "r with consensus", "checks",
                 "pass rate", "median s", "cost / rating"],
                r.vendors.map { v in
                    [
                        "<a href=\"\(Layout.vendorPath(p, v.vendor))\">\(v.vendor)</a>", "\(v.raters)",
                        ChartStyle.count(v.ratings), ChartStyle.count(v.items), ProjectPage.figure(v.severity, 2),
                        ChartStyle.cell(v.noise, 2), ChartStyle.cell(v.correlationWithConsensus, 3),
                        ChartStyle.count(v.checks), ProjectPage.figure(v.passRate), ChartStyle.cell(v.medianSeconds, 1),
                        ChartStyle.cell(v.costPerLabel, 4),
                    ]
                }, sortable: true, id: "vendors"))</div>
            """
        out += "<h2>Rater severity</h2>" + raterChart(r.raters)
        return out
    }

    /// The raters' severity chart, harshest first.
    static func raterChart(_ raters: [RatingReport.RaterRow]) -> HTML {
        let some = shown(raters, limit: 40)
        return IntervalChart(
            title: "Severity by rater, harshest first, 95% intervals" + some.note, series: ["severity"],
            rows: some.rows.map {
                .init(label: "\($0.annotator) (\($0.vendor))", marks: [mark($0.severity)])
            },
            digits: 2, references: [(0, "the consensus")]
        ).figure()
    }

    /// Every rater: severity, noise, correlation, checks, flags.
    static func raterTable(_ raters: [RatingReport.RaterRow]) -> HTML {
        """
        <div class="card scroll">\(ChartStyle.table(
            ["rank", "rater", "vendor", "ratings", "items", "severity", "noise", "r with consensus", "checks",
             "pass rate", "median s", "flags"],
            raters.map { a in
                [
                    "\(a.rank)", "\(a.annotator)", "\(a.vendor)", ChartStyle.count(a.ratings), ChartStyle.count(a.items),
                    ProjectPage.figure(a.severity, 2), ChartStyle.cell(a.noise, 2),
                    ChartStyle.cell(a.correlationWithConsensus, 3), ChartStyle.count(a.checks),
                    ProjectPage.figure(a.passRate), ChartStyle.cell(a.medianSeconds, 1), flags(a.flags),
                ]
            }, text: [1, 2, 11], sortable: true, id: "raters"))</div>
        """
    }

    // MARK: Multi-label

    /// Per class: consensus share and α with its interval; vendors' mean precision and recall.
    static func multilabel(_ p: ProjectRecord, _ r: MultiLabelReport) -> HTML {
        var out = methodLine(
            "Consensus per class by <b>\(r.method)</b> (a class is in an item's set above posterior "
                + "\(NumberText.fixed(r.threshold, 2))); α intervals from \(r.bootstrap) bootstrap replicates "
                + "(seed \(String(r.seed))).")
        out += """
            <div class="tiles">\(Layout.tile(NumberText.count(r.summary.labels), "label sets", exact: Double(r.summary.labels)))\
            \(Layout.tile("\(r.classes.count)", "classes"))\(Layout.tile(NumberText.count(r.summary.emptyLabels), "empty sets"))</div>
            <h2>Classes</h2>
            """
        out += IntervalChart(
            title: "Krippendorff's α per class (present or absent), 95% intervals", series: ["α"],
            rows: r.perClass.map { .init(label: $0.className, marks: $0.alpha.map { [mark($0)] } ?? []) },
            clip: -1...1
        ).figure()
        out += """
            <div class="card scroll">\(ChartStyle.table(
                ["class", "items in consensus", "prevalence", "labels marking it", "α", "note"],
                r.perClass.map { c in
                    [
                        "\(c.className)", ChartStyle.count(c.consensusItems), ChartStyle.cell(c.prevalence, 3),
                        ChartStyle.count(c.marked), ProjectPage.figure(c.alpha), "\(c.alphaUndefinedReason ?? "")",
                    ]
                }, text: [0, 5], sortable: true, id: "classes"))</div>
            <h2>Vendors side by side</h2>
            """
        out += multilabelTable(r.vendors, id: "vendors")
        return out
    }

    /// Annotators' or vendors' mean precision and recall against the consensus, with flags.
    static func multilabelTable(_ rows: [MultiLabelReport.AnnotatorRow], id: String) -> HTML {
        """
        <div class="card scroll">\(ChartStyle.table(
            ["vendor", "annotator", "annotators", "labels", "mean precision", "mean recall", "flags"],
            rows.map { a in
                [
                    "\(a.vendor)", "\(a.annotator ?? "")", "\(a.annotators)", ChartStyle.count(a.labels),
                    ChartStyle.cell(a.meanPrecision, 3), ChartStyle.cell(a.meanRecall, 3), flags(a.flags),
                ]
            }, text: [0, 1, 6], sortable: true, id: id))</div>
        """
    }

    // MARK: Text

    /// Vendors' word error rate and near-duplicate share, the least confident answers with their
    /// consensus, and the near-duplicate pairs.
    static func text(_ server: AssayServer, _ p: ProjectRecord, _ r: TextReport, answers: Int) async throws
        -> HTML
    {
        var out = methodLine(
            "Consensus by <b>\(r.method)</b> (\(r.iterations) reliability rounds); agreement intervals from "
                + "\(r.bootstrap) bootstrap replicates (seed \(String(r.seed))).")
        let n = r.nearDuplicates
        out += """
            <div class="tiles">\(Layout.tile(NumberText.count(r.summary.answers), "answers", exact: Double(r.summary.answers)))\
            \(Layout.tile(NumberText.fixed(r.consensus.meanConfidence, 3), "mean consensus confidence", exact: r.consensus.meanConfidence))\
            \(Layout.tile(NumberText.count(r.consensus.assembledItems), "assembled from several answers"))\
            \(Layout.tile(NumberText.count(n.pairs), "near-duplicate pairs", exact: Double(n.pairs)))\
            \(Layout.tile(NumberText.count(n.copyPaste), "copy-paste pairs", exact: Double(n.copyPaste)))</div>
            <h2>Vendors side by side</h2>
            """
        out += SeriesChart(
            title: "Word error rate against the consensus by vendor (lower is better)",
            valueName: "word error rate",
            kind: .bars, points: r.vendors.map { .init(label: $0.vendor, value: $0.wordErrorRate) }
        ).figure()
        out += writerTable(r.vendors, id: "vendors")
        out += "<h2>Least confident answers</h2>" + (try await answersPanel(server, p, count: answers))
        out += "<h2>Near-duplicate answers</h2>" + nearDuplicates(n)
        return out
    }

    /// Writers' or vendors' cards.
    static func writerTable(_ rows: [TextReport.WriterRow], id: String) -> HTML {
        """
        <div class="card scroll">\(ChartStyle.table(
            ["vendor", "writer", "answers", "word error rate", "word edits", "consensus words", "median words",
             "compared", "copied", "near-duplicate share", "weight", "flags"],
            rows.map { w in
                [
                    "\(w.vendor)", "\(w.annotator ?? "")", ChartStyle.count(w.answers), ChartStyle.cell(w.wordErrorRate, 3),
                    ChartStyle.count(w.errors), ChartStyle.count(w.consensusWords), ChartStyle.cell(w.medianLength, 1),
                    ChartStyle.count(w.comparedAnswers), ChartStyle.count(w.copiedAnswers),
                    ChartStyle.cell(w.nearDuplicateShare, 3), ChartStyle.cell(w.reliability, 3), flags(w.flags),
                ]
            }, text: [0, 1, 11], sortable: true, id: id))</div>
        """
    }

    /// The near-duplicate pairs the report lists.
    static func nearDuplicates(_ n: TextReport.NearDuplicateSummary) -> HTML {
        """
        <p>\(n.pairs) pairs at or above the similarity threshold: \(n.exact) exact, \(n.crossVendor) across vendors, \
        \(n.copyPaste) flagged as copy-paste (the consensus does not explain them)\
        \(n.examples.count < n.pairs ? "; the first \(n.examples.count) below" : "").</p>\
        <div class="card scroll">\(ChartStyle.table(
            ["first item", "writer", "vendor", "second item", "writer", "vendor", "similarity", "exact", "copy-paste"],
            n.examples.map { e in
                [
                    "\(e.firstItem)", "\(e.firstAnnotator)", "\(e.firstVendor)", "\(e.secondItem)",
                    "\(e.secondAnnotator)", "\(e.secondVendor)", ChartStyle.cell(e.similarity, 3),
                    e.exact ? "yes" : "", e.copyPaste ? "<b>yes</b>" : "",
                ]
            }, text: [0, 1, 2, 3, 4, 5, 7, 8], id: "near-duplicates"))</div>
        """
    }

    /// The `count` least confident items of a text project: the consensus, its confidence and every
    /// answer with its writer (the cached consensus; items ordered, nothing computed).
    static func answersPanel(_ server: AssayServer, _ p: ProjectRecord, count: Int) async throws -> HTML {
        guard let (inference, _) = try await server.typedInference(p), case .text(let set, let c) = inference
        else { return "" }
        let idx = set.index
        let items = (0..<set.itemCount).filter { !idx.labels(ofItem: $0).isEmpty }
            .sorted { (c.confidence[$0], $0) < (c.confidence[$1], $1) }.prefix(count)
        return HTML(
            items.map { i in
                let row = TextConsensusRow(item: i, of: set, consensus: c)
                let answers = HTML(
                    idx.labels(ofItem: i).map { l in
                        let a = Int(idx.annotator[l])
                        return
                            "<li><span class=\"muted small\">\(idx.annotatorIDs[a]) (\(idx.vendorIDs[Int(idx.annotatorVendor[a])]))</span> \(set.answers[l])</li>"
                    })
                return """
                    <div class="card answer"><p><b>\(row.item)</b> · consensus confidence \
                    <span data-value="\(NumberText.exact(row.confidence))">\(NumberText.fixed(row.confidence, 3))</span>\
                    \(row.sourceAnnotator.map { " · the answer of " + $0 } ?? " · assembled from several answers")</p>\
                    <p class="consensus">\(row.text)</p><ul class="answers">\(answers)</ul></div>
                    """
            })
    }
}
