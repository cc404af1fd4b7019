// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// A project's scorecards as one value: vendors side by side, their comparisons, annotators worst
/// first, with the method that produced the figures. Filled from Core results by `build`; the CLI's
/// text, Markdown and JSON, the API and the dashboard all render this same value, and none of them
/// computes a figure of its own.
public struct ScorecardReport: Codable, Sendable {
    /// The method actually used (for `auto`, the one it chose).
    public var method: String
    /// What the method said about the fit (what it chose and why, what was clamped).
    public var methodNotes: [String]
    /// Warnings to print beside the figures (for example a crowd confidently wrong together).
    public var warnings: [String]
    /// Class names.
    public var classes: [String]
    /// Bootstrap replicates behind the intervals (0: none).
    public var bootstrap: Int
    /// Seed of the bootstrap and of seeded methods.
    public var seed: UInt64
    /// One row per vendor.
    public var vendors: [VendorRow]
    /// Vendor pairs compared.
    public var comparisons: [ComparisonRow]
    /// Annotators, worst first (gold accuracy when they have ≥ 20 gold labels, else estimated).
    public var annotators: [AnnotatorRow]

    enum CodingKeys: String, CodingKey {
        case method
        case methodNotes = "method_notes"
        case warnings, classes, bootstrap, seed, vendors, comparisons, annotators
    }

    /// A vendor's scorecard.
    public struct VendorRow: Codable, Sendable {
        /// Vendor name.
        public var vendor: String
        /// Its annotators.
        public var annotators: Int
        /// Its labels.
        public var labels: Int
        /// Items it labelled.
        public var items: Int
        /// Its labels on gold items.
        public var goldLabels: Int
        /// Gold items it labelled.
        public var goldItems: Int
        /// Accuracy on gold, when it labelled gold.
        public var goldAccuracy: Figure?
        /// Accuracy estimated from the model (mean posterior of the classes it gave).
        public var estimatedAccuracy: Figure
        /// Krippendorff's α among its own annotators.
        public var alpha: Double?
        /// Annotators with at least one flag.
        public var flaggedAnnotators: Int
        /// Median seconds a label.
        public var medianSeconds: Double?
        /// Mean cost a label, where costs are known.
        public var costPerLabel: Double?
        /// Total cost.
        public var totalCost: Double?
        /// Cost per correct label (cost a label over accuracy).
        public var costPerCorrectLabel: Figure?
        /// Annotators flagged, by kind (spammer, straight-lining, too fast).
        public var flaggedByKind: [String: Int]
        /// One sentence a buyer can read.
        public var reading: String

