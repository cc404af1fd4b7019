// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// The analysis of a multi-label set as one value: per class, the consensus (binary relevance) and
/// α; per annotator and vendor, precision and recall of every class against the consensus; α over
/// whole sets. Filled from Core by `build`; every view renders it and computes nothing.
public struct MultiLabelReport: Codable, Sendable {
    /// Always `multilabel`.
    public var type = "multilabel"
    /// The categorical method run per class.
    public var method: String
    /// Posterior above which a class is in an item's consensus set.
    public var threshold: Double
    /// Class names, in the project's order.
    public var classes: [String]
    /// Bootstrap replicates behind the α intervals (0: none).
    public var bootstrap: Int
    /// Seed of the bootstrap.
    public var seed: UInt64
    /// Counts.
    public var summary: Summary
    /// One row per class.
    public var perClass: [ClassRow]
    /// Annotators, lowest mean recall first.
    public var annotators: [AnnotatorRow]
    /// Vendors.
    public var vendors: [AnnotatorRow]
    /// Per-class α, then α over sets (Jaccard, MASI), over all labels and within each vendor.
    public var agreement: [AgreementReport.Row]

    enum CodingKeys: String, CodingKey {
        case type, method, threshold, classes, bootstrap, seed, summary
        case perClass = "per_class"
        case annotators, vendors, agreement
    }

    /// Counts of the set.
    public struct Summary: Codable, Sendable, Equatable {
        /// Labels (one set each).
        public var labels: Int
        /// Items with labels.
        public var items: Int
        /// Annotators with labels.
        public var annotators: Int
        /// Vendors with labels.
        public var vendors: Int
        /// Labels marking no class.
        public var emptyLabels: Int

        enum CodingKeys: String, CodingKey {
            case labels, items, annotators, vendors
            case emptyLabels = "empty_labels"
        }
    }

    /// One class.
    public struct ClassRow: Codable, Sendable {
        /// Class name.
        public var className: String
        /// Items whose consensus set holds it.
        public var consensusItems: Int
        /// Their share of the items with labels.
        public var prevalence: Double
        /// Labels marking it.
        public var marked: Int
        /// Nominal α of its present/absent view, with its interval; null when undefined.
        public var alpha: Figure?
        /// Why α is undefined, when it is.
        public var alphaUndefinedReason: String?

        enum CodingKeys: String, CodingKey {
            case className = "class"
            case consensusItems = "consensus_items"
            case prevalence, marked, alpha
            case alphaUndefinedReason = "alpha_undefined_reason"
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(className, forKey: .className)
            try c.encode(consensusItems, forKey: .consensusItems)
            try c.encode(prevalence, forKey: .prevalence)
            try c.encode(marked, forKey: .marked)
            try c.encode(alpha, forKey: .alpha)
            try c.encode(alphaUndefinedReason, forKey: .alphaUndefinedReason)
        }
    }

    /// An annotator's or a vendor's card.
    public struct AnnotatorRow: Codable, Sendable {
        /// Vendor name.
        public var vendor: String
        /// Annotator id; null on a vendor's card.
        public var annotator: String?
        /// Annotators (1 on an annotator's card).
        public var annotators: Int
        /// Labels given.
        public var labels: Int
        /// Mean of the per-class precisions that are defined.
        public var meanPrecision: Double?
        /// Mean of the per-class recalls that are defined.
        public var meanRecall: Double?
        /// Per class, in the project's order.
        public var perClass: [Cell]
        /// Each flag is a sentence saying why.
        public var flags: [String]

        enum CodingKeys: String, CodingKey {
            case vendor, annotator, annotators, labels
            case meanPrecision = "mean_precision"
            case meanRecall = "mean_recall"
            case perClass = "per_class"
            case flags
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotator, forKey: .annotator)
            try c.encode(annotators, forKey: .annotators)
            try c.encode(labels, forKey: .labels)
            try c.encode(meanPrecision, forKey: .meanPrecision)
            try c.encode(meanRecall, forKey: .meanRecall)
            try c.encode(perClass, forKey: .perClass)
            try c.encode(flags, forKey: .flags)
        }
    }

    /// One annotator (or vendor) on one class against the consensus.
    public struct Cell: Codable, Sendable, Equatable {
        /// Class name.
        public var className: String
        /// Labels marking the class.
        public var marked: Int
        /// Labels on items whose consensus holds it.
        public var relevant: Int
        /// Labels marking it on such items.
        public var agreed: Int
        /// agreed / marked, with its Wilson interval.
        public var precision: Figure?
        /// agreed / relevant, with its Wilson interval.
        public var recall: Figure?

        enum CodingKeys: String, CodingKey {
            case className = "class"
            case marked, relevant, agreed, precision, recall
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(className, forKey: .className)
            try c.encode(marked, forKey: .marked)
            try c.encode(relevant, forKey: .relevant)
            try c.encode(agreed, forKey: .agreed)
            try c.encode(precision, forKey: .precision)
            try c.encode(recall, forKey: .recall)
        }

        /// A cell from Core's counts.
        init(_ c: MultiLabelScorecard.Cell, className: String) {
            self.className = className
            marked = c.marked
            relevant = c.relevant
            agreed = c.agreed
            precision = Figure(c.precision, interval: c.precisionInterval)
            recall = Figure(c.recall, interval: c.recallInterval)
        }
    }
}

