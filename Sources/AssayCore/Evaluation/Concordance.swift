// Assay — quality control for human-labelled training data.

/// How well object scores order objects whose true order is known: the pair counts behind Kendall's
/// τ-b and pair accuracy, counted in O(n log n) (Knight 1966: sort by truth, count inversions).
///
/// Objects whose truth or score is NaN are left out.
public struct Concordance: Sendable, Equatable {
    /// Objects compared (truth and score both present).
    public var objects: Int
    /// All unordered pairs of them, n(n − 1)/2.
    public var pairs: Int
    /// Pairs tied in truth.
    public var truthTies: Int
    /// Pairs tied in score.
    public var scoreTies: Int
    /// Pairs tied in both.
    public var jointTies: Int
    /// Pairs ordered one way by truth and the other way by score.
    public var discordant: Int

    /// Pairs with different truths: the denominator of pair accuracy.
    public var orderedPairs: Int { pairs - truthTies }
    /// Pairs ordered the same way by truth and score (both strictly).
    public var concordant: Int { orderedPairs - discordant - (scoreTies - jointTies) }

    /// Pair accuracy as BoRa_EM's `compute_acc` defines it (readability's SOURCE.md): over the
    /// pairs with truth_i > truth_j, the share with score_i > score_j; equal scores count as wrong.
    /// Nil when every truth is equal.
    public var pairAccuracy: Double? { orderedPairs > 0 ? Double(concordant) / Double(orderedPairs) : nil }

    /// Kendall's τ-b, as `scipy.stats.kendalltau` computes it: (concordant − discordant) divided by
    /// √((pairs − truth ties)(pairs − score ties)). Nil when either side is constant.
    public var kendallTauB: Double? {
        let x = Double(pairs - truthTies) * Double(pairs - scoreTies)
        guard x > 0 else { return nil }
        return Double(concordant - discordant) / x.squareRoot()
    }

    /// Counts for `scores` against `truth` (parallel arrays, one entry an object).
    /// - Complexity: O(n log n).
    public init(scores: [Double], truth: [Double]) {
        precondition(scores.count == truth.count, "scores and truth differ in length")
        let kept = scores.indices.filter { !scores[$0].isNaN && !truth[$0].isNaN }
        let n = kept.count
        objects = n
        pairs = n * (n - 1) / 2
        // Sorted by (truth, score): ties in truth and joint ties are runs; score inversions are the
        // discordant pairs (ties in truth are sorted by score, so they never invert).
        let byTruth = kept.sorted { (truth[$0], scores[$0]) < (truth[$1], scores[$1]) }
        truthTies = Self.tiedPairs(byTruth.map { truth[$0] })
        jointTies = Self.tiedPairs(byTruth.map { truth[$0] }, and: byTruth.map { scores[$0] })
        var x = byTruth.map { scores[$0] }
        scoreTies = Self.tiedPairs(x.sorted())
        var scratch = x
        discordant = Self.inversions(&x, &scratch, 0..<n)
    }

    /// Pairs inside runs of equal values of a sorted sequence (of equal pairs of values, with `and`).
    private static func tiedPairs(_ a: [Double], and b: [Double]? = nil) -> Int {
        var total = 0
        var run = 1
        for k in a.indices.dropFirst() {
            if a[k] == a[k - 1] && (b.map { $0[k] == $0[k - 1] } ?? true) {
                run += 1
            } else {
                total += run * (run - 1) / 2
                run = 1
            }
        }
        return a.isEmpty ? 0 : total + run * (run - 1) / 2
    }

    /// Pairs (p < q) with a[p] > a[q] strictly, counted by a merge sort that leaves `a[range]` sorted.
    private static func inversions(_ a: inout [Double], _ scratch: inout [Double], _ range: Range<Int>) -> Int
    {
        guard range.count > 1 else { return 0 }
        let mid = range.lowerBound + range.count / 2
        var count =
            inversions(&a, &scratch, range.lowerBound..<mid)
            + inversions(&a, &scratch, mid..<range.upperBound)
        var i = range.lowerBound
        var j = mid
        var k = range.lowerBound
        while i < mid || j < range.upperBound {
            if j >= range.upperBound || (i < mid && a[i] <= a[j]) {
                scratch[k] = a[i]
                i += 1
            } else {
                // a[j] is smaller than every remaining left value.
                count += mid - i
                scratch[k] = a[j]
                j += 1
            }
            k += 1
        }
        for k in range { a[k] = scratch[k] }
        return count
    }
}
