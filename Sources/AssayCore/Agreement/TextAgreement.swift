// Assay — quality control for human-labelled training data.

/// Agreement among free-text answers: the mean pairwise word error rate between answers of
/// different annotators on the same item (0 = every pair identical; lower is better agreement),
/// with a seeded bootstrap interval over items.
///
/// A pair's rate is symmetric: its word edits over the mean length of its two answers, the mean of
/// the two directions' WER. The figure is micro-averaged: total edits over total mean lengths, over
/// all pairs of all items.
public struct TextAgreement: Sendable {
    /// The mean pairwise WER, nil when no item has answers by two different annotators.
    public var meanPairwiseWER: Double?
    /// Lower end of the 95% bootstrap percentile interval (nil without bootstrap).
    public var ciLow: Double?
    /// Upper end of the interval.
    public var ciHigh: Double?
    /// Items with at least one pair.
    public var items: Int
    /// Answer pairs compared.
    public var pairs: Int
    /// Why there is no interval, when a bootstrap was asked for and there is none (too few items).
    public var ciReason: String? = nil

    /// Mean pairwise WER of `set` with a `bootstrap`-replicate interval when `bootstrap > 0`.
    /// - Complexity: `AnswerDistances` (pass them to reuse), then O(Σ n² + bootstrap × items).
    public static func estimate(
        _ set: TextSet, distances given: AnswerDistances? = nil, bootstrap: Int = 0, seed: UInt64 = 0
    ) -> TextAgreement {
        let distances = given ?? AnswerDistances(set)
        // Per item with pairs: total edits and total mean length (doubled, to stay in integers).
        var itemEdits: [Int] = []
        var itemLength: [Int] = []
        var pairs = 0
        for i in 0..<set.itemCount {
            let range = set.index.labels(ofItem: i)
            let n = range.count
            let base = distances.matrixOffsets[i]
            var edits = 0
            var length = 0
            var count = 0
            for j in 0..<n {
                for k in (j + 1)..<max(n, j + 1)
                where set.index.annotator[range.lowerBound + j] != set.index.annotator[range.lowerBound + k] {
                    edits += 2 * Int(distances.edits[base + j * n + k])
                    length += set.words.length(range.lowerBound + j) + set.words.length(range.lowerBound + k)
                    count += 1
                }
            }
            guard count > 0 else { continue }
            itemEdits.append(edits)
            itemLength.append(length)
            pairs += count
        }
        func rate(_ e: Int, _ w: Int) -> Double { Double(e) / Double(max(w, 1)) }
        guard !itemEdits.isEmpty else {
            return TextAgreement(meanPairwiseWER: nil, ciLow: nil, ciHigh: nil, items: 0, pairs: 0)
        }
        let value = rate(itemEdits.reduce(0, +), itemLength.reduce(0, +))
        var low: Double?
        var high: Double?
        // No interval from fewer items than a percentile bootstrap needs (`Bootstrap.minimumUnits`).
        if bootstrap > 0, let reason = Bootstrap.insufficient(itemEdits.count) {
            var result = TextAgreement(
                meanPairwiseWER: value, ciLow: nil, ciHigh: nil, items: itemEdits.count, pairs: pairs)
            result.ciReason = reason
            return result
        }
        if bootstrap > 0 {
            var rng = SeededGenerator(seed: seed)
            var values: [Double] = []
            values.reserveCapacity(bootstrap)
            let m = itemEdits.count
            for _ in 0..<bootstrap {
                var e = 0
                var w = 0
                for _ in 0..<m {
                    let i = Int(rng.next() % UInt64(m))
                    e += itemEdits[i]
                    w += itemLength[i]
                }
                values.append(rate(e, w))
            }
            values.sort()
            low = Bootstrap.quantile(values, 0.025)
            high = Bootstrap.quantile(values, 0.975)
        }
        return TextAgreement(
            meanPairwiseWER: value, ciLow: low, ciHigh: high, items: itemEdits.count, pairs: pairs)
    }
}