extension MultiLabelReport {
    /// Runs binary relevance with `method` on `set` and fills the report.
    /// - Complexity: classes × the method's cost, O(labels × classes) for the cards, and agreement.
    public static func build(
        _ set: MultiLabelSet, method: any InferenceMethod, bootstrap: Int, seed: UInt64
    ) -> MultiLabelReport {
        build(set, consensus: BinaryRelevance(method: method).infer(set), bootstrap: bootstrap, seed: seed)
    }

    /// The report of a consensus already made on `set`.
    /// - Complexity: O(labels × classes) for the cards, and agreement as in `AgreementReport.multiLabel`.
    public static func build(
        _ set: MultiLabelSet, consensus: MultiLabelConsensus, bootstrap: Int, seed: UInt64
    ) -> MultiLabelReport {
        let idx = set.index
        let k = set.classCount
        let card = MultiLabelScorecard.score(set, against: consensus)
        let items = (0..<set.itemCount).filter { !idx.labels(ofItem: $0).isEmpty }
        var marked = [Int](repeating: 0, count: k)
        var empty = 0
        for l in 0..<set.count {
            let classes = set.classes(ofLabel: l)
            if classes.isEmpty { empty += 1 }
            for c in classes { marked[c] += 1 }
        }
        var agreement = AgreementReport.multiLabel(set, byVendor: false, bootstrap: bootstrap, seed: seed)
        let perClass = (0..<k).map { c -> ClassRow in
            let inConsensus = items.filter { consensus.contains(item: $0, class: c) }.count
            let row = agreement.rows.first { $0.className == set.classes[c] }
            return ClassRow(
                className: set.classes[c], consensusItems: inConsensus,
                prevalence: items.isEmpty ? 0 : Double(inConsensus) / Double(items.count), marked: marked[c],
                alpha: row.flatMap { r in
                    r.value.map { Figure(value: $0, low: r.ciLow, high: r.ciHigh, reason: r.ciReason) }
                },
                alphaUndefinedReason: row?.undefinedReason)
        }
        func row(
            vendor: String, annotator: String?, annotators: Int, labels: Int,
            cells: [MultiLabelScorecard.Cell]
        )
            -> AnnotatorRow
        {
            let precisions = cells.compactMap(\.precision)
            let recalls = cells.compactMap(\.recall)
            var r = AnnotatorRow(
                vendor: vendor, annotator: annotator, annotators: annotators, labels: labels,
                meanPrecision: precisions.isEmpty ? nil : precisions.reduce(0, +) / Double(precisions.count),
                meanRecall: recalls.isEmpty ? nil : recalls.reduce(0, +) / Double(recalls.count),
                perClass: cells.enumerated().map { Cell($1, className: set.classes[$0]) }, flags: [])
            r.flags = flags(r)
            return r
        }
        let labelled = (0..<set.annotatorCount).filter { card.labels[$0] > 0 }
        let annotators = labelled.map { a in
            row(
                vendor: idx.vendorName(ofAnnotator: a), annotator: idx.annotatorIDs[a], annotators: 1,
                labels: card.labels[a], cells: (0..<k).map { card.cell(annotator: a, class: $0) })
        }
        .sorted {
            ($0.meanRecall ?? 1, $0.vendor, $0.annotator ?? "") < (
                $1.meanRecall ?? 1, $1.vendor, $1.annotator ?? ""
            )
        }
        let vendors = VendorSubsets.vendors(idx).map { v in
            let mine = labelled.filter { Int(idx.annotatorVendor[$0]) == v }
            let cells = (0..<k).map { c in
                // A vendor in the list has at least one annotator with labels.
                var pooled = card.cell(annotator: mine[0], class: c)
                for a in mine.dropFirst() {
                    let x = card.cell(annotator: a, class: c)
                    pooled.marked += x.marked
                    pooled.relevant += x.relevant
                    pooled.agreed += x.agreed
                }
                return pooled
            }
            return row(
                vendor: idx.vendorName(v), annotator: nil, annotators: mine.count,
                labels: mine.reduce(0) { $0 + card.labels[$1] }, cells: cells)
        }
        if vendors.count > 1 {
            agreement.rows +=
                AgreementReport.multiLabel(set, byVendor: true, bootstrap: bootstrap, seed: seed).rows
        }
        return MultiLabelReport(
            method: consensus.method, threshold: consensus.threshold, classes: set.classes,
            bootstrap: bootstrap,
            seed: seed,
            summary: Summary(
                labels: set.count, items: items.count, annotators: labelled.count, vendors: vendors.count,
                emptyLabels: empty),
            perClass: perClass, annotators: annotators, vendors: vendors, agreement: agreement.rows)
    }

    /// The sentences flagging an annotator or vendor: a class marked far less often than the
    /// consensus holds it (recall's interval below one half), or marked where the consensus does not
    /// (precision's interval below one half), each with at least 10 labels behind it.
    static func flags(_ r: AnnotatorRow) -> [String] {
        var out: [String] = []
        func below(
            _ figure: KeyPath<Cell, Figure?>, _ count: KeyPath<Cell, Int>, _ name: String, _ what: String
        ) {
            let low = r.perClass.filter {
                $0[keyPath: count] >= 10 && ($0[keyPath: figure]?.interval?.high ?? 1) < 0.5
            }
            guard !low.isEmpty else { return }
            out.append(
                what + ": "
                    + low.map {
                        "\($0.className) (\(name) " + String(format: "%.2f", $0[keyPath: figure]!.value) + ")"
                    }
                    .joined(separator: ", "))
        }
        below(\.recall, \.relevant, "recall", "misses classes the consensus holds")
        below(\.precision, \.marked, "precision", "marks classes the consensus does not hold")
        return out
    }
}