        enum CodingKeys: String, CodingKey {
            case vendor, annotators, labels, items
            case goldLabels = "gold_labels"
            case goldItems = "gold_items"
            case goldAccuracy = "gold_accuracy"
            case estimatedAccuracy = "estimated_accuracy"
            case alpha
            case flaggedAnnotators = "flagged_annotators"
            case medianSeconds = "median_seconds"
            case costPerLabel = "cost_per_label"
            case totalCost = "total_cost"
            case costPerCorrectLabel = "cost_per_correct_label"
            case flaggedByKind = "flagged_by_kind"
            case reading
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotators, forKey: .annotators)
            try c.encode(labels, forKey: .labels)
            try c.encode(items, forKey: .items)
            try c.encode(goldLabels, forKey: .goldLabels)
            try c.encode(goldItems, forKey: .goldItems)
            try c.encode(goldAccuracy, forKey: .goldAccuracy)
            try c.encode(estimatedAccuracy, forKey: .estimatedAccuracy)
            try c.encode(alpha, forKey: .alpha)
            try c.encode(flaggedAnnotators, forKey: .flaggedAnnotators)
            try c.encode(medianSeconds, forKey: .medianSeconds)
            try c.encode(costPerLabel, forKey: .costPerLabel)
            try c.encode(totalCost, forKey: .totalCost)
            try c.encode(costPerCorrectLabel, forKey: .costPerCorrectLabel)
            try c.encode(flaggedByKind, forKey: .flaggedByKind)
            try c.encode(reading, forKey: .reading)
        }
    }

    /// Two vendors compared.
    public struct ComparisonRow: Codable, Sendable {
        /// First vendor.
        public var a: String
        /// Second vendor.
        public var b: String
        /// `shared items` or `all items`.
        public var scope: String
        /// `gold` or `estimated`.
        public var basis: String
        /// Items on that basis.
        public var items: Int
        /// Accuracy of a minus accuracy of b.
        public var difference: Figure?
        /// Two-sided bootstrap p-value of no difference.
        public var p: Double?
        /// The p-value after Holm's correction across pairs.
        public var pHolm: Double?
        /// Why there is no p-value or interval.
        public var reason: String?

        enum CodingKeys: String, CodingKey {
            case a, b, scope, basis, items, difference, p
            case pHolm = "p_holm"
            case reason
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(a, forKey: .a)
            try c.encode(b, forKey: .b)
            try c.encode(scope, forKey: .scope)
            try c.encode(basis, forKey: .basis)
            try c.encode(items, forKey: .items)
            try c.encode(difference, forKey: .difference)
            try c.encode(p, forKey: .p)
            try c.encode(pHolm, forKey: .pHolm)
            try c.encode(reason, forKey: .reason)
        }
    }

    /// An annotator's scorecard.
    public struct AnnotatorRow: Codable, Sendable {
        /// Vendor name.
        public var vendor: String
        /// Annotator id (scoped by vendor).
        public var annotator: String
        /// Labels given.
        public var labels: Int
        /// Items labelled.
        public var items: Int
        /// Labels on gold items.
        public var goldLabels: Int
        /// Share of gold labels right.
        public var goldAccuracy: Double?
        /// Wilson 95% interval of the gold accuracy.
        public var goldInterval: [Double]?
        /// Mean posterior of the classes given.
        public var estimatedAccuracy: Double
        /// Σ prior × diagonal of the confusion matrix.
        public var modelAccuracy: Double
        /// Share of labels equal to the consensus.
        public var agreementWithConsensus: Double
        /// Raykar & Yu's score: 0 = labels independent of the truth.
        public var spammerScore: Double
        /// Entropy of the classes given (0 = always the same class).
        public var labelEntropy: Double
        /// Median seconds a label.
        public var medianSeconds: Double?
        /// Rows = true class, columns = given class.
        public var confusion: [[Double]]
        /// Each flag is a sentence saying why.
        public var flags: [String]

        enum CodingKeys: String, CodingKey {
            case vendor, annotator, labels, items
            case goldLabels = "gold_labels"
            case goldAccuracy = "gold_accuracy"
            case goldInterval = "gold_interval"
            case estimatedAccuracy = "estimated_accuracy"
            case modelAccuracy = "model_accuracy"
            case agreementWithConsensus = "agreement_with_consensus"
            case spammerScore = "spammer_score"
            case labelEntropy = "label_entropy"
            case medianSeconds = "median_seconds"
            case confusion, flags
        }

        /// Every key is written, absent figures as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(annotator, forKey: .annotator)
            try c.encode(labels, forKey: .labels)
            try c.encode(items, forKey: .items)
            try c.encode(goldLabels, forKey: .goldLabels)
            try c.encode(goldAccuracy, forKey: .goldAccuracy)
            try c.encode(goldInterval, forKey: .goldInterval)
            try c.encode(estimatedAccuracy, forKey: .estimatedAccuracy)
            try c.encode(modelAccuracy, forKey: .modelAccuracy)
            try c.encode(agreementWithConsensus, forKey: .agreementWithConsensus)
            try c.encode(spammerScore, forKey: .spammerScore)
            try c.encode(labelEntropy, forKey: .labelEntropy)
            try c.encode(medianSeconds, forKey: .medianSeconds)
            try c.encode(confusion, forKey: .confusion)
            try c.encode(flags, forKey: .flags)
        }
    }
}

extension ScorecardReport {
    /// Runs `method` on `set` (with `gold` clamped or used as the method does) and fills the
    /// scorecards: annotators, vendors with bootstrap intervals, Holm-corrected comparisons, a
    /// reading per vendor.
    /// - Complexity: the method's, plus O(bootstrap × items) for the intervals.
    public static func build(
        _ set: LabelSet, gold: GoldAnswers?, method: any InferenceMethod, bootstrap: Int, seed: UInt64
    ) -> ScorecardReport {
        let result = method.infer(set, gold: gold)
        return build(set, result: result, gold: gold, bootstrap: bootstrap, seed: seed)
    }

