// Assay — quality control for human-labelled training data.

/// The spread used by the baselines' intervals: each item's sd of its ratings, pooled with the sd
/// of all items (2 pseudo-degrees of freedom) so that items with one or two ratings, or with
/// identical ratings, still get an honest width.
enum RatingSpread {
    /// Per item: mean, sd (pooled as above), ratings.
    /// - Complexity: O(labels).
    static func items(_ set: RatingSet) -> (mean: [Double], sd: [Double], count: [Int], pooledSD: Double) {
        let nI = set.itemCount
        var mean = [Double](repeating: 0, count: nI)
        var squares = [Double](repeating: 0, count: nI)
        var count = [Int](repeating: 0, count: nI)
        var pooledSquares = 0.0
        var pooledFreedom = 0
        var all = 0.0
        for v in set.value { all += v }
        let grand = set.count > 0 ? all / Double(set.count) : 0
        for i in 0..<nI {
            let r = set.index.labels(ofItem: i)
            count[i] = r.count
            guard !r.isEmpty else {
                mean[i] = grand
                continue
            }
            var s = 0.0
            for l in r { s += set.value[l] }
            let m = s / Double(r.count)
            var q = 0.0
            for l in r { q += (set.value[l] - m) * (set.value[l] - m) }
            mean[i] = m
            squares[i] = q
            pooledSquares += q
            pooledFreedom += r.count - 1
        }
        let pooled =
            pooledFreedom > 0 ? (pooledSquares / Double(pooledFreedom)).squareRoot() : (set.scale.step ?? 0)
        let prior = 2.0
        let sd = (0..<nI).map { i in
            ((squares[i] + prior * pooled * pooled) / (Double(max(count[i] - 1, 0)) + prior)).squareRoot()
        }
        return (mean, sd, count, pooled)
    }
}

/// The plain mean of each item's ratings; interval mean ± 1.96 · sd / √m (sd pooled as in
/// `RatingSpread`). Raters are measured against the means.
public struct MeanRating: RatingMethod {
    /// `mean`.
    public let name = "mean"
    /// The plain mean.
    public init() {}

    /// - Complexity: O(labels).
    public func infer(_ set: RatingSet) -> RatingConsensus {
        let s = RatingSpread.items(set)
        let z = RatingConsensus.z95
        let half = (0..<set.itemCount).map { z * s.sd[$0] / Double(max(s.count[$0], 1)).squareRoot() }
        return RaterOffsets.consensus(
            method: name, set: set, value: s.mean, low: zip(s.mean, half).map { $0 - $1 },
            high: zip(s.mean, half).map { $0 + $1 }, notes: [])
    }
}

/// The median of each item's ratings (the mean of the two middle ones for an even count);
/// interval median ± 1.96 · 1.2533 · sd / √m, the median's large-sample standard error for normal
/// ratings (sd pooled as in `RatingSpread`). Raters are measured against the medians.
public struct MedianRating: RatingMethod {
    /// `median`.
    public let name = "median"
    /// The plain median.
    public init() {}

    /// - Complexity: O(labels · log(ratings per item)).
    public func infer(_ set: RatingSet) -> RatingConsensus {
        let s = RatingSpread.items(set)
        var median = s.mean
        var buffer: [Double] = []
        for i in 0..<set.itemCount {
            let r = set.index.labels(ofItem: i)
            guard !r.isEmpty else { continue }
            buffer.removeAll(keepingCapacity: true)
            for l in r { buffer.append(set.value[l]) }
            buffer.sort()
            let m = buffer.count
            median[i] = m % 2 == 1 ? buffer[m / 2] : (buffer[m / 2 - 1] + buffer[m / 2]) / 2
        }
        let z = RatingConsensus.z95 * 1.2533141373155
        let half = (0..<set.itemCount).map { z * s.sd[$0] / Double(max(s.count[$0], 1)).squareRoot() }
        return RaterOffsets.consensus(
            method: name, set: set, value: median, low: zip(median, half).map { $0 - $1 },
            high: zip(median, half).map { $0 + $1 }, notes: [])
    }
}
