// Assay — quality control for human-labelled training data.

/// The consensus text of every item of a `TextSet`, with a confidence per item and what it taught
/// about the annotators: what `assay infer --type text` prints and the scorecards read.
public struct TextConsensus: Sendable {
    /// The text consensus models.
    public enum Method: String, Sendable, CaseIterable {
        /// ROVER word-alignment voting (`Rover`), the default.
        case rover
        /// The most central answer (`CentralAnswer`).
        case central

        /// The default method: ROVER, which beats the central answer on every shared text
        /// dataset (BENCHMARKS.md, "Text").
        public static let `default` = Method.rover

        /// Runs the method with its default settings.
        /// - Complexity: that of `Rover.run` or `CentralAnswer.run`.
        public func run(_ set: TextSet, distances: AnswerDistances? = nil) -> TextConsensus {
            switch self {
            case .rover: Rover().run(set, distances: distances)
            case .central: CentralAnswer().run(set, distances: distances)
            }
        }
    }

    /// The model that produced it.
    public var method: Method
    /// The consensus words of each item (empty for an item without answers).
    public var words: WordSequences
    /// Per item, a label whose answer has exactly the consensus words (the first such answer of
    /// the most reliable annotator), or -1 when none has (ROVER may assemble a new sentence).
    public var source: [Int32]
    /// Per item, the estimated word accuracy of the consensus: over the item's answers, the
    /// reliability-weighted mean of 1 − min(1, the answer's word error rate against the consensus);
    /// for an item with a single answer, 1 − its writer's error rate against the consensus
    /// elsewhere (shrunk towards the crowd's); 0 for an item without answers. On the shared
    /// datasets its mean sits within 0.04 of the true mean word accuracy on crowdwsa and 0.08 below
    /// it on crowdspeech, with a Spearman correlation of 0.53–0.60 with the item's true accuracy
    /// (BENCHMARKS.md, "Text").
    public var confidence: [Double]
    /// Per label, the word edits between the answer and its item's consensus.
    public var editsToConsensus: [Int32]
    /// Per annotator, the weight of their answers in the final round.
    public var reliability: [Double]
    /// Reliability rounds run after the first unweighted one.
    public var iterations: Int

    /// The consensus of item `i` as text: the raw source answer when one has the consensus words,
    /// else the consensus words (lower-cased, without punctuation) joined by spaces.
    public func text(ofItem i: Int, in set: TextSet) -> String {
        if source[i] >= 0 { return set.answers[Int(source[i])] }
        return words[i].map { set.tokenizer.word($0) }.joined(separator: " ")
    }

    /// Finishes a consensus from its words: edits of every answer to it, per-item confidence and
    /// source answer, under the final annotator weights.
    /// - Complexity: O(Σ over answers |answer| × |consensus|).
    static func finish(
        _ set: TextSet, method: Method, words: WordSequences, rule: TextReliability, reliability: [Double],
        iterations: Int, edits known: [Int32]? = nil
    ) -> TextConsensus {
        let edits = known ?? TextReliability.editsToConsensus(set, consensus: words)
        let lengths = (0..<set.itemCount).map { words.length($0) }
        let (errors, totals) = TextReliability.totals(set, edits: edits, lengths: lengths)
        let crowd = TextReliability.crowdRate(errors: errors, words: totals)
        var source = [Int32](repeating: -1, count: set.itemCount)
        var confidence = [Double](repeating: 0, count: set.itemCount)
        for i in 0..<set.itemCount {
            let range = set.index.labels(ofItem: i)
            let length = Double(max(lengths[i], 1))
            var agreement = 0.0
            var total = 0.0
            var best = -1.0
            for l in range {
                let w = reliability[Int(set.index.annotator[l])]
                total += w
                agreement += w * max(0, 1 - Double(edits[l]) / length)
                if edits[l] == 0 && w > best {
                    best = w
                    source[i] = Int32(l)
                }
            }
            if range.count == 1 {
                // A lone answer is its own consensus: trust its writer's record on other items.
                let l = range.lowerBound
                let a = Int(set.index.annotator[l])
                confidence[i] =
                    1
                    - rule.errorRate(
                        errors: errors[a] - Int(edits[l]), words: totals[a] - lengths[i], crowd: crowd)
            } else if total > 0 {
                confidence[i] = agreement / total
            }
        }
        return TextConsensus(
            method: method, words: words, source: source, confidence: confidence, editsToConsensus: edits,
            reliability: reliability, iterations: iterations)
    }
}
