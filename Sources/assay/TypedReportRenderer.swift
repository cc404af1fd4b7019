// Assay — quality control for human-labelled training data.

import AssayReport
import Foundation

/// Renders a pairwise, rating, text or multi-label report as text or Markdown (JSON is the
/// report's own encoding): sections of tables and lines made from the report's fields; no figure
/// is computed here.
struct TypedReportRenderer {
    /// One titled part of a report.
    struct Section {
        var title: String
        var lines: [String] = []
        var header: [String] = []
        var rows: [[String]] = []
    }

    /// The sections, given the escaping of names from the data.
    let sections: (ReportRenderer.Escaping) -> [Section]

    /// The report as text tables.
    func plain() -> String {
        sections(.text).map { s in
            var out = s.title + "\n"
            for l in s.lines { out += l + "\n" }
            if !s.header.isEmpty { out += ReportRenderer.textTable(s.header, s.rows) + "\n" }
            return out
        }.joined(separator: "\n")
    }

    /// The report as Markdown.
    func markdown() -> String {
        sections(.markdown).map { s in
            var out = "## \(s.title)\n\n"
            if !s.lines.isEmpty { out += s.lines.map { "- \($0)" }.joined(separator: "\n") + "\n\n" }
            if !s.header.isEmpty { out += ReportRenderer.markdownTable(s.header, s.rows) + "\n\n" }
            return out
        }.joined()
    }

    static func figure(_ f: Figure?, _ digits: Int = 3) -> String { ReportRenderer.figure(f, digits: digits) }
    static func number(_ v: Double?, _ f: String = "%.3f") -> String {
        v.map { String(format: f, $0) } ?? "—"
    }

    /// Agreement rows as a section.
    static func agreement(_ rows: [AgreementReport.Row], _ e: ReportRenderer.Escaping) -> Section {
        Section(
            title: "Agreement (95% bootstrap intervals over items)",
            header: ["group", "metric", "level", "class", "value", "items", "pairs", "reading"],
            rows: rows.map { r in
                [
                    r.group.map(e.apply) ?? "all", r.metric, r.level, r.className.map(e.apply) ?? "",
                    r.value.map {
                        figure(Figure(value: $0, low: r.ciLow, high: r.ciHigh, reason: r.ciReason), 4)
                    } ?? "undefined: \(r.undefinedReason ?? "")", "\(r.items)", r.pairs.map { "\($0)" } ?? "",
                    r.interpretation,
                ]
            })
    }

    /// Flags as lines `vendor/annotator: flag`.
    static func flags(
        _ cards: [(vendor: String, who: String?, flags: [String])], _ e: ReportRenderer.Escaping
    )
        -> Section
    {
        let flagged = cards.filter { !$0.flags.isEmpty }
        return Section(
            title: "Flags (\(flagged.count))",
            lines: flagged.flatMap { c in
                c.flags.map { "\(e.apply(c.vendor))\(c.who.map { "/" + e.apply($0) } ?? ""): \(e.apply($0))" }
            })
    }

