// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayReport
import Foundation

extension InferCommand {
    /// `infer` on pairwise, rating, multi-label and text labels: one row per item (per object too,
    /// for pairwise), and one per annotator with `--annotators-out`.
    func runTyped(_ input: TypedInput) throws {
        let type = input.labels.labelType
        let name = try TypedMethods.resolve(method, type: type)
        switch input.labels {
        case .pairwise(let set): try pairwise(set, method: name)
        case .rating(let set): try ratings(set, method: name)
        case .multilabel(let set): try multiLabels(set, method: name)
        case .text(let set): try texts(set, method: name)
        case .categorical: preconditionFailure("categorical labels are inferred by run()")
        }
    }

    /// `--objects-out` applies to pairwise labels only.
    func refuseObjectsOut(_ type: String) throws {
        if objectsOut != nil {
            throw InputProblem(message: "--objects-out applies to pairwise labels; these are \(type) labels")
        }
    }

    func pairwise(_ set: PairwiseSet, method name: String) throws {
        let scores = PairwiseMethods.named(name, seed: seed)!.fit(set)
        note("method \(scores.method)")
        for line in scores.notes { note("\(name): \(line)") }
        if let objectsOut {
            let order = (0..<set.objectCount).sorted {
                scores.score[$0] != scores.score[$1] ? scores.score[$0] > scores.score[$1] : $0 < $1
            }
            struct Row: Encodable {
                var object: String
                var score, low, high, standardError: Double
                var comparisons: Int
                var method: String
                enum CodingKeys: String, CodingKey {
                    case object, score, low, high
                    case standardError = "standard_error"
                    case comparisons, method
                }
            }
            try RowOutput.write(
                order.count, to: objectsOut, format: format,
                header: ["object", "score", "low", "high", "standard_error", "comparisons", "method"],
                fields: { k in
                    let o = order[k]
                    return [
                        set.objectIDs[o], RowOutput.number(scores.score[o]), RowOutput.number(scores.low[o]),
                        RowOutput.number(scores.high[o]), RowOutput.number(scores.standardError[o]),
                        "\(scores.comparisons[o])", scores.method,
                    ]
                },
                value: { k in
                    let o = order[k]
                    return Row(
                        object: set.objectIDs[o], score: scores.score[o], low: scores.low[o],
                        high: scores.high[o],
                        standardError: scores.standardError[o], comparisons: scores.comparisons[o],
                        method: scores.method)
                })
        }
        // The per-comparison consensus: to --out, or to standard output when no object file is asked for.
        let out = self.out ?? (objectsOut == nil ? "-" : nil)
        guard out != nil || annotatorsOut != nil else { return }
        let consensus = PairwiseDawidSkene().fit(set)
        for line in consensus.notes { note("\(consensus.method): \(line)") }
        if let out {
            try RowOutput.write(
                set.itemCount, to: out, format: format,
                header: [
                    "item", "first", "second", "outcome", "preferred", "confidence", "p_first", "p_second",
                    "p_tie",
                    "votes", "method",
                ],
                fields: { i in
                    let r = PairwiseConsensusRow(item: i, of: set, consensus: consensus)
                    return [
                        r.item, r.first, r.second, r.outcome, r.preferred ?? "",
                        RowOutput.number(r.confidence),
                        RowOutput.number(r.pFirst), RowOutput.number(r.pSecond), RowOutput.number(r.pTie),
                        "\(r.votes)",
                        r.method,
                    ]
                }, value: { PairwiseConsensusRow(item: $0, of: set, consensus: consensus) })
        }
        if let annotatorsOut {
            let report = PairwiseReport.build(
                set, scores: scores, consensus: consensus, bootstrap: 0, seed: seed)
            let cards = report.annotators
            try RowOutput.write(
                cards.count, to: annotatorsOut, format: format,
                header: [
                    "vendor", "annotator", "labels", "reliability", "position_bias", "tie_rate",
                    "agreement_with_consensus", "order_inconsistency", "crowd_reliability", "flags", "method",
                ],
                fields: { k in
                    let c = cards[k]
                    return [
                        c.vendor, c.annotator ?? "", "\(c.labels)", RowOutput.number(c.reliability.value),
                        RowOutput.number(c.positionBias?.value), RowOutput.number(c.tieRate?.value),
                        RowOutput.number(c.agreementWithConsensus?.value),
                        RowOutput.number(c.orderInconsistency?.value), RowOutput.number(c.crowdReliability),
                        c.flags.joined(separator: "; "), "\(report.consensusMethod)+\(report.method)",
                    ]
                }, value: { cards[$0] })
        }
    }

