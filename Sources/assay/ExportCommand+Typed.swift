// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayReport

extension ExportCommand {
    /// `export` of pairwise, rating, multi-label and text labels: each item's consensus row.
    func runTyped(_ input: TypedInput) throws {
        let type = input.labels.labelType
        if gold != nil {
            throw InputProblem(
                message: "--gold applies to categorical labels; these are \(type.rawValue) labels")
        }
        let name = try TypedMethods.resolve(method, type: type)
        let minimum = minConfidence.value
        if minimum > 0, type == .rating || type == .multilabel {
            throw InputProblem(
                message:
                    "--min-confidence applies to categorical, pairwise and text labels; \(type.rawValue) "
                    + "consensus rows have no single confidence")
        }
        let vendors = Self.joinVendors
        var kept = 0
        var total = 0
        var used = ""
        switch input.labels {
        case .pairwise(let set):
            let c = PairwiseDawidSkene().fit(set)
            let items = (0..<set.itemCount).filter { c.confidence(ofItem: $0) >= minimum }
            (kept, total, used) = (items.count, set.itemCount, c.method)
            try RowOutput.write(
                items.count, to: out, format: format,
                header: [
                    "item", "first", "second", "outcome", "preferred", "confidence", "p_first", "p_second",
                    "p_tie",
                    "votes", "vendors", "method",
                ],
                fields: { k in
                    let r = PairwiseConsensusRow(item: items[k], of: set, consensus: c)
                    return [
                        r.item, r.first, r.second, r.outcome, r.preferred ?? "",
                        RowOutput.number(r.confidence),
                        RowOutput.number(r.pFirst), RowOutput.number(r.pSecond), RowOutput.number(r.pTie),
                        "\(r.votes)",
                        vendors(r.vendors), r.method,
                    ]
                }, value: { PairwiseConsensusRow(item: items[$0], of: set, consensus: c) })
        case .rating(let set):
            let m = RatingMethods.make(name, seed: seed)!
            if let reason = m.unsupportedReason(set) {
                throw InputProblem(message: "method \(name) does not apply to these rating labels: \(reason)")
            }
            let c = m.infer(set)
            (kept, total, used) = (set.itemCount, set.itemCount, c.method)
            try RowOutput.write(
                set.itemCount, to: out, format: format,
                header: ["item", "value", "low", "high", "ratings", "vendors", "method"],
                fields: { i in
                    let r = RatingConsensusRow(item: i, of: set, consensus: c)
                    return [
                        r.item, RowOutput.number(r.value), RowOutput.number(r.low), RowOutput.number(r.high),
                        "\(r.ratings)", vendors(r.vendors), r.method,
                    ]
                }, value: { RatingConsensusRow(item: $0, of: set, consensus: c) })
        case .text(let set):
            let c = TextConsensus.Method(rawValue: name)!.run(set)
            let items = (0..<set.itemCount).filter { c.confidence[$0] >= minimum }
            (kept, total, used) = (items.count, set.itemCount, c.method.rawValue)
            try RowOutput.write(
                items.count, to: out, format: format,
                header: ["item", "text", "confidence", "answers", "vendors", "source_annotator", "method"],
                fields: { k in
                    let r = TextConsensusRow(item: items[k], of: set, consensus: c)
                    return [
                        r.item, r.text, RowOutput.number(r.confidence), "\(r.answers)", vendors(r.vendors),
                        r.sourceAnnotator ?? "", r.method,
                    ]
                }, value: { TextConsensusRow(item: items[$0], of: set, consensus: c) })
        case .multilabel(let set):
            let c = BinaryRelevance(method: try AssayCLI.method(named: name, seed: seed)).infer(set)
            let k = set.classCount
            (kept, total, used) = (set.itemCount, set.itemCount, c.method)
            try RowOutput.write(
                set.itemCount, to: out, format: format,
                header: ["item", "classes"] + set.classes.map { "p_" + $0 } + [
                    "labels", "vendors", "method",
                ],
                fields: { i in
                    let r = MultiLabelConsensusRow(item: i, of: set, consensus: c)
                    return [r.item, vendors(r.classes)]
                        + (0..<k).map { RowOutput.number(c.posterior[i * k + $0]) }
                        + ["\(r.labels)", vendors(r.vendors), r.method]
                }, value: { MultiLabelConsensusRow(item: $0, of: set, consensus: c) })
        case .categorical:
            preconditionFailure("categorical exports are run()'s")
        }
        note(
            "exported \(kept) of \(total) items"
                + (minimum > 0 ? " (\(total - kept) below confidence \(minConfidence))" : "")
                + " with method \(used)")
    }
}
