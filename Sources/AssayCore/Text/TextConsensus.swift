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
    }

    /// The model that produced it.
    public var method: Method
    /// The consensus words of each item (empty for an item without answers).
    public var words: WordSequences
    /// Per item, a label whose answer has exactly the consensus words (the first such answer of
    /// the most reliable annotator), or -1 when none has (ROVER may assemble a new sentence).
    public var source: [Int32]
    /// Per item, the reliability-weighted share of the item's answers within `closeWER` of the
    /// consensus (their edits to it at most `closeWER` × its length); 0 for an item without answers.
    public var confidence: [Double]
    /// Per label, the word edits between the answer and its item's consensus.
    public var editsToConsensus: [Int32]
    /// Per annotator, the weight of their answers in the final round.
    public var reliability: [Double]
    /// Reliability rounds run after the first unweighted one.
    public var iterations: Int

    /// Word error rate (against the consensus) under which an answer counts as agreeing with it,
    /// for `confidence`.
    public static let closeWER = 0.25

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
        _ set: TextSet, method: Method, words: WordSequences, reliability: [Double], iterations: Int,
        edits known: [Int32]? = nil
    ) -> TextConsensus {
        let edits = known ?? TextReliability.editsToConsensus(set, consensus: words)
        var source = [Int32](repeating: -1, count: set.itemCount)
        var confidence = [Double](repeating: 0, count: set.itemCount)
        for i in 0..<set.itemCount {
            let length = words.length(i)
            var close = 0.0
            var total = 0.0
            var best = -1.0
            for l in set.index.labels(ofItem: i) {
                let w = reliability[Int(set.index.annotator[l])]
                total += w
                if Double(edits[l]) <= closeWER * Double(length) { close += w }
                if edits[l] == 0 && set.words.length(l) == length && w > best {
                    best = w
                    source[i] = Int32(l)
                }
            }
            confidence[i] = total > 0 ? close / total : 0
        }
        return TextConsensus(
            method: method, words: words, source: source, confidence: confidence, editsToConsensus: edits,
            reliability: reliability, iterations: iterations)
    }
}
