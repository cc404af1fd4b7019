// Assay — quality control for human-labelled training data.

/// One annotator's quality figures on a pairwise set: what an annotator or vendor card shows.
public struct PairwiseAnnotatorQuality: Sendable {
    /// Annotator index in the set.
    public var annotator: Int
    /// Votes given.
    public var labels: Int
    /// Distinct items voted on.
    public var items: Int
    /// Tie votes.
    public var ties: Int
    /// Share of votes that are ties, with its 95% Wilson interval (nil without votes).
    public var tieRate: Double?
    /// The tie rate's interval.
    public var tieRateInterval: (low: Double, high: Double)?
    /// Votes on items with at least two votes (the ones a consensus can check).
    public var consensusChecked: Int
    /// Share of those votes equal to the consensus outcome, nil when there are none.
    public var agreementWithConsensus: Double?
    /// Share of decisive (non-tie) votes for the object shown on the left, with its Wilson interval:
    /// about ½ without position bias when display order is randomised. Votes whose display order is
    /// unknown are left out; nil when none is left.
    public var leftShare: Double?
    /// The left share's interval.
    public var leftShareInterval: (low: Double, high: Double)?
    /// The model's position bias P(left | indifferent, not a tie) and its interval (see
    /// `PairwiseConsensus`); nil when positions are unknown.
    public var positionBias: Double?
    /// The position bias's interval.
    public var positionBiasInterval: (low: Double, high: Double)?
    /// The model's reliability: probability that a vote follows the true outcome.
    public var reliability: Double
    /// The reliability's interval.
    public var reliabilityInterval: (low: Double, high: Double)
    /// Pairs of this annotator's votes on the same item shown in opposite (known) orders.
    public var orderPairs: Int
    /// Of those, pairs whose verdicts (in the canonical orientation) differ.
    public var orderDisagreements: Int
    /// `orderDisagreements / orderPairs`, nil without such pairs.
    public var orderInconsistency: Double?
    /// Its Wilson interval.
    public var orderInconsistencyInterval: (low: Double, high: Double)?
    /// Votes the source marked as inconsistent across display orders (MT-bench's
    /// `tie (inconsistent)`), and their share of all votes.
    public var flaggedInconsistent: Int
    /// Crowd-BT's η (probability of reporting the true order) when an object fit was given.
    public var crowdReliability: Double?

    /// Figures for every annotator of `set`, from the per-comparison `consensus` and, optionally, a
    /// Crowd-BT (or auto) fit whose η is reported.
    /// - Complexity: O(labels + Σ over (annotator, item) of votes²).
    public static func all(_ set: PairwiseSet, consensus: PairwiseConsensus, scores: PairwiseScores? = nil)
        -> [PairwiseAnnotatorQuality]
    {
        (0..<set.annotatorCount).map { a in
            let mine = set.index.labels(ofAnnotator: a)
            var items = 0
            var ties = 0
            var checked = 0
            var agree = 0
            var decisive = 0
            var left = 0
            var orderPairs = 0
            var orderDisagree = 0
            var flagged = 0
            // The annotator's votes come in item order: runs of one item.
            var run: [Int] = []
            func closeRun() {
                for x in run where set.firstOnLeft[x] && set.isPositionKnown(x) {
                    for y in run where !set.firstOnLeft[y] && set.isPositionKnown(y) {
                        orderPairs += 1
                        if set.canonicalOutcome(x) != set.canonicalOutcome(y) { orderDisagree += 1 }
                    }
                }
                run.removeAll(keepingCapacity: true)
            }
            for l32 in mine {
                let l = Int(l32)
                let i = Int(set.index.item[l])
                if let last = run.last, set.index.item[last] != set.index.item[l] { closeRun() }
                if run.isEmpty { items += 1 }
                run.append(l)
                let o = set.outcome[l]
                if o == PairwiseSet.Outcome.tie.rawValue {
                    ties += 1
                } else if set.isPositionKnown(l) {
                    decisive += 1
                    if o == PairwiseSet.Outcome.left.rawValue { left += 1 }
                }
                if set.index.itemOffsets[i + 1] - set.index.itemOffsets[i] >= 2 {
                    checked += 1
                    if set.canonicalOutcome(l) == consensus.outcomes[i] { agree += 1 }
                }
                if !set.flaggedInconsistent.isEmpty, set.flaggedInconsistent[l] { flagged += 1 }
            }
            closeRun()
            let n = mine.count
            let known = set.positionsKnown && decisive > 0
            return PairwiseAnnotatorQuality(
                annotator: a, labels: n, items: items, ties: ties,
                tieRate: n > 0 ? Double(ties) / Double(n) : nil,
                tieRateInterval: WilsonInterval.interval(successes: ties, trials: n),
                consensusChecked: checked,
                agreementWithConsensus: checked > 0 ? Double(agree) / Double(checked) : nil,
                leftShare: known && decisive > 0 ? Double(left) / Double(decisive) : nil,
                leftShareInterval: known ? WilsonInterval.interval(successes: left, trials: decisive) : nil,
                positionBias: consensus.positionBias[a],
                positionBiasInterval: consensus.positionBiasInterval[a],
                reliability: consensus.reliability[a], reliabilityInterval: consensus.reliabilityInterval[a],
                orderPairs: orderPairs, orderDisagreements: orderDisagree,
                orderInconsistency: orderPairs > 0 ? Double(orderDisagree) / Double(orderPairs) : nil,
                orderInconsistencyInterval: WilsonInterval.interval(
                    successes: orderDisagree, trials: orderPairs),
                flaggedInconsistent: flagged,
                crowdReliability: scores.flatMap {
                    $0.annotatorReliability.isEmpty ? nil : $0.annotatorReliability[a]
                })
        }
    }
}
