// Assay — quality control for human-labelled training data.

/// How well consensus sets match true sets: exact match (subset accuracy), Hamming accuracy (the
/// share of (item, class) decisions right) and micro F1 over every (item, class) pair.
public enum MultiLabelMetrics {
    /// The scores of one consensus.
    public struct Score: Sendable, Equatable {
        /// Items with a true set that were scored.
        public var items: Int
        /// Share of scored items whose consensus set equals the true set (nil without items).
        public var exactMatch: Double?
        /// Share of (item, class) decisions that are right (nil without items).
        public var hammingAccuracy: Double?
        /// 2·TP / (2·TP + FP + FN) over every (item, class) pair (nil when both sets are always empty).
        public var microF1: Double?
    }

    /// Scores `consensus` against `truth` (per item, the true classes; nil: unknown).
    /// - Complexity: O(items × classes).
    public static func score(_ consensus: MultiLabelConsensus, truth: [[Int]?]) -> Score {
        let k = consensus.classCount
        var items = 0
        var exact = 0
        var right = 0
        var tp = 0
        var fp = 0
        var fn = 0
        var wanted = [Bool](repeating: false, count: k)
        for (i, classes) in truth.enumerated() {
            guard let classes else { continue }
            items += 1
            for c in 0..<k { wanted[c] = false }
            for c in classes { wanted[c] = true }
            var same = true
            for c in 0..<k {
                let got = consensus.contains(item: i, class: c)
                if got == wanted[c] { right += 1 } else { same = false }
                if got && wanted[c] { tp += 1 } else if got { fp += 1 } else if wanted[c] { fn += 1 }
            }
            if same { exact += 1 }
        }
        return Score(
            items: items, exactMatch: items > 0 ? Double(exact) / Double(items) : nil,
            hammingAccuracy: items > 0 && k > 0 ? Double(right) / Double(items * k) : nil,
            microF1: 2 * tp + fp + fn > 0 ? Double(2 * tp) / Double(2 * tp + fp + fn) : nil)
    }
}
