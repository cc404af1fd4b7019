// Assay — quality control for human-labelled training data.

import Foundation

/// Synthetic pairwise comparisons with known truth: objects with known scores, shown in pairs to
/// judges who either answer by the truth or, otherwise, answer from their own distribution over
/// left, right and tie (which is where position bias and spamming live).
///
/// Each item is a random pair of distinct objects. Its true outcome follows Davidson's model on the
/// true scores (first better, second better, tie in proportion e^{θ_1}, e^{θ_2}, ν e^{(θ_1 + θ_2)/2};
/// see `DavidsonModel`), drawn once per item when `truthPerItem` is set (all judges who answer by the
/// truth agree: the per-comparison model's world) or afresh for every vote otherwise (Bradley–Terry's
/// world). Each vote's display
/// order is a fair coin when `randomisePositions` is set, else the item's first object is on the left.
public struct PairwiseSimulation: Sendable {
    /// One group of judges that behave alike.
    public struct Judges: Sendable {
        /// What kind of judge ("diligent", "position-biased", "spammer", or any name).
        public var kind: String
        /// How many.
        public var count: Int
        /// Probability that a vote follows the truth.
        public var reliability: Double
        /// When a vote does not follow the truth: probability of "tie".
        public var tieShare: Double
        /// When a vote does not follow the truth and is not a tie: probability of "left".
        public var leftShare: Double
        /// Whether a vote that follows the truth reports its reverse (an adversarial judge).
        public var reversed: Bool

        /// A group of judges.
        public init(
            kind: String, count: Int, reliability: Double, tieShare: Double = 0, leftShare: Double = 0.5,
            reversed: Bool = false
        ) {
            self.kind = kind
            self.count = count
            self.reliability = reliability
            self.tieShare = tieShare
            self.leftShare = leftShare
            self.reversed = reversed
        }
    }

    /// Number of objects.
    public var objects: Int
    /// Standard deviation of the true scores (normal, centred).
    public var scoreSpread: Double
    /// Number of items (shown pairs).
    public var items: Int
    /// Votes per item (distinct judges while there are enough of them).
    public var votesPerItem: Int
    /// Davidson's tie parameter of the true outcomes (0: no true ties).
    public var tieParameter: Double
    /// The judges.
    public var judges: [Judges]
    /// Whether each item has one true outcome shared by all votes that follow the truth.
    public var truthPerItem: Bool
    /// Whether display order is random per vote (else the first object is always on the left).
    public var randomisePositions: Bool
    /// Seed of every draw.
    public var seed: UInt64

    /// A simulation.
    public init(
        objects: Int, scoreSpread: Double = 1, items: Int, votesPerItem: Int, tieParameter: Double = 0,
        judges: [Judges], truthPerItem: Bool = true, randomisePositions: Bool = true, seed: UInt64
    ) {
        self.objects = objects
        self.scoreSpread = scoreSpread
        self.items = items
        self.votesPerItem = votesPerItem
        self.tieParameter = tieParameter
        self.judges = judges
        self.truthPerItem = truthPerItem
        self.randomisePositions = randomisePositions
        self.seed = seed
    }

    /// What a run produced, as columns a `PairwiseSet` is built from, with the truth beside them.
    public struct Output: Sendable {
        /// True score per object (centred on its mean).
        public var score: [Double]
        /// Per item: canonical first and second object (lower index first).
        public var itemFirst: [Int32]
        /// Per item: the second object.
        public var itemSecond: [Int32]
        /// Per item: the true canonical outcome (`PairwiseSet.firstBetter`, …); with `truthPerItem`
        /// off, the outcome a truthful vote would most likely give.
        public var itemTruth: [UInt8]
        /// Per label: item.
        public var item: [Int32]
        /// Per label: judge.
        public var annotator: [Int32]
        /// Per label: object shown on the left.
        public var left: [Int32]
        /// Per label: object shown on the right.
        public var right: [Int32]
        /// Per label: outcome relative to what was shown (`PairwiseSet.Outcome.rawValue`).
        public var outcome: [UInt8]
        /// Per judge: its group's kind.
        public var kind: [String]
        /// Per judge: probability that a vote follows the truth.
        public var reliability: [Double]
        /// Per judge: P(left | the vote does not follow the truth and is not a tie).
        public var leftShare: [Double]

