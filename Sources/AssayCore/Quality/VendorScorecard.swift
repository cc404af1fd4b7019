// Assay — quality control for human-labelled training data.

import Foundation

/// One vendor's quality and cost figures, with bootstrap intervals over items.
public struct VendorScorecard: Sendable {
    /// Vendor index in the label set.
    public var vendor: Int
    /// Annotators of this vendor.
    public var annotators: Int
    /// Labels delivered.
    public var labels: Int
    /// Distinct items labelled.
    public var items: Int
    /// Labels on gold items.
    public var goldLabels: Int
    /// Gold accuracy with its 95% bootstrap interval, nil without gold labels.
    public var goldAccuracy: Estimate?
    /// Model-estimated accuracy: the mean posterior probability that each label is right.
    public var estimatedAccuracy: Estimate
    /// Krippendorff's α (nominal) among this vendor's own annotators, nil when undefined.
    public var alpha: Double?
    /// Annotators with at least one flag.
    public var flaggedAnnotators: Int
    /// Median seconds per label, when durations were given.
    public var medianSeconds: Double?
    /// Mean cost per label, when costs were given.
    public var costPerLabel: Double?
    /// Total cost of the labels with a cost.
    public var totalCost: Double?
    /// Cost divided by the expected number of correct labels (gold-based when gold is given).
    public var costPerCorrectLabel: Estimate?

    /// Share of annotators flagged.
    public var flaggedShare: Double { annotators > 0 ? Double(flaggedAnnotators) / Double(annotators) : 0 }

    /// A value with its 95% interval.
    public struct Estimate: Sendable {
        /// Point estimate.
        public var value: Double
        /// Lower bound.
        public var low: Double
        /// Upper bound.
        public var high: Double
    }
}

/// The accuracy difference between two vendors, with interval and p-values.
public struct VendorComparison: Sendable {
    /// First vendor index.
    public var a: Int
    /// Second vendor index.
    public var b: Int
    /// "shared items" or "all items".
    public var scope: String
    /// "gold" or "estimated".
    public var basis: String
    /// Items behind the comparison (shared items, or the union).
    public var items: Int
    /// accuracy(a) − accuracy(b), with its 95% bootstrap interval.
    public var difference: VendorScorecard.Estimate?
    /// Two-sided bootstrap p-value for a zero difference.
    public var pValue: Double?
    /// Holm-adjusted p-value across all comparisons of the same scope.
    public var pHolm: Double?
}

/// Builds vendor scorecards and comparisons from a label set, an inference result and gold.
public enum VendorReport {
    /// Per-item sufficient statistics of one vendor: for each item it labelled, the sum of the
    /// posteriors of its labels (expected correct), its label count, gold-correct and gold counts.
    struct Sparse {
        var item: [Int32] = []
        var expected: [Double] = []
        var count: [Double] = []
        var goldCorrect: [Double] = []
        var goldCount: [Double] = []
        var cost: [Double] = []
    }

