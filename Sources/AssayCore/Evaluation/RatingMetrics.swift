// Assay — quality control for human-labelled training data.

/// How well estimated values match true ones: Pearson's r, Spearman's ρ (Pearson on average ranks:
/// tied values share the mean of the ranks they span), mean absolute and root mean squared error.
public enum RatingMetrics {
    /// The metrics of one estimate against truth.
    public struct Score: Sendable, Equatable, Codable {
        /// Items with a known truth that were scored.
        public var scored: Int
        /// Pearson's r (nil when undefined: fewer than two items or a constant side).
        public var pearson: Double?
        /// Spearman's ρ (nil when undefined).
        public var spearman: Double?
        /// Mean absolute error (nil when nothing was scored).
        public var mae: Double?
        /// Root mean squared error (nil when nothing was scored).
        public var rmse: Double?
    }

    /// Scores `estimate` against `truth` on the items whose truth is known (NaN = unknown).
    /// - Complexity: O(n log n).
    public static func score(_ estimate: [Double], truth: [Double]) -> Score {
        precondition(estimate.count == truth.count, "samples differ in length")
        let known = truth.indices.filter { !truth[$0].isNaN }
        let e = known.map { estimate[$0] }
        let t = known.map { truth[$0] }
        return Score(
            scored: known.count, pearson: pearson(e, t), spearman: spearman(e, t),
            mae: meanAbsoluteError(e, t),
            rmse: rootMeanSquaredError(e, t))
    }

    /// Pearson's r of `x` and `y`; nil when fewer than two pairs or either sample is constant.
    /// - Complexity: O(n).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "samples differ in length")
        let n = x.count
        guard n >= 2 else { return nil }
        var mx = 0.0
        var my = 0.0
        for k in 0..<n {
            mx += x[k]
            my += y[k]
        }
        mx /= Double(n)
        my /= Double(n)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for k in 0..<n {
            let dx = x[k] - mx
            let dy = y[k] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's ρ: Pearson's r of the average ranks; nil as for `pearson`.
    /// - Complexity: O(n log n).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        pearson(ranks(x), ranks(y))
    }

    /// Ranks 1…n of `x`, tied values sharing the mean of the ranks they span.
    /// - Complexity: O(n log n).
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        var rank = [Double](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && x[order[end]] == x[order[start]] { end += 1 }
            let mean = Double(start + end + 1) / 2
            for k in start..<end { rank[order[k]] = mean }
            start = end
        }
        return rank
    }

    /// Mean absolute error of `estimate` against `truth`; nil for empty samples.
    /// - Complexity: O(n).
    public static func meanAbsoluteError(_ estimate: [Double], _ truth: [Double]) -> Double? {
        precondition(estimate.count == truth.count, "samples differ in length")
        guard !truth.isEmpty else { return nil }
        var s = 0.0
        for k in truth.indices { s += abs(estimate[k] - truth[k]) }
        return s / Double(truth.count)
    }

    /// Root mean squared error of `estimate` against `truth`; nil for empty samples.
    /// - Complexity: O(n).
    public static func rootMeanSquaredError(_ estimate: [Double], _ truth: [Double]) -> Double? {
        precondition(estimate.count == truth.count, "samples differ in length")
        guard !truth.isEmpty else { return nil }
        var s = 0.0
        for k in truth.indices { s += (estimate[k] - truth[k]) * (estimate[k] - truth[k]) }
        return (s / Double(truth.count)).squareRoot()
    }
}
