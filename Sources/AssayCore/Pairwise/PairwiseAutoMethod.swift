// Assay — quality control for human-labelled training data.

import Foundation

/// Chooses an object model per dataset by held-out likelihood of the comparisons, and runs it.
///
/// Labels are split into `folds` seeded folds (an item's labels spread over different folds); for
/// each fold every candidate is fitted on the other folds and predicts the held-out labels' outcomes
/// (Crowd-BT with each annotator's fitted η; an annotator unseen in training gets the prior's η). The
/// candidate with the highest mean held-out log-likelihood per label wins, except that candidates
/// within `margin` of it count as tied and the earliest in preference order (Crowd-BT, then
/// Bradley–Terry) is chosen. The choice and the scores are reported in `notes`.
public struct PairwiseAutoMethod: PairwiseRankingMethod {
    /// `auto`.
    public let name = "auto"
    /// Seed of the held-out split.
    public var seed: UInt64
    /// Candidates within this many nats per label of the best held-out likelihood count as tied.
    public var margin = 0.001
    /// Folds of the cross-validated likelihood.
    public var folds = 5

    /// Auto selection with a seed.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// - Complexity: about `folds + 1` times the cost of every candidate.
    public func fit(_ set: PairwiseSet) -> PairwiseScores {
        let crowd = CrowdBT()
        let bt = BradleyTerry()
        var fold = [Int8](repeating: 0, count: set.count)
        var rng = SeededGenerator(seed: seed ^ 0x5EED)
        for i in 0..<set.itemCount {
            let offset = Int(rng.next() % UInt64(folds))
            for (j, l) in set.index.labels(ofItem: i).enumerated() { fold[l] = Int8((offset + j) % folds) }
        }
        var heldCrowd = 0.0
        var heldBT = 0.0
        var weight = 0.0
        for f in 0..<folds where set.count >= 2 {
            let train = PairwiseComparisons.byLabel(set) { fold[$0] != Int8(f) }
            let test = PairwiseComparisons.byLabel(set) { fold[$0] == Int8(f) }
            let c = crowd.fit(train)
            let b = bt.fit(train)
            heldCrowd += DavidsonModel.logLikelihood(test, theta: c.theta, nu: c.nu, eta: c.eta)
            heldBT += DavidsonModel.logLikelihood(test, theta: b.theta, nu: b.nu, eta: nil)
            for r in 0..<test.count { weight += Double(test.winFirst[r] + test.winSecond[r] + test.ties[r]) }
        }
        let scored = [("crowdbt", heldCrowd / max(weight, 1)), ("bt", heldBT / max(weight, 1))]
        let top = scored.map(\.1).max() ?? 0
        let best = scored.firstIndex { $0.1 >= top - margin } ?? 0
        var result = best == 0 ? crowd.fit(set) : bt.fit(set)
        let ranking = scored.sorted { $0.1 > $1.1 }.map { "\($0.0) \(String(format: "%.4f", $0.1))" }
        result.notes.insert(
            "chose \(scored[best].0) by \(folds)-fold cross-validated log-likelihood per held-out comparison: "
                + ranking.joined(separator: ", "), at: 0)
        result.method = name
        return result
    }
}