    /// Scorecards for every vendor with labels, and pairwise comparisons (on shared items and
    /// overall, Holm-corrected within each scope). `bootstrap` replicates resample items.
    /// - Complexity: O(bootstrap × (items + labels) + vendors² × bootstrap).
    public static func build(
        _ set: LabelSet, result: InferenceResult, annotatorCards: [AnnotatorScorecard],
        gold: GoldAnswers? = nil,
        bootstrap: Int = 200, seed: UInt64 = 0
    ) -> (vendors: [VendorScorecard], comparisons: [VendorComparison]) {
        let k = set.classCount
        let nV = set.vendorIDs.count
        var sparse = [Sparse](repeating: Sparse(), count: nV)
        let costs = set.extras.cost
        for i in 0..<set.itemCount {
            for l in set.labels(ofItem: i) {
                let v = Int(set.annotatorVendor[Int(set.annotator[l])])
                var s = sparse[v]
                sparse[v] = Sparse()
                if s.item.last != Int32(i) {
                    s.item.append(Int32(i))
                    s.expected.append(0)
                    s.count.append(0)
                    s.goldCorrect.append(0)
                    s.goldCount.append(0)
                    s.cost.append(0)
                }
                let j = s.item.count - 1
                s.expected[j] += result.posteriors[i * k + Int(set.value[l])]
                s.count[j] += 1
                if let g = gold?.answer[i], g >= 0 {
                    s.goldCount[j] += 1
                    if g == set.value[l] { s.goldCorrect[j] += 1 }
                }
                if !costs.isEmpty, !costs[l].isNaN { s.cost[j] += costs[l] }
                sparse[v] = s
            }
        }
        let active = (0..<nV).filter { !sparse[$0].item.isEmpty }
        // Bootstrap weights: how often each item is drawn in each replicate.
        var rng = SeededGenerator(seed: seed)
        var weights: [[Double]] = []
        for _ in 0..<bootstrap {
            var w = [Double](repeating: 0, count: set.itemCount)
            for _ in 0..<set.itemCount { w[Int(rng.next() % UInt64(max(set.itemCount, 1)))] += 1 }
            weights.append(w)
        }
        let useGold = active.allSatisfy { v in sparse[v].goldCount.reduce(0, +) >= 30 }
        func ratio(
            _ s: Sparse, _ w: [Double]?, _ num: KeyPath<Sparse, [Double]>, _ den: KeyPath<Sparse, [Double]>,
            only: Set<Int32>? = nil
        ) -> Double? {
            var a = 0.0
            var b = 0.0
            let numerator = s[keyPath: num]
            let denominator = s[keyPath: den]
            for j in 0..<s.item.count {
                if let only, !only.contains(s.item[j]) { continue }
                let weight = w?[Int(s.item[j])] ?? 1
                a += weight * numerator[j]
                b += weight * denominator[j]
            }
            return b > 0 ? a / b : nil
        }
        func interval(_ point: Double, _ replicates: [Double]) -> VendorScorecard.Estimate {
            let sorted = replicates.filter(\.isFinite).sorted()
            guard sorted.count >= 10 else { return .init(value: point, low: point, high: point) }
            return .init(
                value: point, low: Agreement.quantile(sorted, 0.025), high: Agreement.quantile(sorted, 0.975))
        }
        var cards: [VendorScorecard] = []
        for v in active {
            let s = sparse[v]
            let members = (0..<set.annotatorCount).filter { set.annotatorVendor[$0] == Int32(v) }
            let est = ratio(s, nil, \.expected, \.count)!
            let estimated = interval(est, weights.compactMap { ratio(s, $0, \.expected, \.count) })
            let goldLabels = Int(s.goldCount.reduce(0, +))
            var goldAccuracy: VendorScorecard.Estimate?
            if goldLabels > 0, let g = ratio(s, nil, \.goldCorrect, \.goldCount) {
                goldAccuracy = interval(g, weights.compactMap { ratio(s, $0, \.goldCorrect, \.goldCount) })
            }
            var seconds: [Double] = []
            if !set.extras.durationSeconds.isEmpty {
                for a in members {
                    for l in set.labels(ofAnnotator: a) where !set.extras.durationSeconds[Int(l)].isNaN {
                        seconds.append(set.extras.durationSeconds[Int(l)])
                    }
                }
            }
            let totalCost = s.cost.reduce(0, +)
            var labelsWithCost = 0
            if !costs.isEmpty {
                for a in members {
                    for l in set.labels(ofAnnotator: a) where !costs[Int(l)].isNaN { labelsWithCost += 1 }
                }
            }
            var costPerCorrect: VendorScorecard.Estimate?
            if labelsWithCost > 0 {
                let correctKey: KeyPath<Sparse, [Double]> =
                    goldLabels > 0 && useGold ? \.goldCorrect : \.expected
                let countKey: KeyPath<Sparse, [Double]> = goldLabels > 0 && useGold ? \.goldCount : \.count
                // cost per correct = (cost per label) / accuracy.
                let perLabel = totalCost / Double(labelsWithCost)
                if let acc = ratio(s, nil, correctKey, countKey), acc > 0 {
                    costPerCorrect = interval(
                        perLabel / acc,
                        weights.compactMap { w in
                            guard let a = ratio(s, w, correctKey, countKey), a > 0,
                                let c = ratio(s, w, \.cost, \.count)
                            else { return nil }
                            return c / a
                        })
                }
            }
            let vendorSet = set.subset { set.annotatorVendor[Int(set.annotator[$0])] == Int32(v) }
            cards.append(
                VendorScorecard(
                    vendor: v, annotators: members.count, labels: Int(s.count.reduce(0, +)),
                    items: s.item.count,
                    goldLabels: goldLabels, goldAccuracy: goldAccuracy, estimatedAccuracy: estimated,
                    alpha: KrippendorffAlpha.compute(vendorSet, level: .nominal).value,
                    flaggedAnnotators: members.filter { !annotatorCards[$0].flags.isEmpty }.count,
                    medianSeconds: AnnotatorScorecard.median(&seconds),
                    costPerLabel: labelsWithCost > 0 ? totalCost / Double(labelsWithCost) : nil,
                    totalCost: labelsWithCost > 0 ? totalCost : nil, costPerCorrectLabel: costPerCorrect))
        }
        // Pairwise comparisons.
        let num: KeyPath<Sparse, [Double]> = useGold ? \.goldCorrect : \.expected
        let den: KeyPath<Sparse, [Double]> = useGold ? \.goldCount : \.count
        var comparisons: [VendorComparison] = []
        for (x, a) in active.enumerated() {
            for b in active[(x + 1)...] {
                let shared = Set(sparse[a].item).intersection(sparse[b].item)
                for scope in ["shared items", "all items"] {
                    let only: Set<Int32>? = scope == "shared items" ? shared : nil
                    guard let pa = ratio(sparse[a], nil, num, den, only: only),
                        let pb = ratio(sparse[b], nil, num, den, only: only)
                    else {
                        comparisons.append(
                            VendorComparison(
                                a: a, b: b, scope: scope, basis: useGold ? "gold" : "estimated",
                                items: only?.count ?? 0, difference: nil, pValue: nil, pHolm: nil))
                        continue
                    }
                    var diffs: [Double] = []
                    for w in weights {
                        if let ra = ratio(sparse[a], w, num, den, only: only),
                            let rb = ratio(sparse[b], w, num, den, only: only)
                        {
                            diffs.append(ra - rb)
                        }
                    }
                    let below = Double(diffs.filter { $0 <= 0 }.count)
                    let above = Double(diffs.filter { $0 >= 0 }.count)
                    let p = diffs.isEmpty ? nil : min(1, 2 * min(below, above) / Double(diffs.count))
                    comparisons.append(
                        VendorComparison(
                            a: a, b: b, scope: scope, basis: useGold ? "gold" : "estimated",
                            items: only?.count ?? Set(sparse[a].item).union(sparse[b].item).count,
                            difference: interval(pa - pb, diffs), pValue: p, pHolm: nil))
                }
            }
        }
        for scope in ["shared items", "all items"] {
            let indices = comparisons.indices.filter {
                comparisons[$0].scope == scope && comparisons[$0].pValue != nil
            }
            let adjusted = holm(indices.map { comparisons[$0].pValue! })
            for (j, c) in indices.enumerated() { comparisons[c].pHolm = adjusted[j] }
        }
        return (cards, comparisons)
    }

    /// Holm's step-down adjustment of p-values (returned in the input order).
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (rank, j) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[j]))
            adjusted[j] = running
        }
        return adjusted
    }
}