    /// The scorecards of an inference already made.
    public static func build(
        _ set: LabelSet, result: InferenceResult, gold: GoldAnswers?, bootstrap: Int, seed: UInt64
    ) -> ScorecardReport {
        let cards = AnnotatorScorecard.all(set, result: result, gold: gold)
        let (vendors, comparisons) = VendorReport.build(
            set, result: result, annotatorCards: cards, gold: gold, bootstrap: bootstrap, seed: seed)
        // Gold accuracy ranks an annotator only with enough gold labels to mean something.
        func rank(_ c: AnnotatorScorecard) -> Double {
            c.goldLabels >= 20 ? c.goldAccuracy! : c.estimatedAccuracy
        }
        let worstFirst = cards.sorted { rank($0) < rank($1) }
        func vendorName(_ v: Int) -> String { set.vendorIDs[v].isEmpty ? "(no vendor)" : set.vendorIDs[v] }
        let k = set.classCount
        let vendorRows = vendors.map { v -> VendorRow in
            let mine = cards.filter { Int(set.annotatorVendor[$0.annotator]) == v.vendor }
            var kinds: [String: Int] = [:]
            for word in ["spammer", "straight-lining", "too fast"] {
                let n = mine.filter { $0.flags.contains { $0.contains(word) } }.count
                if n > 0 { kinds[word] = n }
            }
            var row = VendorRow(
                vendor: vendorName(v.vendor), annotators: v.annotators, labels: v.labels, items: v.items,
                goldLabels: v.goldLabels, goldItems: v.goldItems,
                goldAccuracy: v.goldAccuracy.map(Figure.init),
                estimatedAccuracy: Figure(v.estimatedAccuracy), alpha: v.alpha,
                flaggedAnnotators: v.flaggedAnnotators,
                medianSeconds: v.medianSeconds, costPerLabel: v.costPerLabel, totalCost: v.totalCost,
                costPerCorrectLabel: v.costPerCorrectLabel.map(Figure.init), flaggedByKind: kinds, reading: ""
            )
            row.reading = reading(row)
            return row
        }
        return ScorecardReport(
            method: result.method, methodNotes: result.notes, warnings: result.warnings, classes: set.classes,
            bootstrap: bootstrap, seed: seed, vendors: vendorRows,
            comparisons: comparisons.map { c in
                ComparisonRow(
                    a: vendorName(c.a), b: vendorName(c.b), scope: c.scope, basis: c.basis, items: c.items,
                    difference: c.difference.map(Figure.init), p: c.pValue, pHolm: c.pHolm, reason: c.reason)
            },
            annotators: worstFirst.map { c in
                AnnotatorRow(
                    vendor: vendorName(Int(set.annotatorVendor[c.annotator])),
                    annotator: set.annotatorIDs[c.annotator],
                    labels: c.labels, items: c.items, goldLabels: c.goldLabels, goldAccuracy: c.goldAccuracy,
                    goldInterval: c.goldInterval.map { [$0.low, $0.high] },
                    estimatedAccuracy: c.estimatedAccuracy,
                    modelAccuracy: c.modelAccuracy, agreementWithConsensus: c.agreementWithConsensus,
                    spammerScore: c.spammerScore, labelEntropy: c.labelEntropy,
                    medianSeconds: c.medianSeconds,
                    confusion: c.confusion.isEmpty
                        ? [] : (0..<k).map { t in Array(c.confusion[(t * k)..<(t * k + k)]) },
                    flags: c.flags)
            })
    }

    /// One plain-language sentence per vendor: its accuracy (on gold when it has gold), cost per
    /// correct label, and flagged annotators by kind.
    static func reading(_ v: VendorRow) -> String {
        let basis = v.goldAccuracy ?? v.estimatedAccuracy
        var s = "\(v.vendor): accuracy " + String(format: "%.3f", basis.value)
        if let ci = basis.interval { s += String(format: " ± %.3f", (ci.high - ci.low) / 2) }
        let noInterval = basis.interval == nil ? basis.reason.map { "no interval: " + $0 } : nil
        if v.goldAccuracy != nil {
            s += " on gold" + (noInterval.map { " (\($0))" } ?? "")
        } else {
            s += " (estimated" + (noInterval.map { "; \($0)" } ?? "") + ")"
        }
        if let c = v.costPerCorrectLabel { s += String(format: ", cost per correct label %.4f", c.value) }
        s += "; \(v.flaggedAnnotators) of \(v.annotators) annotators flagged"
        let kinds = [
            ("spammer", "as likely spammers"), ("straight-lining", "as straight-lining"),
            ("too fast", "as too fast"),
        ]
        .compactMap { word, label in v.flaggedByKind[word].map { "\($0) \(label)" } }
        if !kinds.isEmpty { s += " (" + kinds.joined(separator: ", ") + ")" }
        return s
    }
}
