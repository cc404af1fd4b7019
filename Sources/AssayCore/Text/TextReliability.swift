// Assay — quality control for human-labelled training data.

import Foundation

/// How text consensus trusts each annotator: from the annotator's micro word error rate against
/// the current consensus, shrunk towards the crowd's rate, turned into a voting weight.
public struct TextReliability: Sendable {
    /// How an error rate becomes a weight.
    public enum Weighting: String, Sendable, CaseIterable {
        /// Every annotator weighs 1 (no iteration).
        case uniform
        /// `1 - e`, at least 0.05.
        case linear
        /// `log((1 - e) / e)`, the weight of a voter right with probability `1 - e`, kept in
        /// [0.05, 5].
        case logOdds
    }

    /// How error rates become weights.
    public var weighting: Weighting
    /// Strength of the pull towards the crowd's error rate, in consensus words: an annotator with
    /// this many words of consensus sits halfway between their own rate and the crowd's.
    public var priorWords: Double

    /// A reliability rule.
    public init(weighting: Weighting = .linear, priorWords: Double = 5) {
        self.weighting = weighting
        self.priorWords = priorWords
    }

    /// Per-annotator error rates from per-annotator edit and consensus-word totals, shrunk towards
    /// the crowd's micro rate by `priorWords` and kept in [0.005, 0.995] (so never NaN, even for an
    /// annotator without consensus words, who gets the crowd's rate).
    /// - Complexity: O(annotators).
    public func errorRates(errors: [Int], words: [Int]) -> [Double] {
        let crowd = Self.crowdRate(errors: errors, words: words)
        return (0..<errors.count).map { errorRate(errors: errors[$0], words: words[$0], crowd: crowd) }
    }

    /// One annotator's shrunk error rate from their totals and the crowd's rate.
    public func errorRate(errors: Int, words: Int, crowd: Double) -> Double {
        let prior = max(priorWords, 1e-9)
        let e = (Double(errors) + prior * crowd) / (Double(words) + prior)
        return min(max(e, 0.005), 0.995)
    }

    /// The crowd's micro error rate (all edits over all consensus words), kept in [0.005, 0.995].
    public static func crowdRate(errors: [Int], words: [Int]) -> Double {
        let rate = Double(errors.reduce(0, +)) / Double(max(words.reduce(0, +), 1))
        return min(max(rate, 0.005), 0.995)
    }

    /// Per-annotator weights from per-annotator edit and consensus-word totals.
    /// - Complexity: O(annotators).
    public func weights(errors: [Int], words: [Int]) -> [Double] {
        guard weighting != .uniform else { return [Double](repeating: 1, count: errors.count) }
        return errorRates(errors: errors, words: words).map { rate in
            switch weighting {
            case .uniform: return 1
            case .linear: return max(1 - rate, 0.05)
            case .logOdds: return min(max(log((1 - rate) / rate), 0.05), 5)
            }
        }
    }

    /// Edits from every answer to its item's consensus (entry `l` is label `l`'s).
    /// - Complexity: O(Σ over answers |answer| × |consensus|), on both cores for large sets.
    static func editsToConsensus(_ set: TextSet, consensus: WordSequences) -> [Int32] {
        var edits = [Int32](repeating: 0, count: set.count)
        edits.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let target = SharedPointer(base: base)
            set.forEachItemChunk { _, range in
                var calculator = WordEditDistance()
                set.words.words.withUnsafeBufferPointer { words in
                    consensus.words.withUnsafeBufferPointer { centre in
                        for i in range {
                            let c = UnsafeBufferPointer(
                                rebasing: centre[consensus.offsets[i]..<consensus.offsets[i + 1]])
                            for l in set.index.labels(ofItem: i) {
                                let a = UnsafeBufferPointer(
                                    rebasing: words[set.words.offsets[l]..<set.words.offsets[l + 1]])
                                target.base[l] = Int32(calculator.distance(a, c))
                            }
                        }
                    }
                }
            }
        }
        return edits
    }

    /// Per-annotator totals of edits to the consensus and of consensus words (`lengths`, per item)
    /// over their answers.
    /// - Complexity: O(labels).
    static func totals(_ set: TextSet, edits: [Int32], lengths: [Int]) -> (errors: [Int], words: [Int]) {
        var errors = [Int](repeating: 0, count: set.annotatorCount)
        var words = [Int](repeating: 0, count: set.annotatorCount)
        for i in 0..<set.itemCount {
            let length = lengths[i]
            for l in set.index.labels(ofItem: i) {
                let a = Int(set.index.annotator[l])
                errors[a] += Int(edits[l])
                words[a] += length
            }
        }
        return (errors, words)
    }
}
