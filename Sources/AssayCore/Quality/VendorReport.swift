// Assay — quality control for human-labelled training data.

/// Builds vendor scorecards and comparisons from a label set, an inference result and gold.
public enum VendorReport {
    /// Scorecards for every vendor with labels, and pairwise comparisons (on shared items and
    /// overall, Holm-corrected within each scope). `bootstrap` replicates resample all items with
    /// replacement (`VendorContributions.resampledSums`, on both cores); an interval or p-value is
    /// given only when at least `Bootstrap.minimumUnits` items stand behind it (gold items for
    /// gold figures), otherwise its `reason` says "too few items (n)".
    /// - Complexity: O(labels + bootstrap × (items + entries drawn)) time, where an entry is an
    ///   (item, vendor) pair; O(items + labels + bootstrap × vendors²) memory.
    public static func build(
        _ set: LabelSet, result: InferenceResult, annotatorCards: [AnnotatorScorecard],
        gold: GoldAnswers? = nil,
        bootstrap: Int = 200, seed: UInt64 = 0
    ) -> (vendors: [VendorScorecard], comparisons: [VendorComparison]) {
        let nV = set.vendorIDs.count
        // Labels and gold labels per vendor decide the active vendors and the basis.
        var labelsOf = [Int](repeating: 0, count: nV)
        var goldLabelsOf = [Int](repeating: 0, count: nV)
        for a in 0..<set.annotatorCount {
            let v = Int(set.annotatorVendor[a])
            for l in set.labels(ofAnnotator: a) {
                labelsOf[v] += 1
                if let g = gold?.answer[Int(set.item[Int(l)])], g >= 0 { goldLabelsOf[v] += 1 }
            }
        }
        let active = (0..<nV).filter { labelsOf[$0] > 0 }
        let useGold = active.allSatisfy { goldLabelsOf[$0] >= 30 }
        let basisName = useGold ? "gold" : "estimated"
        var pairIndex = [Int32](repeating: -1, count: nV * nV)
        var pairs: [(a: Int, b: Int)] = []
        for (x, a) in active.enumerated() {
            for b in active[(x + 1)...] {
                pairIndex[a * nV + b] = Int32(pairs.count)
                pairs.append((a, b))
            }
        }
        let table = VendorContributions(
            set, posteriors: result.posteriors, gold: gold, pairIndex: pairIndex, pairs: pairs.count,
            goldBasis: useGold)
        typealias C = VendorContributions
        let c = C.columns
        let pairBase = nV * c

        // Units: items (and gold items) per vendor, shared by each pair, on the basis.
        var items = [Int](repeating: 0, count: nV)
        var goldItems = [Int](repeating: 0, count: nV)
        var shared = [Int](repeating: 0, count: pairs.count)
        for i in 0..<set.itemCount {
            let lo = table.itemStart[i]
            let hi = table.itemStart[i + 1]
            for x in lo..<hi {
                let v = Int(table.vendor[x])
                items[v] += 1
                let isGold = table.values[x * c + C.goldCount] > 0
                if isGold { goldItems[v] += 1 }
                guard !useGold || isGold else { continue }
                for y in (x + 1)..<max(hi, x + 1) {
                    let p = Int(pairIndex[v * nV + Int(table.vendor[y])])
                    if p >= 0 { shared[p] += 1 }
                }
            }
        }
        let basisUnits = useGold ? goldItems : items

        // Figures from one set of sums (the point estimates, or one replicate's).
        func ratio(_ s: UnsafePointer<Double>, _ v: Int, _ num: Int, _ den: Int) -> Double? {
            let d = s[v * c + den]
            return d > 0 ? s[v * c + num] / d : nil
        }
        func estimated(_ s: UnsafePointer<Double>, _ v: Int) -> Double? {
            ratio(s, v, C.expected, C.count)
        }
        func goldAccuracy(_ s: UnsafePointer<Double>, _ v: Int) -> Double? {
            ratio(s, v, C.goldCorrect, C.goldCount)
        }
        func basis(_ s: UnsafePointer<Double>, _ v: Int) -> Double? {
            useGold ? goldAccuracy(s, v) : estimated(s, v)
        }
        func costPerCorrect(_ s: UnsafePointer<Double>, _ v: Int) -> Double? {
            guard let acc = basis(s, v), acc > 0, let perLabel = ratio(s, v, C.cost, C.count) else {
                return nil
            }
            return perLabel / acc
        }
        func sharedDifference(_ s: UnsafePointer<Double>, _ p: Int) -> Double? {
            let q = s + pairBase + 4 * p
            guard q[1] > 0, q[3] > 0 else { return nil }
            return q[0] / q[1] - q[2] / q[3]
        }
        func allDifference(_ s: UnsafePointer<Double>, _ p: Int) -> Double? {
            guard let a = basis(s, pairs[p].a), let b = basis(s, pairs[p].b) else { return nil }
            return a - b
        }

        let point = table.totals()
        let sums = bootstrap > 0 ? table.resampledSums(replicates: bootstrap, seed: seed) : []
        // One figure's replicate values.
        func replicates(_ f: (UnsafePointer<Double>) -> Double?) -> [Double] {
            sums.withUnsafeBufferPointer { s in
                (0..<bootstrap).map { r in f(s.baseAddress! + r * table.stride) ?? .nan }
            }
        }
        func estimate(_ value: Double, units: Int, _ f: (UnsafePointer<Double>) -> Double?)
            -> VendorScorecard.Estimate
        {
            guard bootstrap > 0 else { return .init(value: value, low: nil, high: nil) }
            if let reason = Bootstrap.insufficient(units) {
                return .init(value: value, low: nil, high: nil, reason: reason)
            }
            guard let ci = Bootstrap.percentileInterval(replicates(f)) else {
                return .init(
                    value: value, low: nil, high: nil,
                    reason: "fewer than \(Bootstrap.minimumReplicates) bootstrap replicates had a value")
            }
            return .init(value: value, low: ci.low, high: ci.high)
        }

        let costs = set.extras.cost
        let durations = set.extras.durationSeconds
        var cards: [VendorScorecard] = []
        point.withUnsafeBufferPointer { pointSums in
            let s = pointSums.baseAddress!
            for v in active {
                let members = (0..<set.annotatorCount).filter { set.annotatorVendor[$0] == Int32(v) }
                var seconds: [Double] = []
                var labelsWithCost = 0
                for a in members {
                    for l in set.labels(ofAnnotator: a) {
                        if !durations.isEmpty, !durations[Int(l)].isNaN { seconds.append(durations[Int(l)]) }
                        if !costs.isEmpty, !costs[Int(l)].isNaN { labelsWithCost += 1 }
                    }
                }
                let totalCost = s[v * c + C.cost]
                let vendorSet = set.subset { set.annotatorVendor[Int(set.annotator[$0])] == Int32(v) }
                cards.append(
                    VendorScorecard(
                        vendor: v, annotators: members.count, labels: labelsOf[v], items: items[v],
                        goldLabels: goldLabelsOf[v], goldItems: goldItems[v],
                        goldAccuracy: goldLabelsOf[v] > 0
                            ? goldAccuracy(s, v).map {
                                estimate($0, units: goldItems[v]) { goldAccuracy($0, v) }
                            }
                            : nil,
                        estimatedAccuracy: estimate(estimated(s, v) ?? 0, units: items[v]) {
                            estimated($0, v)
                        },
                        alpha: KrippendorffAlpha.compute(vendorSet, level: .nominal).value,
                        flaggedAnnotators: members.filter { !annotatorCards[$0].flags.isEmpty }.count,
                        medianSeconds: AnnotatorScorecard.median(&seconds),
                        costPerLabel: labelsWithCost > 0 ? totalCost / Double(labelsWithCost) : nil,
                        totalCost: labelsWithCost > 0 ? totalCost : nil,
                        costPerCorrectLabel: labelsWithCost > 0
                            ? costPerCorrect(s, v).map {
                                estimate($0, units: basisUnits[v]) { costPerCorrect($0, v) }
                            }
                            : nil))
            }
        }

        var comparisons: [VendorComparison] = []
        point.withUnsafeBufferPointer { pointSums in
            let s = pointSums.baseAddress!
            for (p, pair) in pairs.enumerated() {
                for scope in ["shared items", "all items"] {
                    let isShared = scope == "shared items"
                    let units =
                        isShared ? shared[p] : basisUnits[pair.a] + basisUnits[pair.b] - shared[p]
                    // Overall, each vendor's own figure needs its own units.
                    let least = isShared ? shared[p] : min(basisUnits[pair.a], basisUnits[pair.b])
                    var comparison = VendorComparison(
                        a: pair.a, b: pair.b, scope: scope, basis: basisName, items: units, difference: nil,
                        pValue: nil, pHolm: nil, reason: nil)
                    let f: (UnsafePointer<Double>) -> Double? = {
                        isShared ? sharedDifference($0, p) : allDifference($0, p)
                    }
                    guard let value = f(s) else {
                        comparison.reason =
                            isShared ? "no shared \(useGold ? "gold " : "")item" : "no accuracy"
                        comparisons.append(comparison)
                        continue
                    }
                    let difference = estimate(value, units: least, f)
                    comparison.difference = difference
                    comparison.reason = difference.reason
                    if difference.low != nil {
                        let diffs = replicates(f).filter(\.isFinite)
                        let below = Double(diffs.filter { $0 <= 0 }.count)
                        let above = Double(diffs.filter { $0 >= 0 }.count)
                        comparison.pValue = min(1, 2 * min(below, above) / Double(diffs.count))
                    }
                    comparisons.append(comparison)
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
