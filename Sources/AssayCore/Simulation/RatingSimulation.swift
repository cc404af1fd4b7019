// Assay — quality control for human-labelled training data.

/// Simulated ratings with known truth: items with true values, raters with a known severity
/// (offset) and noise, some of them spammers rating uniformly at random over the scale.
///
/// A rater's rating is truth + severity + noise · N(0, 1), rounded to the nearest step on a stepped
/// scale and clamped to the scale. Raters are dealt to items from a queue of successive random
/// permutations of the raters (a rater already on the item is swapped with the next one that is
/// not), so every rater gets the same number of ratings (± 1) and the rater graph is connected.
public struct RatingSimulation: Sendable {
    /// One simulated rater.
    public struct Rater: Sendable, Equatable {
        /// Offset added to every rating (positive: lenient on a higher-is-better scale).
        public var severity: Double
        /// Standard deviation of the rater's noise.
        public var noise: Double
        /// Rates uniformly at random over the scale, ignoring the item.
        public var isSpammer: Bool

        /// A rater.
        public init(severity: Double, noise: Double, isSpammer: Bool = false) {
            self.severity = severity
            self.noise = noise
            self.isSpammer = isSpammer
        }
    }

    /// What a run produced: the ratings and the truth behind them.
    public struct Outcome: Sendable {
        /// The ratings.
        public var set: RatingSet
        /// True value of each item.
        public var truth: [Double]
        /// The raters as simulated (parallel to the set's annotators).
        public var raters: [Rater]

        /// How well `fit` recovered the truth, over the raters that are not spammers. Severities
        /// and values are identified only up to a common shift, so the true severities are centred
        /// on their mean over those raters (as the mean-zero anchor centres the estimates) and the
        /// true values shifted by the same mean: `severityRMSE` is the RMSE of the centred
        /// differences, the coverages the shares of 95% intervals holding the shifted truth.
        /// - Complexity: O(items + raters).
        public func recovery(of fit: RatingConsensus) -> (
            severityRMSE: Double, severityCoverage: Double, valueCoverage: Double
        ) {
            let kept = raters.indices.filter { !raters[$0].isSpammer }
            guard !kept.isEmpty else { return (0, 0, 0) }
            let shift = kept.map { raters[$0].severity }.reduce(0, +) / Double(kept.count)
            let d = kept.map { fit.severity[$0] - raters[$0].severity }
            let offset = d.reduce(0, +) / Double(d.count)
            let rmse = (d.map { ($0 - offset) * ($0 - offset) }.reduce(0, +) / Double(d.count)).squareRoot()
            let covered = kept.filter {
                fit.severityLow[$0] <= raters[$0].severity - shift
                    && raters[$0].severity - shift <= fit.severityHigh[$0]
            }.count
            let coveredValues = truth.indices.filter {
                fit.low[$0] <= truth[$0] + shift && truth[$0] + shift <= fit.high[$0]
            }
            .count
            return (
                rmse, Double(covered) / Double(kept.count),
                Double(coveredValues) / Double(max(truth.count, 1))
            )
        }
    }

    /// The scale (its ends clamp the ratings; its step rounds them).
    public var scale: RatingScale
    /// Number of items.
    public var items: Int
    /// Raters per item.
    public var overlap: Int
    /// The raters.
    public var raters: [Rater]
    /// True values are uniform on `truthRange`.
    public var truthRange: ClosedRange<Double>
    /// Seed of every random draw.
    public var seed: UInt64

    /// A simulation.
    public init(
        scale: RatingScale, items: Int, overlap: Int, raters: [Rater], truthRange: ClosedRange<Double>,
        seed: UInt64
    ) {
        precondition(overlap <= raters.count, "overlap exceeds the number of raters")
        self.scale = scale
        self.items = items
        self.overlap = overlap
        self.raters = raters
        self.truthRange = truthRange
        self.seed = seed
    }

