// Assay — quality control for human-labelled training data.

/// Text consensus by ROVER (Recognizer Output Voting Error Reduction, Fiscus 1997): every item's
/// answers are aligned word by word into a word transition network (`WordTransitionNetworks`,
/// most central answer first), and each slot is decided by a reliability-weighted vote; the
/// consensus is the winning words, slot after slot, without the empty ones.
///
/// The first vote is unweighted; then each annotator's weight comes from their word error rate
/// against the consensus (`TextReliability`) and the slots are voted again, until no item's
/// consensus changes or `maxIterations` rounds have run.
public struct Rover: Sendable {
    /// How annotators are weighted between rounds.
    public var reliability: TextReliability
    /// Reliability rounds at most after the first, unweighted vote.
    public var maxIterations: Int
    /// The weight of a vote for the empty word ε relative to a vote for a word (Fiscus's null
    /// confidence): below 1, a word enters the consensus with fewer than half the slot's votes.
    public var emptyWeight: Double
    /// An answer whose alignment would need more than this many dynamic-programming cells (five
    /// bytes each) is left out of its item's network and its vote (the item's most central answer
    /// is always in): huge answers cost bounded memory.
    public var maximumCells: Int

    /// A model.
    public init(
        reliability: TextReliability = TextReliability(), maxIterations: Int = 10, emptyWeight: Double = 0.75,
        maximumCells: Int = 1 << 26
    ) {
        self.reliability = reliability
        self.maxIterations = maxIterations
        self.emptyWeight = emptyWeight
        self.maximumCells = maximumCells
    }

    /// The ROVER consensus of every item.
    /// - Complexity: `AnswerDistances` (pass them to reuse), then the alignment, O(Σ over items of
    ///   n × slots × (words + n)), then O(rounds × (cells + Σ |answer| × |consensus|)); on both cores
    ///   for large sets.
    public func run(_ set: TextSet, distances given: AnswerDistances? = nil) -> TextConsensus {
        let distances = given ?? AnswerDistances(set)
        let chunks = set.itemChunks()
        let networks = set.mapItemChunks(chunks) { range in
            WordTransitionNetworks(set, items: range, distances: distances, maximumCells: maximumCells)
        }
        var weights = [Double](repeating: 1, count: set.annotatorCount)
        var consensus = vote(set, networks: networks, weights: weights)
        var edits = TextReliability.editsToConsensus(set, consensus: consensus)
        var rounds = 0
        if reliability.weighting != .uniform {
            while rounds < maxIterations {
                let lengths = (0..<set.itemCount).map { consensus.length($0) }
                let (errors, words) = TextReliability.totals(set, edits: edits, lengths: lengths)
                weights = reliability.weights(errors: errors, words: words)
                rounds += 1
                let next = vote(set, networks: networks, weights: weights)
                if next == consensus { break }
                consensus = next
                edits = TextReliability.editsToConsensus(set, consensus: consensus)
            }
        }
        return TextConsensus.finish(
            set, method: .rover, words: consensus, rule: reliability, reliability: weights,
            iterations: rounds,
            edits: edits)
    }

    /// The vote of every chunk's networks, items in order.
    private func vote(_ set: TextSet, networks: [WordTransitionNetworks], weights: [Double]) -> WordSequences
    {
        var out = WordSequences()
        for network in networks { network.vote(set, weights: weights, emptyWeight: emptyWeight, into: &out) }
        return out
    }
}
