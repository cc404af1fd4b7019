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

    /// Per-annotator weights from per-annotator edit and consensus-word totals.
    /// - Complexity: O(annotators).
    public func weights(errors: [Int], words: [Int]) -> [Double] {
        guard weighting != .uniform else { return [Double](repeating: 1, count: errors.count) }
        let totalErrors = Double(errors.reduce(0, +))
        let totalWords = Double(words.reduce(0, +))
        let crowd = min(max(totalErrors / max(totalWords, 1), 0.01), 0.99)
        return (0..<errors.count).map { a in
            let e = (Double(errors[a]) + priorWords * crowd) / (Double(words[a]) + priorWords)
            let rate = min(max(e, 0.005), 0.995)
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
