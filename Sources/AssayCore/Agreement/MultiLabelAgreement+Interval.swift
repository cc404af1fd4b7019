// Assay — quality control for human-labelled training data.

extension MultiLabelAgreement {
    /// The most distinct pairable sets a set-α interval is computed over (a replicate costs the
    /// square of their number).
    public static let intervalDistinctSetLimit = 2_000

    /// α over whole sets with `distance` (as `setAlpha`), with a `bootstrap`-replicate 95%
    /// percentile interval over items when `bootstrap > 0`, at least `Bootstrap.minimumUnits` items
    /// are pairable and at most `intervalDistinctSetLimit` distinct sets occur; otherwise
    /// `intervalReason` says why there is none. Metric `alpha_<distance>`, level nominal.
    ///
    /// An item enters α through its observed disagreement Σ_{i≠j} δ(S_i, S_j)/(m_u − 1) and the
    /// counts of the distinct sets among its labels, so a replicate weights those (the items drawn
    /// `f_u` times) and evaluates 1 − (n − 1) · Σ_u f_u D_u / Σ_{s≠t} N_s N_t δ(s, t), with
    /// N_s = Σ_u f_u c_us and n = Σ_u f_u m_u; with every weight 1 it is `setAlpha`.
    /// - Complexity: `setAlpha`'s, then O(bootstrap × (runs + D²)) on both cores, D the distinct sets.
    public static func setAlphaEstimate(
        _ set: MultiLabelSet, distance: SetDistance = .jaccard, bootstrap: Int = 0, seed: UInt64 = 0
    ) -> AgreementEstimate {
        let point = setAlpha(set, distance: distance)
        var result = AgreementEstimate(
            metric: "alpha_\(distance.rawValue)", level: .nominal, value: point.value, ciLow: nil,
            ciHigh: nil,
            items: point.pairableItems, labels: point.pairableValues,
            interpretation: point.value.map { Agreement.band($0, metric: "alpha") } ?? "undefined",
            undefinedReason: point.undefinedReason, intervalReason: nil)
        guard bootstrap > 0, point.value != nil else { return result }
        if let reason = Bootstrap.insufficient(point.pairableItems) {
            result.intervalReason = reason
            return result
        }
        // Per pairable item: observed disagreement and its runs of (distinct set, count).
        let w = set.wordsPerLabel
        let idx = set.index
        var pairable: [Int] = []
        for i in 0..<idx.itemCount where idx.labels(ofItem: i).count >= 2 {
            pairable.append(contentsOf: idx.labels(ofItem: i))
        }
        func less(_ x: Int, _ y: Int) -> Bool {
            for k in 0..<w where set.words[x * w + k] != set.words[y * w + k] {
                return set.words[x * w + k] < set.words[y * w + k]
            }
            return false
        }
        pairable.sort(by: less)
        var distinct: [Int] = []
        for x in pairable where distinct.last.map({ less($0, x) }) ?? true { distinct.append(x) }
        guard distinct.count <= intervalDistinctSetLimit else {
            result.intervalReason =
                "\(distinct.count) distinct label sets (an interval is computed for at most \(intervalDistinctSetLimit))"
            return result
        }
        func position(_ x: Int) -> Int {
            var lo = 0
            var hi = distinct.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if less(distinct[mid], x) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let d = distinct.count
        var delta = [Double](repeating: 0, count: d * d)
        var observed: [Double] = []
        var offsets = [0]
        var runSet: [Int32] = []
        var runCount: [Double] = []
        set.words.withUnsafeBufferPointer { words in
            let base = words.baseAddress!
            for s in 0..<d {
                for t in 0..<d where t != s {
                    delta[s * d + t] = distance.between(
                        base + distinct[s] * w, base + distinct[t] * w, words: w)
                }
            }
            var ids: [Int] = []
            for i in 0..<idx.itemCount {
                let r = idx.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                var sum = 0.0
                ids.removeAll(keepingCapacity: true)
                for x in r {
                    ids.append(position(x))
                    for y in r where y != x { sum += distance.between(base + x * w, base + y * w, words: w) }
                }
                observed.append(sum / Double(r.count - 1))
                ids.sort()
                var start = 0
                while start < ids.count {
                    var end = start + 1
                    while end < ids.count && ids[end] == ids[start] { end += 1 }
                    runSet.append(Int32(ids[start]))
                    runCount.append(Double(end - start))
                    start = end
                }
                offsets.append(runSet.count)
            }
        }
        let (delta0, observed0, offsets0, runSet0, runCount0) = (delta, observed, offsets, runSet, runCount)
        let values = Bootstrap.replicates(
            groups: [Double](repeating: 1, count: observed.count), count: bootstrap, seed: seed
        ) { f in
            var totals = [Double](repeating: 0, count: d)
            var n = 0.0
            var within = 0.0
            for u in 0..<f.count where f[u] > 0 {
                within += f[u] * observed0[u]
                for r in offsets0[u]..<offsets0[u + 1] {
                    totals[Int(runSet0[r])] += f[u] * runCount0[r]
                    n += f[u] * runCount0[r]
                }
            }
            var expected = 0.0
            for s in 0..<d where totals[s] > 0 {
                for t in 0..<d where totals[t] > 0 { expected += totals[s] * totals[t] * delta0[s * d + t] }
            }
            return expected > 0 ? 1 - (n - 1) * within / expected : nil
        }
        result.setInterval(replicates: values)
        return result
    }
}
