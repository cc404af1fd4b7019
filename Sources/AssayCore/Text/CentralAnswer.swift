// Assay — quality control for human-labelled training data.

/// Text consensus by the most central answer: per item, the answer with the least
/// reliability-weighted word edit distance to the item's other answers, iterated with annotator
/// reliabilities estimated from each annotator's word error rate against the chosen answers.
///
/// With uniform weights this is the medoid under word edit distance (`crowdwsa_t1/SOURCE.md`'s
/// "most central answer"). Ties go to the answer of the more reliable annotator, then to the
/// earlier label.
public struct CentralAnswer: Sendable {
    /// How annotators are weighted between rounds.
    public var reliability: TextReliability
    /// Reliability rounds at most after the first, unweighted one (they stop early when no item's
    /// choice changes).
    public var maxIterations: Int

    /// A model.
    public init(reliability: TextReliability = TextReliability(), maxIterations: Int = 10) {
        self.reliability = reliability
        self.maxIterations = maxIterations
    }

    /// The most central answer of every item.
    /// - Complexity: O(Σ over answer pairs of an item |a| × |b|) for `AnswerDistances` (pass them to
    ///   reuse), then O(rounds × Σ n²) for n answers an item.
    public func run(_ set: TextSet, distances given: AnswerDistances? = nil) -> TextConsensus {
        let distances = given ?? AnswerDistances(set)
        var weights = [Double](repeating: 1, count: set.annotatorCount)
        var chosen = Self.choose(set, distances: distances, weights: weights)
        var rounds = 0
        var edits = Self.edits(set, distances: distances, chosen: chosen)
        if reliability.weighting != .uniform {
            while rounds < maxIterations {
                let consensusLength = chosen.map { $0 < 0 ? 0 : set.words.length(Int($0)) }
                let (errors, words) = TextReliability.totals(set, edits: edits, lengths: consensusLength)
                weights = reliability.weights(errors: errors, words: words)
                rounds += 1
                let next = Self.choose(set, distances: distances, weights: weights)
                if next == chosen { break }
                chosen = next
                edits = Self.edits(set, distances: distances, chosen: chosen)
            }
        }
        var consensus = WordSequences()
        consensus.reserveCapacity(sequences: set.itemCount, words: 0)
        for c in chosen {
            if c < 0 {
                consensus.append(EmptyCollection<Int32>())
            } else {
                consensus.append(set.words[Int(c)])
            }
        }
        return TextConsensus.finish(
            set, method: .central, words: consensus, rule: reliability, reliability: weights,
            iterations: rounds,
            edits: edits)
    }

    /// Per item, the label of its most central answer under `weights` (-1 for an item without
    /// answers).
    /// - Complexity: O(Σ n²).
    static func choose(_ set: TextSet, distances: AnswerDistances, weights: [Double]) -> [Int32] {
        var chosen = [Int32](repeating: -1, count: set.itemCount)
        for i in 0..<set.itemCount {
            let range = set.index.labels(ofItem: i)
            let n = range.count
            guard n > 0 else { continue }
            let base = distances.matrixOffsets[i]
            var bestScore = Double.infinity
            var bestWeight = -1.0
            var best = 0
            for j in 0..<n {
                var score = 0.0
                for k in 0..<n where k != j {
                    score +=
                        weights[Int(set.index.annotator[range.lowerBound + k])]
                        * Double(distances.edits[base + j * n + k])
                }
                let own = weights[Int(set.index.annotator[range.lowerBound + j])]
                if score < bestScore || (score == bestScore && own > bestWeight) {
                    bestScore = score
                    bestWeight = own
                    best = j
                }
            }
            chosen[i] = Int32(range.lowerBound + best)
        }
        return chosen
    }

    /// Edits of every answer to its item's chosen answer, read from the distance matrices.
    /// - Complexity: O(labels).
    static func edits(_ set: TextSet, distances: AnswerDistances, chosen: [Int32]) -> [Int32] {
        var edits = [Int32](repeating: 0, count: set.count)
        for i in 0..<set.itemCount where chosen[i] >= 0 {
            let range = set.index.labels(ofItem: i)
            let n = range.count
            let j = Int(chosen[i]) - range.lowerBound
            let base = distances.matrixOffsets[i] + j * n
            for k in 0..<n { edits[range.lowerBound + k] = distances.edits[base + k] }
        }
        return edits
    }
}
