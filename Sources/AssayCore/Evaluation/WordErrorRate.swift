// Assay — quality control for human-labelled training data.

/// Word error rate of per-item texts against per-item references: word-level Levenshtein edits
/// (unit-cost insertion, deletion, substitution) over reference words, both tokenised by
/// `TextTokenizer` (the definition of `crowdwsa_t1/SOURCE.md`).
public struct WordErrorRate: Sendable, Equatable {
    /// Items with a reference that were scored.
    public var items: Int
    /// Total word edits over those items.
    public var edits: Int
    /// Total reference words over those items.
    public var referenceWords: Int
    /// Sum of item error rates over the scored items with a non-empty reference.
    public var itemRateSum: Double
    /// Scored items with a non-empty reference.
    public var rateItems: Int

    /// Nothing scored yet (add items with `add`).
    public init() {
        items = 0
        edits = 0
        referenceWords = 0
        itemRateSum = 0
        rateItems = 0
    }

    /// Micro (corpus) WER: total edits / total reference words; 0 when there are no reference
    /// words and no edits, else edits / max(reference words, 1).
    public var micro: Double { Double(edits) / Double(max(referenceWords, 1)) }
    /// Macro WER: the mean of item WERs (edits / reference words) over items with a non-empty
    /// reference; 0 when there are none.
    public var macro: Double { rateItems == 0 ? 0 : itemRateSum / Double(rateItems) }

    /// Scores `hypotheses` against `references` (one sequence per item each), skipping items whose
    /// `known` entry is false.
    /// - Complexity: O(Σ over items |hypothesis| × |reference|).
    public static func score(_ hypotheses: WordSequences, references: WordSequences, known: [Bool])
        -> WordErrorRate
    {
        precondition(hypotheses.count == references.count && known.count == references.count)
        var result = WordErrorRate()
        var calculator = WordEditDistance()
        hypotheses.words.withUnsafeBufferPointer { h in
            references.words.withUnsafeBufferPointer { r in
                for i in 0..<references.count where known[i] {
                    let ref = UnsafeBufferPointer(
                        rebasing: r[references.offsets[i]..<references.offsets[i + 1]])
                    let hyp = UnsafeBufferPointer(
                        rebasing: h[hypotheses.offsets[i]..<hypotheses.offsets[i + 1]])
                    result.add(edits: calculator.distance(hyp, ref), referenceWords: ref.count)
                }
            }
        }
        return result
    }

    /// Adds one item's edits and reference length.
    public mutating func add(edits e: Int, referenceWords n: Int) {
        items += 1
        edits += e
        referenceWords += n
        if n > 0 {
            rateItems += 1
            itemRateSum += Double(e) / Double(n)
        }
    }
}
