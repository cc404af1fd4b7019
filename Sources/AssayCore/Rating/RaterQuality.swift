// Assay — quality control for human-labelled training data.

/// What a rating consensus says about each rater and each vendor beyond the model's own severity
/// and noise: how well their ratings follow the consensus (Pearson's r of a rating with its item's
/// consensus value), and for a vendor — whose raters the model does not pool — its severity as the
/// mean offset of its ratings from the consensus, with a bootstrap interval over items, and its
/// noise as the spread of those offsets.
public struct RaterQuality: Sendable {
    /// Per annotator: ratings given.
    public var ratings: [Int]
    /// Per annotator: distinct items rated.
    public var items: [Int]
    /// Per annotator: Pearson's r of their ratings with the consensus values of the rated items (nil
    /// with fewer than two ratings or a constant side).
    public var correlation: [Double?]
    /// Per vendor: raters with at least one rating.
    public var vendorRaters: [Int]
    /// Per vendor: ratings.
    public var vendorRatings: [Int]
    /// Per vendor: distinct items rated.
    public var vendorItems: [Int]
    /// Per vendor: mean of (rating − the item's consensus value); 0 without ratings.
    public var vendorSeverity: [Double]
    /// Per vendor: 95% percentile bootstrap interval of the severity over the vendor's items (nil
    /// when there is none; see `vendorSeverityReason`).
    public var vendorSeverityInterval: [(low: Double, high: Double)?]
    /// Per vendor: why there is no interval (too few items, or no bootstrap asked for).
    public var vendorSeverityReason: [String?]
    /// Per vendor: standard deviation of the offsets around the vendor's severity (0 with fewer
    /// than two ratings).
    public var vendorNoise: [Double]
    /// Per vendor: Pearson's r of the vendor's ratings with the consensus values.
    public var vendorCorrelation: [Double?]

    /// Measures every rater and vendor of `set` against `consensus`, with `bootstrap` replicates
    /// (seeded) behind each vendor's severity interval.
    /// - Complexity: O(labels + bootstrap × items) (the replicates on both cores).
    public static func measure(
        _ set: RatingSet, consensus: RatingConsensus, bootstrap: Int = 0, seed: UInt64 = 0
    )
        -> RaterQuality
    {
        let idx = set.index
        let nA = set.annotatorCount
        let nV = idx.vendorIDs.count
        var ratings = [Int](repeating: 0, count: nA)
        var items = [Int](repeating: 0, count: nA)
        var correlation = [Double?](repeating: nil, count: nA)
        var x: [Double] = []
        var y: [Double] = []
        for a in 0..<nA {
            let mine = idx.labels(ofAnnotator: a)
            ratings[a] = mine.count
            x.removeAll(keepingCapacity: true)
            y.removeAll(keepingCapacity: true)
            var last: Int32 = -1
            for l in mine {
                let i = idx.item[Int(l)]
                if i != last { items[a] += 1 }
                last = i
                x.append(set.value[Int(l)])
                y.append(consensus.value[Int(i)])
            }
            correlation[a] = RatingMetrics.pearson(x, y)
        }
        // Per vendor: its offsets per item (sum, count), for the severity and its bootstrap.
        var raters = [Int](repeating: 0, count: nV)
        for a in 0..<nA where ratings[a] > 0 { raters[Int(idx.annotatorVendor[a])] += 1 }
        var vendorRatings = [Int](repeating: 0, count: nV)
        var vendorItems = [Int](repeating: 0, count: nV)
        var severity = [Double](repeating: 0, count: nV)
        var interval = [(low: Double, high: Double)?](repeating: nil, count: nV)
        var reason = [String?](repeating: nil, count: nV)
        var noise = [Double](repeating: 0, count: nV)
        var vendorCorrelation = [Double?](repeating: nil, count: nV)
        var itemSum = [[Double]](repeating: [], count: nV)
        var itemCount = [[Double]](repeating: [], count: nV)
        var vx = [[Double]](repeating: [], count: nV)
        var vy = [[Double]](repeating: [], count: nV)
        var scratchSum = [Double](repeating: 0, count: nV)
        var scratchCount = [Double](repeating: 0, count: nV)
        var touched: [Int] = []
        for i in 0..<set.itemCount {
            for l in idx.labels(ofItem: i) {
                let v = Int(idx.annotatorVendor[Int(idx.annotator[l])])
                if scratchCount[v] == 0 { touched.append(v) }
                scratchSum[v] += set.value[l] - consensus.value[i]
                scratchCount[v] += 1
                vx[v].append(set.value[l])
                vy[v].append(consensus.value[i])
            }
            for v in touched {
                itemSum[v].append(scratchSum[v])
                itemCount[v].append(scratchCount[v])
                scratchSum[v] = 0
                scratchCount[v] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        for v in 0..<nV {
            let n = itemCount[v].reduce(0, +)
            vendorRatings[v] = Int(n)
            vendorItems[v] = itemCount[v].count
            guard n > 0 else { continue }
            let mean = itemSum[v].reduce(0, +) / n
            severity[v] = mean
            var ss = 0.0
            for (a, b) in zip(vx[v], vy[v]) { ss += (a - b - mean) * (a - b - mean) }
            noise[v] = n > 1 ? (ss / (n - 1)).squareRoot() : 0
            vendorCorrelation[v] = RatingMetrics.pearson(vx[v], vy[v])
            guard bootstrap > 0 else {
                reason[v] = "no bootstrap asked for"
                continue
            }
            if let few = Bootstrap.insufficient(vendorItems[v]) {
                reason[v] = few
                continue
            }
            let sums = itemSum[v]
            let counts = itemCount[v]
            let values = Bootstrap.replicates(
                groups: [Double](repeating: 1, count: sums.count), count: bootstrap, seed: seed &+ UInt64(v)
            ) { w in
                var s = 0.0
                var c = 0.0
                for j in 0..<w.count where w[j] > 0 {
                    s += w[j] * sums[j]
                    c += w[j] * counts[j]
                }
                return c > 0 ? s / c : nil
            }
            interval[v] = Bootstrap.percentileInterval(values)
            if interval[v] == nil {
                reason[v] =
                    "fewer than \(Bootstrap.minimumReplicates) bootstrap replicates had a defined value"
            }
        }
        return RaterQuality(
            ratings: ratings, items: items, correlation: correlation, vendorRaters: raters,
            vendorRatings: vendorRatings, vendorItems: vendorItems, vendorSeverity: severity,
            vendorSeverityInterval: interval, vendorSeverityReason: reason, vendorNoise: noise,
            vendorCorrelation: vendorCorrelation)
    }
}
