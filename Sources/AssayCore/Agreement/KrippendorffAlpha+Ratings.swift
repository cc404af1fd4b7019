// Assay — quality control for human-labelled training data.

/// Krippendorff's α on ratings with any number of distinct values.
///
/// The categorical `compute(_:level:numericValues:)` builds a K × K coincidence matrix over the
/// distinct values and, at the ordinal level, sums marginals over every pair of values: fine for
/// a 5-step scale, but a 0–100 slider or an MQM penalty in tenths has hundreds to thousands of
/// distinct values (K² cells, K³ steps), and a continuous scale up to one per rating. This
/// extension needs no matrix:
///
/// - interval: the sum of (x − y)² over the ordered pairs of a group of m values is 2m·SS, with SS
///   the sum of squares about the group's mean, so
///   α = 1 − (n − 1) · Σ_u m_u·SS_u / (m_u − 1) / (n · SS), over the pairable items u (m_u ≥ 2),
///   n their values and SS the sum of squares of all of them;
/// - ordinal: Krippendorff's ordinal δ(c, k) = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)² equals
///   (M_k − M_c)² with M_v = (number of pairable values below v) + n_v / 2, so the ordinal α is the
///   interval α of the values replaced by M (their mid-ranks minus ½);
/// - nominal: 1 − (n − 1) · Σ_u (m_u² − Σ_v m_uv²)/(m_u − 1) / (n² − Σ_v n_v²).
///
/// The same α as the `krippendorff` package (0.9.0) to 1e-9 on the shared rating datasets
/// (`Tests/AssayFormatsTests/RatingAgreementPeerTests.swift`).
extension KrippendorffAlpha {
    /// α of `set`'s ratings at `level` (nominal, ordinal or interval; ratio is not offered for
    /// ratings and gives nil with a reason).
    /// - Complexity: O(labels) at the interval level, O(labels · log labels) otherwise.
    public static func compute(_ set: RatingSet, level: MeasurementLevel) -> Result {
        let idx = set.index
        var pairable = 0
        var values = 0
        for i in 0..<idx.itemCount where idx.labels(ofItem: i).count >= 2 {
            pairable += 1
            values += idx.labels(ofItem: i).count
        }
        func undefined(_ reason: String) -> Result {
            Result(value: nil, pairableItems: pairable, pairableValues: values, undefinedReason: reason)
        }
        guard pairable > 0 else {
            return undefined("no item has two or more values, so nothing can be compared")
        }
        let n = Double(values)
        switch level {
        case .ratio:
            return undefined("the ratio level is not offered for ratings; use interval or ordinal")
        case .interval, .ordinal:
            var x = set.value
            if level == .ordinal { x = midRanks(set) }
            var within = 0.0
            var total = 0.0
            var grand = 0.0
            for i in 0..<idx.itemCount {
                let r = idx.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                var mean = 0.0
                for l in r { mean += x[l] }
                grand += mean
                mean /= Double(r.count)
                var ss = 0.0
                for l in r { ss += (x[l] - mean) * (x[l] - mean) }
                within += Double(r.count) * ss / Double(r.count - 1)
            }
            grand /= n
            for i in 0..<idx.itemCount {
                let r = idx.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                for l in r { total += (x[l] - grand) * (x[l] - grand) }
            }
            guard total > 0 else {
                return undefined("every pairable value is the same, so no disagreement is expected by chance")
            }
            return Result(
                value: 1 - (n - 1) * within / (n * total), pairableItems: pairable, pairableValues: values,
                undefinedReason: nil)
        case .nominal:
            var within = 0.0
            var buffer: [Double] = []
            for i in 0..<idx.itemCount {
                let r = idx.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                buffer.removeAll(keepingCapacity: true)
                for l in r { buffer.append(set.value[l]) }
                let m = Double(r.count)
                within += (m * m - sumOfSquaredRunLengths(&buffer)) / (m - 1)
            }
            var all = pairableValues(set)
            let expected = n * n - sumOfSquaredRunLengths(&all)
            guard expected > 0 else {
                return undefined("every pairable value is the same, so no disagreement is expected by chance")
            }
            return Result(
                value: 1 - (n - 1) * within / expected, pairableItems: pairable, pairableValues: values,
                undefinedReason: nil)
        }
    }

    /// The values of the labels on items with two or more labels.
    static func pairableValues(_ set: RatingSet) -> [Double] {
        var out: [Double] = []
        for i in 0..<set.itemCount {
            let r = set.index.labels(ofItem: i)
            if r.count >= 2 { for l in r { out.append(set.value[l]) } }
        }
        return out
    }

    /// Σ over distinct values of (count of the value)², sorting `values` in place.
    static func sumOfSquaredRunLengths(_ values: inout [Double]) -> Double {
        values.sort()
        var s = 0.0
        var start = 0
        while start < values.count {
            var end = start + 1
            while end < values.count && values[end] == values[start] { end += 1 }
            s += Double(end - start) * Double(end - start)
            start = end
        }
        return s
    }

    /// `midRanks` on a stepped scale by counting the pairable values on each step (no sort); a
    /// value off the steps falls back to the sort.
    /// - Complexity: O(labels + steps).
    static func midRanksByStep(_ set: RatingSet, steps: Int) -> [Double] {
        var step = [Int32](repeating: -1, count: set.count)
        var count = [Double](repeating: 0, count: steps)
        for i in 0..<set.itemCount {
            let r = set.index.labels(ofItem: i)
            guard r.count >= 2 else { continue }
            for l in r {
                guard let k = set.scale.stepIndex(of: set.value[l]) else {
                    return midRanks(
                        RatingSet(
                            index: set.index, value: set.value,
                            scale: try! RatingScale(minimum: -.infinity, maximum: .infinity)))
                }
                step[l] = Int32(k)
                count[k] += 1
            }
        }
        var rank = [Double](repeating: 0, count: steps)
        var below = 0.0
        for k in 0..<steps {
            rank[k] = below + count[k] / 2
            below += count[k]
        }
        return step.map { $0 >= 0 ? rank[Int($0)] : 0 }
    }

    /// Each label's value replaced by M_v = (pairable values below v) + (pairable values equal to
    /// v) / 2; labels of unpairable items get 0 (they are not used).
    /// - Complexity: O(labels · log labels).
    static func midRanks(_ set: RatingSet) -> [Double] {
        if let steps = set.scale.stepCount, steps <= 1 << 20 { return midRanksByStep(set, steps: steps) }
        var sorted = pairableValues(set)
        sorted.sort()
        var distinct: [Double] = []
        var rank: [Double] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
            distinct.append(sorted[start])
            rank.append(Double(start) + Double(end - start) / 2)
            start = end
        }
        var out = [Double](repeating: 0, count: set.count)
        for i in 0..<set.itemCount {
            let r = set.index.labels(ofItem: i)
            guard r.count >= 2 else { continue }
            for l in r {
                // Binary search for the label's value among the distinct values.
                var lo = 0
                var hi = distinct.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if distinct[mid] < set.value[l] { lo = mid + 1 } else { hi = mid }
                }
                out[l] = rank[lo]
            }
        }
        return out
    }
}