    func ratings(_ set: RatingSet, method name: String) throws {
        try refuseObjectsOut("rating")
        let m = RatingMethods.make(name, seed: seed)!
        if let reason = m.unsupportedReason(set) {
            throw InputProblem(message: "method \(name) does not apply to these rating labels: \(reason)")
        }
        let c = m.infer(set)
        note("method \(c.method)")
        for line in c.notes { note("\(name): \(line)") }
        try RowOutput.write(
            set.itemCount, to: out ?? "-", format: format,
            header: ["item", "value", "low", "high", "ratings", "method"],
            fields: { i in
                [
                    set.index.itemIDs[i], RowOutput.number(c.value[i]), RowOutput.number(c.low[i]),
                    RowOutput.number(c.high[i]), "\(c.itemRatings[i])", c.method,
                ]
            }, value: { RatingConsensusRow(item: $0, of: set, consensus: c) })
        if let annotatorsOut {
            let idx = set.index
            struct Row: Encodable {
                var vendor, annotator: String
                var ratings: Int
                var severity, severityLow, severityHigh, noise: Double
                var method: String
                enum CodingKeys: String, CodingKey {
                    case vendor, annotator, ratings, severity
                    case severityLow = "severity_low"
                    case severityHigh = "severity_high"
                    case noise, method
                }
            }
            func row(_ a: Int) -> Row {
                Row(
                    vendor: idx.vendorIDs[Int(idx.annotatorVendor[a])], annotator: idx.annotatorIDs[a],
                    ratings: c.raterRatings[a], severity: c.severity[a], severityLow: c.severityLow[a],
                    severityHigh: c.severityHigh[a], noise: c.noise[a], method: c.method)
            }
            try RowOutput.write(
                set.annotatorCount, to: annotatorsOut, format: format,
                header: [
                    "vendor", "annotator", "ratings", "severity", "severity_low", "severity_high", "noise",
                    "method",
                ],
                fields: { a in
                    let r = row(a)
                    return [
                        r.vendor, r.annotator, "\(r.ratings)", RowOutput.number(r.severity),
                        RowOutput.number(r.severityLow), RowOutput.number(r.severityHigh),
                        RowOutput.number(r.noise),
                        r.method,
                    ]
                }, value: row)
        }
    }

    func texts(_ set: TextSet, method name: String) throws {
        try refuseObjectsOut("text")
        let distances = AnswerDistances(set)
        let c = TextConsensus.Method(rawValue: name)!.run(set, distances: distances)
        note("method \(c.method.rawValue)")
        try RowOutput.write(
            set.itemCount, to: out ?? "-", format: format,
            header: ["item", "text", "confidence", "answers", "method"],
            fields: { i in
                let r = TextConsensusRow(item: i, of: set, consensus: c)
                return [r.item, r.text, RowOutput.number(r.confidence), "\(r.answers)", r.method]
            }, value: { TextConsensusRow(item: $0, of: set, consensus: c) })
        if let annotatorsOut {
            let report = TextReport.build(set, consensus: c, distances: distances, bootstrap: 0, seed: seed)
            let cards = report.annotators
            try RowOutput.write(
                cards.count, to: annotatorsOut, format: format,
                header: [
                    "vendor", "annotator", "answers", "word_error_rate", "median_length",
                    "near_duplicate_share",
                    "reliability", "flags", "method",
                ],
                fields: { k in
                    let r = cards[k]
                    return [
                        r.vendor, r.annotator ?? "", "\(r.answers)", RowOutput.number(r.wordErrorRate),
                        RowOutput.number(r.medianLength), RowOutput.number(r.nearDuplicateShare),
                        RowOutput.number(r.reliability), r.flags.joined(separator: "; "), report.method,
                    ]
                }, value: { cards[$0] })
        }
    }

    func multiLabels(_ set: MultiLabelSet, method name: String) throws {
        try refuseObjectsOut("multilabel")
        let m = try AssayCLI.method(named: name, seed: seed)
        let c = BinaryRelevance(method: m).infer(set)
        note("method \(c.method) per class (binary relevance)")
        let k = set.classCount
        try RowOutput.write(
            set.itemCount, to: out ?? "-", format: format,
            header: ["item", "classes"] + set.classes.map { "p_" + $0 } + ["labels", "method"],
            fields: { i in
                [set.index.itemIDs[i], c.classes(ofItem: i).map { set.classes[$0] }.joined(separator: ";")]
                    + (0..<k).map { RowOutput.number(c.posterior[i * k + $0]) }
                    + ["\(set.index.labels(ofItem: i).count)", c.method]
            }, value: { MultiLabelConsensusRow(item: $0, of: set, consensus: c) })
        if let annotatorsOut {
            let report = MultiLabelReport.build(set, consensus: c, bootstrap: 0, seed: seed)
            let cards = report.annotators
            try RowOutput.write(
                cards.count, to: annotatorsOut, format: format,
                header: ["vendor", "annotator", "labels", "mean_precision", "mean_recall"]
                    + set.classes.flatMap { ["precision_" + $0, "recall_" + $0] } + ["flags", "method"],
                fields: { j in
                    let r = cards[j]
                    return [
                        r.vendor, r.annotator ?? "", "\(r.labels)", RowOutput.number(r.meanPrecision),
                        RowOutput.number(r.meanRecall),
                    ]
                        + r.perClass.flatMap {
                            [RowOutput.number($0.precision?.value), RowOutput.number($0.recall?.value)]
                        } + [r.flags.joined(separator: "; "), report.method]
                }, value: { cards[$0] })
        }
    }
}
