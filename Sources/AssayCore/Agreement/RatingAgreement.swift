// Assay — quality control for human-labelled training data.

/// Krippendorff's α of a rating set with a seeded bootstrap interval over items: what `assay
/// agreement --type rating` and the rating report print.
///
/// An item enters α only through the multiset of its values, so each pairable item is kept once as
/// its distinct values with their counts (a value's index among the set's distinct pairable values,
/// and how often the item has it). A replicate draws how many times each item is resampled (one
/// multinomial, `Bootstrap.replicates`) and evaluates α on the weighted items:
/// - interval: α = 1 − (n − 1) · Σ_u f_u m_u SS_u / (m_u − 1) / (n · T), n = Σ f_u m_u and
///   T = Σ f_u (SS_u + m_u (x̄_u − x̄)²) the total sum of squares about the weighted grand mean;
/// - ordinal: the same on mid-ranks M_v = (weighted values below v) + (weighted values equal to
///   v) / 2, recomputed per replicate (`KrippendorffAlpha.compute(_:level:)` says why M);
/// - nominal: 1 − (n − 1) · Σ_u f_u (m_u² − Σ_v m_uv²)/(m_u − 1) / (n² − Σ_v n_v²).
/// With every weight 1 these are `KrippendorffAlpha.compute(_:level:)`'s values (tested to 1e-12).
public enum RatingAgreement {
    /// α of `set` at `level` (nominal, ordinal or interval) with a `bootstrap`-replicate 95%
    /// percentile interval over items when `bootstrap > 0` and at least `Bootstrap.minimumUnits`
    /// items are pairable; otherwise `intervalReason` says why there is none.
    /// - Complexity: O(labels log labels) to prepare, then O(bootstrap × Σ_u distinct values of u)
    ///   on both cores.
    public static func estimate(
        _ set: RatingSet, level: MeasurementLevel, bootstrap: Int = 0, seed: UInt64 = 0
    )
        -> AgreementEstimate
    {
        let table = Table(set)
        var result = AgreementEstimate(
            metric: "alpha", level: level, value: nil, ciLow: nil, ciHigh: nil, items: table.items,
            labels: table.labels, interpretation: "undefined", undefinedReason: nil, intervalReason: nil)
        if level == .ratio {
            result.undefinedReason = "the ratio level is not offered for ratings; use interval or ordinal"
            return result
        }
        guard table.items > 0 else {
            result.undefinedReason = "no item has two or more values, so nothing can be compared"
            return result
        }
        let point = table.alpha(level: level, weights: nil)
        result.value = point
        guard let value = point else {
            result.undefinedReason =
                "every pairable value is the same, so no disagreement is expected by chance"
            return result
        }
        result.interpretation = Agreement.band(value, metric: "alpha")
        guard bootstrap > 0 else { return result }
        if let reason = Bootstrap.insufficient(table.items) {
            result.intervalReason = reason
            return result
        }
        let values = Bootstrap.replicates(
            groups: [Double](repeating: 1, count: table.items), count: bootstrap, seed: seed
        ) { table.alpha(level: level, weights: $0) }
        result.setInterval(replicates: values)
        return result
    }

    /// The pairable items as runs of (distinct value, count).
    struct Table: Sendable {
        /// The distinct pairable values, ascending.
        var distinct: [Double] = []
        /// Per pairable item, where its runs start in `value` and `count` (one more entry at the end).
        var offsets: [Int] = [0]
        /// Per run: the index of its value in `distinct`.
        var value: [Int32] = []
        /// Per run: how many of the item's labels have that value.
        var count: [Double] = []
        /// Pairable items.
        var items: Int { offsets.count - 1 }
        /// Labels on them.
        var labels = 0

        init(_ set: RatingSet) {
            var pairable: [Double] = []
            for i in 0..<set.itemCount where set.index.labels(ofItem: i).count >= 2 {
                for l in set.index.labels(ofItem: i) { pairable.append(set.value[l]) }
            }
            pairable.sort()
            for x in pairable where distinct.last != x { distinct.append(x) }
            labels = pairable.count
            var own: [Double] = []
            for i in 0..<set.itemCount {
                let r = set.index.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                own.removeAll(keepingCapacity: true)
                for l in r { own.append(set.value[l]) }
                own.sort()
                var start = 0
                while start < own.count {
                    var end = start + 1
                    while end < own.count && own[end] == own[start] { end += 1 }
                    value.append(Int32(Self.position(of: own[start], in: distinct)))
                    count.append(Double(end - start))
                    start = end
                }
                offsets.append(value.count)
            }
        }

        /// Index of `x` in the ascending `sorted`, which holds it.
        static func position(of x: Double, in sorted: [Double]) -> Int {
            var lo = 0
            var hi = sorted.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// α with item `u` counted `weights[u]` times (once each when nil); nil when undefined.
        /// - Complexity: O(runs + distinct values).
        func alpha(level: MeasurementLevel, weights: [Double]?) -> Double? {
            var totals = [Double](repeating: 0, count: distinct.count)
            var n = 0.0
            for u in 0..<items {
                let f = weights?[u] ?? 1
                guard f > 0 else { continue }
                for r in offsets[u]..<offsets[u + 1] {
                    totals[Int(value[r])] += f * count[r]
                    n += f * count[r]
                }
            }
            guard n > 1 else { return nil }
            if level == .nominal {
                var within = 0.0
                for u in 0..<items {
                    let f = weights?[u] ?? 1
                    guard f > 0 else { continue }
                    var m = 0.0
                    var squares = 0.0
                    for r in offsets[u]..<offsets[u + 1] {
                        m += count[r]
                        squares += count[r] * count[r]
                    }
                    within += f * (m * m - squares) / (m - 1)
                }
                let expected = n * n - totals.reduce(0) { $0 + $1 * $1 }
                return expected > 0 ? 1 - (n - 1) * within / expected : nil
            }
            // The number each distinct value stands for: itself, or its weighted mid-rank.
            var x = distinct
            if level == .ordinal {
                var below = 0.0
                for v in 0..<distinct.count {
                    x[v] = below + totals[v] / 2
                    below += totals[v]
                }
            }
            var grand = 0.0
            for v in 0..<distinct.count { grand += totals[v] * x[v] }
            grand /= n
            var within = 0.0
            var total = 0.0
            for u in 0..<items {
                let f = weights?[u] ?? 1
                guard f > 0 else { continue }
                var m = 0.0
                var sum = 0.0
                for r in offsets[u]..<offsets[u + 1] {
                    m += count[r]
                    sum += count[r] * x[Int(value[r])]
                }
                let mean = sum / m
                var ss = 0.0
                for r in offsets[u]..<offsets[u + 1] {
                    let d = x[Int(value[r])] - mean
                    ss += count[r] * d * d
                }
                within += f * m * ss / (m - 1)
                total += f * (ss + m * (mean - grand) * (mean - grand))
            }
            return total > 0 ? 1 - (n - 1) * within / (n * total) : nil
        }
    }
}

extension AgreementEstimate {
    /// Sets the 95% percentile interval of bootstrap `replicates`, or the reason there is none
    /// (fewer than `Bootstrap.minimumReplicates` defined values).
    mutating func setInterval(replicates: [Double]) {
        if let interval = Bootstrap.percentileInterval(replicates) {
            ciLow = interval.low
            ciHigh = interval.high
        } else {
            intervalReason =
                "fewer than \(Bootstrap.minimumReplicates) bootstrap replicates had a defined value"
        }
    }
}
