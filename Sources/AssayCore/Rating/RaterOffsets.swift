// Assay — quality control for human-labelled training data.

/// Severity and noise of each rater measured against given item values (for methods that infer
/// item values first: mean, median, ordinal Dawid–Skene): severity is the rater's mean residual,
/// noise the sd of its residuals around that mean (the pooled sd when it has one rating), and the
/// severity's 95% interval is severity ± z · noise / √n.
enum RaterOffsets {
    /// Per rater: severity, its interval, noise, ratings.
    /// - Complexity: O(labels + annotators).
    static func measure(_ set: RatingSet, values: [Double]) -> (
        severity: [Double], low: [Double], high: [Double], noise: [Double], ratings: [Int]
    ) {
        let nA = set.annotatorCount
        var sum = [Double](repeating: 0, count: nA)
        var count = [Int](repeating: 0, count: nA)
        for l in 0..<set.count {
            let a = Int(set.index.annotator[l])
            sum[a] += set.value[l] - values[Int(set.index.item[l])]
            count[a] += 1
        }
        let severity = (0..<nA).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : 0 }
        var squares = [Double](repeating: 0, count: nA)
        for l in 0..<set.count {
            let a = Int(set.index.annotator[l])
            let e = set.value[l] - values[Int(set.index.item[l])] - severity[a]
            squares[a] += e * e
        }
        var pooledSquares = 0.0
        var pooledFreedom = 0
        for a in 0..<nA where count[a] > 1 {
            pooledSquares += squares[a]
            pooledFreedom += count[a] - 1
        }
        let pooled =
            pooledFreedom > 0 ? (pooledSquares / Double(pooledFreedom)).squareRoot() : (set.scale.step ?? 0)
        let noise = (0..<nA).map {
            count[$0] > 1 ? (squares[$0] / Double(count[$0] - 1)).squareRoot() : pooled
        }
        let z = RatingConsensus.z95
        let half = (0..<nA).map {
            count[$0] > 0 ? z * noise[$0] / Double(count[$0]).squareRoot() : z * pooled
        }
        return (
            severity, (0..<nA).map { severity[$0] - half[$0] }, (0..<nA).map { severity[$0] + half[$0] },
            noise,
            count
        )
    }

    /// A consensus from item values and intervals with the raters measured against the values.
    static func consensus(
        method: String, set: RatingSet, value: [Double], low: [Double], high: [Double], notes: [String]
    ) -> RatingConsensus {
        let raters = measure(set, values: value)
        return RatingConsensus(
            method: method, value: value, low: low, high: high,
            itemRatings: (0..<set.itemCount).map { set.index.labels(ofItem: $0).count },
            severity: raters.severity,
            severityLow: raters.low, severityHigh: raters.high, noise: raters.noise,
            raterRatings: raters.ratings,
            iterations: 1, converged: true, notes: notes)
    }
}