    /// A mix of raters: severities drawn from N(0, severitySD²) (severe and lenient raters),
    /// diligent raters with noise `noise`, a share of noisy raters with noise `noisyNoise`, and a
    /// share of spammers.
    public static func mix(
        raters: Int, severitySD: Double, noise: Double, noisyShare: Double = 0, noisyNoise: Double = 0,
        spammerShare: Double = 0, seed: UInt64
    ) -> [Rater] {
        var rng = SeededGenerator(seed: seed ^ 0xA11CE)
        let spammers = Int((Double(raters) * spammerShare).rounded())
        let noisy = Int((Double(raters) * noisyShare).rounded())
        return (0..<raters).map { a in
            let severity = severitySD * rng.nextNormal()
            if a < spammers { return Rater(severity: 0, noise: 0, isSpammer: true) }
            if a < spammers + noisy { return Rater(severity: severity, noise: noisyNoise) }
            return Rater(severity: severity, noise: noise)
        }
    }

    /// Runs the simulation.
    /// - Complexity: O(items × overlap + raters).
    public func run() -> Outcome {
        var rng = SeededGenerator(seed: seed)
        let truth = (0..<items).map { _ in
            truthRange.lowerBound + (truthRange.upperBound - truthRange.lowerBound) * rng.nextUnit()
        }
        let n = items * overlap
        var item = [Int32](repeating: 0, count: n)
        var annotator = [Int32](repeating: 0, count: n)
        var value = [Double](repeating: 0, count: n)
        let dealer = RaterDealer(count: raters.count, overlap: overlap)
        var queue = dealer.start(using: &rng)
        let lowEnd = scale.minimum.isFinite ? scale.minimum : truthRange.lowerBound
        let highEnd = scale.maximum.isFinite ? scale.maximum : truthRange.upperBound
        for i in 0..<items {
            let chosen = dealer.next(&queue, using: &rng)
            for j in 0..<overlap {
                let a = chosen[j]
                let r = raters[a]
                var x: Double
                if r.isSpammer {
                    x = lowEnd + (highEnd - lowEnd) * rng.nextUnit()
                    if let steps = scale.stepCount {
                        x = scale.value(ofStep: min(Int(rng.next() % UInt64(steps)), steps - 1))
                    }
                } else {
                    x = truth[i] + r.severity + r.noise * rng.nextNormal()
                }
                x = scale.clamp(x)
                if let s = scale.nearestStep(to: x) { x = scale.value(ofStep: s) }
                let l = i * overlap + j
                item[l] = Int32(i)
                annotator[l] = Int32(a)
                value[l] = x
            }
        }
        let set = RatingSet(
            itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: (0..<raters.count).map { "r\($0)" },
            annotatorVendor: [Int32](repeating: 0, count: raters.count), vendorIDs: [""], scale: scale,
            item: item,
            annotator: annotator, value: value)
        return Outcome(set: set, truth: truth, raters: raters)
    }
}

/// Deals `overlap` distinct annotators per item from a queue of successive random permutations,
/// so that every annotator is dealt equally often (± 1).
struct RaterDealer {
    let count: Int
    let overlap: Int

    /// The queue state: pending annotators and the read position.
    struct Queue {
        var pending: [Int]
        var head: Int
    }

    /// An empty queue.
    func start(using rng: inout SeededGenerator) -> Queue { Queue(pending: [], head: 0) }

    /// The next item's annotators.
    /// - Complexity: amortised O(overlap²).
    func next(_ q: inout Queue, using rng: inout SeededGenerator) -> [Int] {
        if q.pending.count - q.head < 2 * max(count, overlap) {
            q.pending.removeFirst(q.head)
            q.head = 0
            while q.pending.count < 3 * max(count, overlap) {
                var round = Array(0..<count)
                round.shuffle(using: &rng)
                q.pending += round
            }
        }
        var chosen: [Int] = []
        for j in 0..<overlap {
            let p = q.head + j
            if chosen.contains(q.pending[p]) {
                var r = p + 1
                while chosen.contains(q.pending[r]) { r += 1 }
                q.pending.swapAt(p, r)
            }
            chosen.append(q.pending[p])
        }
        q.head += overlap
        return chosen
    }
}