        /// The labels as a set (objects `o0…`, items `p0…`, judges `j0…`, no vendor), built with
        /// the interned-column initializer so that indices equal the simulation's.
        public func set(positionsKnown: Bool = true) -> PairwiseSet {
            try! PairwiseSet(
                objectIDs: (0..<score.count).map { "o\($0)" },
                itemIDs: (0..<itemFirst.count).map { "p\($0)" },
                annotatorIDs: (0..<kind.count).map { "j\($0)" },
                annotatorVendor: [Int32](repeating: 0, count: kind.count), vendorIDs: [""], item: item,
                annotator: annotator, left: left, right: right, outcome: outcome,
                positionsKnown: positionsKnown)
        }
    }

    /// Runs the simulation. Deterministic under `seed`.
    /// - Complexity: O(objects + items × votesPerItem).
    public func run() -> Output {
        var rng = SeededGenerator(seed: seed)
        var score = (0..<objects).map { _ in rng.nextNormal() * scoreSpread }
        let mean = score.isEmpty ? 0 : score.reduce(0, +) / Double(objects)
        for k in score.indices { score[k] -= mean }
        var kind: [String] = []
        var reliability: [Double] = []
        var tieShare: [Double] = []
        var leftShare: [Double] = []
        var reversed: [Bool] = []
        for g in judges {
            for _ in 0..<g.count {
                reversed.append(g.reversed)
                kind.append(g.kind)
                reliability.append(g.reliability)
                tieShare.append(g.tieShare)
                leftShare.append(g.leftShare)
            }
        }
        let nJ = kind.count
        precondition(objects >= 2 && nJ > 0, "a simulation needs two objects and a judge")
        var out = Output(
            score: score, itemFirst: [], itemSecond: [], itemTruth: [], item: [], annotator: [], left: [],
            right: [], outcome: [], kind: kind, reliability: reliability, leftShare: leftShare)
        let n = items * votesPerItem
        out.item.reserveCapacity(n)
        out.annotator.reserveCapacity(n)
        out.left.reserveCapacity(n)
        out.right.reserveCapacity(n)
        out.outcome.reserveCapacity(n)
        var chosen: [Int] = []
        for i in 0..<items {
            let a = Int(rng.next() % UInt64(objects))
            var b = Int(rng.next() % UInt64(objects - 1))
            if b >= a { b += 1 }
            let first = min(a, b)
            let second = max(a, b)
            out.itemFirst.append(Int32(first))
            out.itemSecond.append(Int32(second))
            let x = score[first] - score[second]
            let p = DavidsonModel.probabilities(x: x, nu: tieParameter)
            let itemTruth = Self.draw(p, &rng)
            out.itemTruth.append(
                truthPerItem ? itemTruth : (p.2 >= max(p.0, p.1) ? 2 : (p.0 >= p.1 ? 0 : 1)))
            chosen.removeAll(keepingCapacity: true)
            for _ in 0..<votesPerItem {
                var j = Int(rng.next() % UInt64(nJ))
                if votesPerItem <= nJ {
                    while chosen.contains(j) { j = Int(rng.next() % UInt64(nJ)) }
                    chosen.append(j)
                }
                let firstOnLeft = randomisePositions ? rng.next() & 1 == 0 : true
                let shown: UInt8
                if rng.nextUnit() < reliability[j] {
                    var t = truthPerItem ? itemTruth : Self.draw(p, &rng)
                    if reversed[j], t != 2 { t = 1 - t }
                    shown = t == 2 || firstOnLeft ? t : 1 - t
                } else if rng.nextUnit() < tieShare[j] {
                    shown = 2
                } else {
                    shown = rng.nextUnit() < leftShare[j] ? 0 : 1
                }
                out.item.append(Int32(i))
                out.annotator.append(Int32(j))
                out.left.append(Int32(firstOnLeft ? first : second))
                out.right.append(Int32(firstOnLeft ? second : first))
                out.outcome.append(shown)
            }
        }
        return out
    }

    /// A draw from (first better, second better, tie) probabilities.
    private static func draw(_ p: (Double, Double, Double), _ rng: inout SeededGenerator) -> UInt8 {
        let u = rng.nextUnit() * (p.0 + p.1 + p.2)
        return u < p.0 ? 0 : (u < p.0 + p.1 ? 1 : 2)
    }
}