    init(_ r: PairwiseReport) {
        sections = { e in
            let objects = Section(
                title:
                    "Objects, most preferred first (method \(r.method); \(r.summary.comparisons) comparisons of "
                    + "\(r.summary.objects) objects; 95% intervals: \(r.intervalMethod))",
                lines: r.methodNotes,
                header: ["rank", "object", "score", "comparisons", "wins", "losses", "ties"],
                rows: r.objects.map {
                    [
                        "\($0.rank)", e.apply($0.object), Self.figure($0.score), "\($0.comparisons)",
                        "\($0.wins)", "\($0.losses)", "\($0.ties)",
                    ]
                })
            let c = r.consensus
            let consensus = Section(
                title: "Per-comparison consensus (\(r.consensusMethod))",
                lines: [
                    "\(c.items) shown pairs: first better \(c.firstBetter), second better \(c.secondBetter), tie \(c.ties); "
                        + String(
                            format: "mean confidence %.3f; %d below 0.8; ", c.meanConfidence, c.uncertainItems
                        )
                        + "\(c.itemsWithTwoOrMoreVotes) with two or more votes"
                ] + r.consensusNotes)
            let header = [
                "vendor", "annotator", "votes", "agrees with consensus", "reliability", "position bias",
                "tie rate",
                "order inconsistency", "marked inconsistent by the source", "flags",
            ]
            func rows(_ cards: [PairwiseReport.JudgeRow]) -> [[String]] {
                cards.map {
                    [
                        e.apply($0.vendor),
                        $0.annotator.map(e.apply)
                            ?? "(\($0.annotators) annotator\($0.annotators == 1 ? "" : "s"))", "\($0.labels)",
                        Self.figure($0.agreementWithConsensus), Self.figure($0.reliability),
                        Self.figure($0.positionBias),
                        Self.figure($0.tieRate), Self.figure($0.orderInconsistency),
                        Self.figure($0.flaggedShare),
                        "\($0.flags.count)",
                    ]
                }
            }
            var out = [
                objects, consensus,
                Section(title: "Vendors, each as one judge", header: header, rows: rows(r.vendors)),
                Section(title: "Annotators, least reliable first", header: header, rows: rows(r.annotators)),
                Self.agreement(r.agreement, e),
            ]
            if !r.judges.isEmpty {
                out.append(
                    Section(
                        title: "Each vendor against the other vendors' votes",
                        header: [
                            "vendor", "others", "with ties", "without ties", "vote pairs",
                            "versus their majority",
                        ],
                        rows: r.judges.map {
                            [
                                e.apply($0.vendor), $0.others.map(e.apply).joined(separator: ", "),
                                Self.figure($0.withTies),
                                Self.figure($0.withoutTies), "\($0.pairsWithTies)",
                                Self.figure($0.versusMajority),
                            ]
                        }))
            }
            let t = r.transitivity
            out.append(
                Section(
                    title: "Transitivity",
                    lines: [
                        "\(t.cycles) cycles among \(t.triangles) triangles of \(t.supportedEdges) supported pairs "
                            + "(of \(t.comparedPairs) compared; binomial test at \(t.alpha))"
                    ] + t.examples.map { $0.map(e.apply).joined(separator: ", ") }))
            out.append(Self.flags((r.vendors + r.annotators).map { ($0.vendor, $0.annotator, $0.flags) }, e))
            return out
        }
    }

    init(_ r: RatingReport) {
        sections = { e in
            let scale = r.scale
            var out = [
                Section(
                    title:
                        "Raters, harshest first (method \(r.method); severity = offset from the consensus, "
                        + "95% intervals)",
                    lines: [
                        "scale \(scale.minimum.map { String(format: "%g", $0) } ?? "")..\(scale.maximum.map { String(format: "%g", $0) } ?? "")"
                            + (scale.step.map { " in steps of \(String(format: "%g", $0))" } ?? ", continuous")
                            + " (\(scale.level)); \(r.summary.ratings) ratings of \(r.summary.items) items by "
                            + "\(r.summary.raters) raters; mean interval width "
                            + String(format: "%.3g", r.consensus.meanIntervalWidth)
                    ] + r.methodNotes,
                    header: [
                        "rank", "vendor", "rater", "ratings", "severity", "noise", "r with consensus",
                        "checks passed", "flags",
                    ],
                    rows: r.raters.map {
                        [
                            "\($0.rank)", e.apply($0.vendor), e.apply($0.annotator), "\($0.ratings)",
                            Self.figure($0.severity),
                            Self.number($0.noise), Self.number($0.correlationWithConsensus),
                            $0.checks > 0
                                ? "\($0.checksPassed)/\($0.checks) \(Self.figure($0.passRate, 2))" : "—",
                            "\($0.flags.count)",
                        ]
                    }),
                Section(
                    title:
                        "Vendors (severity: mean offset from the consensus, 95% bootstrap interval over items)",
                    header: [
                        "vendor", "raters", "ratings", "severity", "noise", "r with consensus",
                        "checks passed",
                    ],
                    rows: r.vendors.map {
                        [
                            e.apply($0.vendor), "\($0.raters)", "\($0.ratings)", Self.figure($0.severity),
                            Self.number($0.noise),
                            Self.number($0.correlationWithConsensus),
                            $0.checks > 0
                                ? "\($0.checksPassed)/\($0.checks) \(Self.figure($0.passRate, 2))" : "—",
                        ]
                    }),
                Self.agreement(r.agreement, e),
            ]
            if let k = r.checks {
                out.append(
                    Section(
                        title: "Known-answer checks",
                        lines: [
                            "\(k.passed) of \(k.checks) passed by \(k.ratersChecked) raters; Spearman ρ between pass rate "
                                + "and severity \(Self.number(k.rankCorrelationWithSeverity))"
                        ]))
            }
            out.append(Self.flags(r.raters.map { ($0.vendor, $0.annotator, $0.flags) }, e))
            return out
        }
    }

