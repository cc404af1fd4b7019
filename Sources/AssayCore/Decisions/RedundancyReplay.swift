// Assay — quality control for human-labelled training data.

/// The proof of adaptive redundancy on labels already collected: reveal each item's labels in a
/// seeded random order, one at a time, and stop an item once its posterior reaches the target
/// (the rule `RedundancyPlan` follows); compare the labels used and the accuracy against truth
/// with revealing everything.
///
/// Round by round: every item starts with `initial` labels; the model is fitted on what is
/// revealed (with the gold, when given: a project's honeypots, known before any label); each item
/// below the target with labels left gets its next one; until no item changes. Items without
/// truth, and gold items, count for labels but not for accuracy.
public enum RedundancyReplay {
    /// What one replay gave.
    public struct Outcome: Sendable, Codable, Equatable {
        /// Labels revealed when every item stopped.
        public var labelsUsed: Int
        /// Labels in the set.
        public var labelsTotal: Int
        /// Accuracy of the final consensus on items with truth.
        public var accuracy: Double
        /// Accuracy of the consensus on all labels.
        public var fullAccuracy: Double
        /// Rounds of fitting.
        public var rounds: Int

        /// Share of the labels saved.
        public var saving: Double { 1 - Double(labelsUsed) / Double(max(labelsTotal, 1)) }
    }

    /// The posteriors the replay uses by default: the vendor hierarchy's.
    public static func hierarchy(_ set: LabelSet, gold: GoldAnswers?) -> [Double] {
        VendorHierarchy().fit(set, gold: gold).posteriors
    }

    /// Accuracy of the arg-max of `posteriors` on the items with truth (≥ 0).
    public static func accuracy(_ posteriors: [Double], truth: [Int32], classes k: Int) -> Double {
        let labels = Posteriors.argmax(posteriors, classes: k)
        var right = 0
        var scored = 0
        for (i, t) in truth.enumerated() where t >= 0 {
            scored += 1
            if labels[i] == t { right += 1 }
        }
        return Double(right) / Double(max(scored, 1))
    }

    /// One replay under `seed`. `full` is the accuracy on all labels (computed when nil).
    /// - Complexity: O(rounds × model cost), rounds ≤ the most labels of an item.
    public static func run(
        _ set: LabelSet, truth: [Int32], gold: GoldAnswers? = nil, target: Double = 0.95, seed: UInt64,
        initial: Int = 1, full: Double? = nil, model: (LabelSet, GoldAnswers?) -> [Double] = hierarchy
    ) -> Outcome {
        let k = max(set.classCount, 1)
        // Gold items are scored by no one: their truth is given.
        let scored = gold.map { g in truth.indices.map { g.answer[$0] >= 0 ? -1 : truth[$0] } } ?? truth
        // Each label's place in its item's seeded order.
        var rank = [Int32](repeating: 0, count: set.count)
        var rng = SeededGenerator(seed: seed)
        for i in 0..<set.itemCount {
            let r = set.labels(ofItem: i)
            var order = Array(r)
            for j in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(j, Int(rng.next(below: UInt64(j + 1))))
            }
            for (place, l) in order.enumerated() { rank[l] = Int32(place) }
        }
        var revealed = (0..<set.itemCount).map { min(initial, set.itemOffsets[$0 + 1] - set.itemOffsets[$0]) }
        var rounds = 0
        var posteriors: [Double] = []
        while true {
            rounds += 1
            let shown = set.subset { Int(rank[$0]) < revealed[Int(set.item[$0])] }
            posteriors = model(shown, gold)
            var changed = false
            for i in 0..<set.itemCount where revealed[i] < set.itemOffsets[i + 1] - set.itemOffsets[i] {
                var top = 0.0
                for t in 0..<k { top = max(top, posteriors[i * k + t]) }
                if top < target {
                    revealed[i] += 1
                    changed = true
                }
            }
            if !changed { break }
        }
        return Outcome(
            labelsUsed: revealed.reduce(0, +), labelsTotal: set.count,
            accuracy: accuracy(posteriors, truth: scored, classes: k),
            fullAccuracy: full ?? accuracy(model(set, gold), truth: scored, classes: k), rounds: rounds)
    }
}
