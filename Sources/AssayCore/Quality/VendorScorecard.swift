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
    /// - Complexity: O(bootstrap × (items + labels)) time; O(items + labels) memory (one weight
    ///   array, reused across replicates).
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
        let useGold = active.allSatisfy { v in sparse[v].goldCount.reduce(0, +) >= 30 }
        func sums(_ s: Sparse, _ w: [Double]?, _ num: [Double], _ den: [Double], _ only: [Int]? = nil)
            -> Double?
        {
            var a = 0.0
            var b = 0.0
            if let only {
                for j in only {
                    let weight = w?[Int(s.item[j])] ?? 1
                    a += weight * num[j]
                    b += weight * den[j]
                }
            } else {
                for j in 0..<s.item.count {
                    let weight = w?[Int(s.item[j])] ?? 1
                    a += weight * num[j]
                    b += weight * den[j]
                }
            }
            return b > 0 ? a / b : nil
        }
        func interval(_ point: Double, _ replicates: [Double]) -> VendorScorecard.Estimate {
            let sorted = replicates.filter(\.isFinite).sorted()
            guard sorted.count >= 10 else { return .init(value: point, low: point, high: point) }
            return .init(
                value: point, low: Agreement.quantile(sorted, 0.025), high: Agreement.quantile(sorted, 0.975))
        }
        // Per vendor: the figures of one weighting (nil weights = the point estimates).
        struct Figures {
            var estimated: Double?
            var gold: Double?
            var costPerCorrect: Double?
            var basis: Double?
        }
        func figures(_ v: Int, _ w: [Double]?) -> Figures {
            let s = sparse[v]
            let est = sums(s, w, s.expected, s.count)
            let gold = sums(s, w, s.goldCorrect, s.goldCount)
            let accuracy = useGold ? gold : est
            var costPerCorrect: Double?
            if let acc = accuracy, acc > 0, let perLabel = sums(s, w, s.cost, s.count) {
                costPerCorrect = perLabel / acc
            }
            return Figures(
                estimated: est, gold: gold, costPerCorrect: costPerCorrect, basis: useGold ? gold : est)
        }
        // Pairs and, for each, the positions of the shared items in both vendors' sparse lists.
        var pairs: [(a: Int, b: Int, inA: [Int], inB: [Int])] = []
        for (x, a) in active.enumerated() {
            for b in active[(x + 1)...] {
                var inA: [Int] = []
                var inB: [Int] = []
                var i = 0
                var j = 0
                let ia = sparse[a].item
                let ib = sparse[b].item
                while i < ia.count && j < ib.count {
                    if ia[i] == ib[j] {
                        inA.append(i)
                        inB.append(j)
                        i += 1
                        j += 1
                    } else if ia[i] < ib[j] {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                pairs.append((a, b, inA, inB))
            }
        }
        func basisRatio(_ v: Int, _ w: [Double]?, _ only: [Int]) -> Double? {
            let s = sparse[v]
            return useGold
                ? sums(s, w, s.goldCorrect, s.goldCount, only) : sums(s, w, s.expected, s.count, only)
        }
        // Bootstrap: one reused weight array (how often each item is drawn); every figure of a
        // replicate is computed from it before the next is drawn.
        var rng = SeededGenerator(seed: seed)
        var w = [Double](repeating: 0, count: set.itemCount)
        var repEstimated = [[Double]](repeating: [], count: nV)
        var repGold = [[Double]](repeating: [], count: nV)
        var repCost = [[Double]](repeating: [], count: nV)
        var repShared = [[Double]](repeating: [], count: pairs.count)
        var repAll = [[Double]](repeating: [], count: pairs.count)
        for _ in 0..<bootstrap {
            for i in 0..<w.count { w[i] = 0 }
            for _ in 0..<set.itemCount { w[Int(rng.next() % UInt64(max(set.itemCount, 1)))] += 1 }
            var basis = [Double?](repeating: nil, count: nV)
            for v in active {
                let f = figures(v, w)
                if let e = f.estimated { repEstimated[v].append(e) }
                if let g = f.gold { repGold[v].append(g) }
                if let c = f.costPerCorrect { repCost[v].append(c) }
                basis[v] = f.basis
            }
            for (k, pair) in pairs.enumerated() {
                if let ra = basisRatio(pair.a, w, pair.inA), let rb = basisRatio(pair.b, w, pair.inB) {
                    repShared[k].append(ra - rb)
                }
                if let ra = basis[pair.a], let rb = basis[pair.b] { repAll[k].append(ra - rb) }
            }
        }
        var cards: [VendorScorecard] = []
        for v in active {
            let s = sparse[v]
            let members = (0..<set.annotatorCount).filter { set.annotatorVendor[$0] == Int32(v) }
            let point = figures(v, nil)
            let goldLabels = Int(s.goldCount.reduce(0, +))
            var seconds: [Double] = []
            var labelsWithCost = 0
            for a in members {
                for l in set.labels(ofAnnotator: a) {
                    if !set.extras.durationSeconds.isEmpty, !set.extras.durationSeconds[Int(l)].isNaN {
                        seconds.append(set.extras.durationSeconds[Int(l)])
                    }
                    if !costs.isEmpty, !costs[Int(l)].isNaN { labelsWithCost += 1 }
                }
            }
            let totalCost = s.cost.reduce(0, +)
            let vendorSet = set.subset { set.annotatorVendor[Int(set.annotator[$0])] == Int32(v) }
            cards.append(
                VendorScorecard(
                    vendor: v, annotators: members.count, labels: Int(s.count.reduce(0, +)),
                    items: s.item.count,
                    goldLabels: goldLabels,
                    goldAccuracy: goldLabels > 0 ? point.gold.map { interval($0, repGold[v]) } : nil,
                    estimatedAccuracy: interval(point.estimated ?? 0, repEstimated[v]),
                    alpha: KrippendorffAlpha.compute(vendorSet, level: .nominal).value,
                    flaggedAnnotators: members.filter { !annotatorCards[$0].flags.isEmpty }.count,
                    medianSeconds: AnnotatorScorecard.median(&seconds),
                    costPerLabel: labelsWithCost > 0 ? totalCost / Double(labelsWithCost) : nil,
                    totalCost: labelsWithCost > 0 ? totalCost : nil,
                    costPerCorrectLabel: labelsWithCost > 0
                        ? point.costPerCorrect.map { interval($0, repCost[v]) } : nil))
        }
        var comparisons: [VendorComparison] = []
        for (k, pair) in pairs.enumerated() {
            for scope in ["shared items", "all items"] {
                let shared = scope == "shared items"
                let pa = shared ? basisRatio(pair.a, nil, pair.inA) : figures(pair.a, nil).basis
                let pb = shared ? basisRatio(pair.b, nil, pair.inB) : figures(pair.b, nil).basis
                let items =
                    shared ? pair.inA.count : Set(sparse[pair.a].item).union(sparse[pair.b].item).count
                guard let pa, let pb else {
                    comparisons.append(
                        VendorComparison(
                            a: pair.a, b: pair.b, scope: scope, basis: useGold ? "gold" : "estimated",
                            items: items,
                            difference: nil, pValue: nil, pHolm: nil))
                    continue
                }
                let diffs = shared ? repShared[k] : repAll[k]
                let below = Double(diffs.filter { $0 <= 0 }.count)
                let above = Double(diffs.filter { $0 >= 0 }.count)
                let p = diffs.isEmpty ? nil : min(1, 2 * min(below, above) / Double(diffs.count))
                comparisons.append(
                    VendorComparison(
                        a: pair.a, b: pair.b, scope: scope, basis: useGold ? "gold" : "estimated",
                        items: items,
                        difference: interval(pa - pb, diffs), pValue: p, pHolm: nil))
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