    init(_ r: TextReport) {
        sections = { e in
            let header = [
                "vendor", "writer", "answers", "WER vs consensus", "median words", "near-duplicate share",
                "flags",
            ]
            func rows(_ cards: [TextReport.WriterRow]) -> [[String]] {
                cards.map {
                    [
                        e.apply($0.vendor),
                        $0.annotator.map(e.apply)
                            ?? "(\($0.annotators) writer\($0.annotators == 1 ? "" : "s"))", "\($0.answers)",
                        Self.number($0.wordErrorRate), Self.number($0.medianLength, "%.1f"),
                        "\(Self.number($0.nearDuplicateShare)) (\($0.copiedAnswers)/\($0.comparedAnswers))",
                        "\($0.flags.count)",
                    ]
                }
            }
            let n = r.nearDuplicates
            return [
                Section(
                    title: "Consensus (method \(r.method))",
                    lines: [
                        "\(r.consensus.items) items, \(r.summary.answers) answers by \(r.summary.annotators) writers; "
                            + String(format: "mean confidence %.3f, ", r.consensus.meanConfidence)
                            + "\(r.consensus.assembledItems) items assembled from several answers"
                    ]),
                Section(title: "Vendors", header: header, rows: rows(r.vendors)),
                Section(title: "Writers, highest error rate first", header: header, rows: rows(r.annotators)),
                Section(
                    title: "Near-duplicate answers",
                    lines: [
                        "\(n.pairs) pairs (\(n.exact) exact, \(n.crossVendor) across vendors), \(n.copyPaste) flagged as copy-paste"
                    ]
                        + n.examples.prefix(10).map {
                            "\(e.apply($0.firstVendor))/\(e.apply($0.firstAnnotator)) on \(e.apply($0.firstItem)) ~ "
                                + "\(e.apply($0.secondVendor))/\(e.apply($0.secondAnnotator)) on \(e.apply($0.secondItem)): "
                                + String(format: "%.2f", $0.similarity)
                                + ($0.copyPaste ? " (copy-paste)" : "")
                        }),
                Self.agreement(r.agreement, e),
                Self.flags((r.vendors + r.annotators).map { ($0.vendor, $0.annotator, $0.flags) }, e),
            ]
        }
    }

    init(_ r: MultiLabelReport) {
        sections = { e in
            let header =
                ["vendor", "annotator", "labels", "mean precision", "mean recall"]
                + r.classes.map {
                    "\(e.apply($0)) P / R"
                } + ["flags"]
            func rows(_ cards: [MultiLabelReport.AnnotatorRow]) -> [[String]] {
                cards.map {
                    [
                        e.apply($0.vendor),
                        $0.annotator.map(e.apply)
                            ?? "(\($0.annotators) annotator\($0.annotators == 1 ? "" : "s"))", "\($0.labels)",
                        Self.number($0.meanPrecision), Self.number($0.meanRecall),
                    ]
                        + $0.perClass.map {
                            "\(Self.number($0.precision?.value, "%.2f")) / \(Self.number($0.recall?.value, "%.2f"))"
                        }
                        + ["\($0.flags.count)"]
                }
            }
            return [
                Section(
                    title: "Classes (binary relevance with \(r.method); a class is in an item's set above "
                        + String(format: "%.2f)", r.threshold),
                    lines: [
                        "\(r.summary.labels) label sets on \(r.summary.items) items by \(r.summary.annotators) annotators; "
                            + "\(r.summary.emptyLabels) mark no class"
                    ],
                    header: ["class", "items in consensus", "prevalence", "labels marking it", "α"],
                    rows: r.perClass.map {
                        [
                            e.apply($0.className), "\($0.consensusItems)", Self.number($0.prevalence),
                            "\($0.marked)",
                            $0.alpha.map { Self.figure($0) } ?? "undefined: \($0.alphaUndefinedReason ?? "")",
                        ]
                    }),
                Section(title: "Vendors", header: header, rows: rows(r.vendors)),
                Section(
                    title: "Annotators, lowest mean recall first", header: header, rows: rows(r.annotators)),
                Self.agreement(r.agreement, e),
                Self.flags((r.vendors + r.annotators).map { ($0.vendor, $0.annotator, $0.flags) }, e),
            ]
        }
    }
}
