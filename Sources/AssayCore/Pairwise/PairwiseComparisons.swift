// Assay — quality control for human-labelled training data.

/// Comparisons as flat rows for the object models (Bradley–Terry, Crowd-BT): each row is a pair of
/// objects in the item's canonical orientation with the weight of each outcome.
///
/// A label's weights come from its canonical outcome and strength: a tie is one tie; a preference
/// with strength s (NaN or no strength column: s = 1) counts as (1 + s)/2 of a win for the preferred
/// object and (1 − s)/2 for the other — a soft outcome, so that a weak preference (s near 0) says
/// almost as little about the order as a tie, and the strongest is a plain win. Position is not used.
struct PairwiseComparisons: Sendable {
    /// Canonical first object of each row.
    var first: [Int32]
    /// Canonical second object of each row.
    var second: [Int32]
    /// Annotator of each row; empty when rows are aggregated over annotators.
    var annotator: [Int32]
    /// Weight of "first better" in each row.
    var winFirst: [Float]
    /// Weight of "second better".
    var winSecond: [Float]
    /// Weight of "tie".
    var ties: [Float]
    /// Total weight of each row (the three above summed): what the Davidson denominators need.
    var weight: [Float]
    /// Number of objects.
    let objects: Int
    /// Number of annotators.
    let annotators: Int

    /// Number of rows.
    var count: Int { first.count }

    /// The weights of label `l` of `set`: (first better, second better, tie).
    @inline(__always)
    static func weights(_ set: PairwiseSet, _ l: Int) -> (Float, Float, Float) {
        let o = set.canonicalOutcome(l)
        if o == PairwiseSet.tie { return (0, 0, 1) }
        var s: Float = 1
        if !set.strength.isEmpty, !set.strength[l].isNaN { s = set.strength[l] }
        let win = (1 + s) / 2
        let loss = (1 - s) / 2
        return o == PairwiseSet.firstBetter ? (win, loss, 0) : (loss, win, 0)
    }

    /// One row per item with any of the included labels, summing their weights (annotators dropped).
    /// `include(l)` selects labels (nil: all).
    /// - Complexity: O(labels).
    static func byItem(_ set: PairwiseSet, include: ((Int) -> Bool)? = nil) -> PairwiseComparisons {
        var rows = PairwiseComparisons(
            first: [], second: [], annotator: [], winFirst: [], winSecond: [], ties: [], weight: [],
            objects: set.objectCount, annotators: set.annotatorCount)
        rows.reserve(set.itemCount)
        for i in 0..<set.itemCount {
            var f: Float = 0
            var s: Float = 0
            var t: Float = 0
            var any = false
            for l in set.index.labels(ofItem: i) where include?(l) ?? true {
                let w = weights(set, l)
                f += w.0
                s += w.1
                t += w.2
                any = true
            }
            guard any else { continue }
            rows.first.append(set.itemFirst[i])
            rows.second.append(set.itemSecond[i])
            rows.winFirst.append(f)
            rows.winSecond.append(s)
            rows.ties.append(t)
            rows.weight.append(f + s + t)
        }
        return rows
    }

    /// One row per included label, with its annotator.
    /// - Complexity: O(labels).
    static func byLabel(_ set: PairwiseSet, include: ((Int) -> Bool)? = nil) -> PairwiseComparisons {
        var rows = PairwiseComparisons(
            first: [], second: [], annotator: [], winFirst: [], winSecond: [], ties: [], weight: [],
            objects: set.objectCount, annotators: set.annotatorCount)
        rows.reserve(set.count)
        for l in 0..<set.count where include?(l) ?? true {
            let i = Int(set.index.item[l])
            let w = weights(set, l)
            rows.first.append(set.itemFirst[i])
            rows.second.append(set.itemSecond[i])
            rows.annotator.append(set.index.annotator[l])
            rows.winFirst.append(w.0)
            rows.winSecond.append(w.1)
            rows.ties.append(w.2)
            rows.weight.append(w.0 + w.1 + w.2)
        }
        return rows
    }

    private mutating func reserve(_ n: Int) {
        first.reserveCapacity(n)
        second.reserveCapacity(n)
        winFirst.reserveCapacity(n)
        winSecond.reserveCapacity(n)
        ties.reserveCapacity(n)
        weight.reserveCapacity(n)
    }

    /// `body` with base addresses of the object and weight columns (first, second, weight).
    /// - Precondition: at least one row.
    func withColumns<R>(
        _ body: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Float>) -> R
    ) -> R {
        first.withUnsafeBufferPointer { f in
            second.withUnsafeBufferPointer { sd in
                weight.withUnsafeBufferPointer { w in body(f.baseAddress!, sd.baseAddress!, w.baseAddress!) }
            }
        }
    }

    /// Total weight of ties.
    var tieWeight: Double {
        var t = 0.0
        for r in 0..<count { t += Double(ties[r]) }
        return t
    }

    /// Row ranges for the parallel passes: two halves from 400,000 rows (fixed, so results never
    /// depend on the machine), else one.
    var parts: [Range<Int>] { count >= 400_000 ? [0..<count / 2, count / 2..<count] : [0..<count] }
}
