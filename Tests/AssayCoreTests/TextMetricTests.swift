// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct TextMetricTests {
    /// Micro and macro WER worked out. Three items (references r, hypotheses h):
    ///
    ///     item 0  r "a b c d"          h "a b c d"       0 edits / 4 words
    ///     item 1  r "a b"              h "a x b y"       2 edits / 2 words (two insertions)
    ///     item 2  r "a b c d e f"      h "a c d e f"     1 edit  / 6 words (one deletion)
    ///     item 3  no reference (skipped)
    ///
    /// micro = 3 / 12 = 0.25; macro = (0 + 1 + 1/6) / 3 = 0.388889.
    @Test func microAndMacro() {
        var t = TextTokenizer()
        let references = WordSequences(["a b c d", "a b", "A, b, c, d, e, f.", "z"].map { t.tokenize($0) })
        let hypotheses = WordSequences(["a b c d", "a x b y", "a c d e f", "q"].map { t.tokenize($0) })
        let wer = WordErrorRate.score(hypotheses, references: references, known: [true, true, true, false])
        #expect(wer.items == 3 && wer.edits == 3 && wer.referenceWords == 12)
        #expect(wer.micro == 0.25)
        #expect(abs(wer.macro - (0 + 1 + 1.0 / 6) / 3) < 1e-15)
    }

    /// An empty reference: its edits count in micro, it stays out of macro; nothing scored gives 0.
    @Test func emptyReferences() {
        let wer = WordErrorRate.score(
            WordSequences([[1, 2], [1]]), references: WordSequences([[], [1]]), known: [true, true])
        #expect(wer.edits == 2 && wer.referenceWords == 1 && wer.micro == 2)
        #expect(wer.rateItems == 1 && wer.macro == 0)
        #expect(WordErrorRate().micro == 0 && WordErrorRate().macro == 0)
    }

    /// Mean pairwise WER worked out. Item 0: "a b c" (writer 0), "a b d" (1), "a b c d" (2):
    /// edits 1, 1, 1; mean lengths 3, 3.5, 3.5 → 3 / 10 = 0.3. Item 1: writer 0 twice (a pair of
    /// the same writer is not inter-annotator agreement) and writer 1: "x y" vs "x y" 0 edits and
    /// "x z" vs "x y" 1 edit, mean lengths 2 and 2 → 1 / 4. All: 4 / 14.
    @Test func meanPairwiseWER() {
        let set = textSet([
            (0, 0, "a b c"), (0, 1, "a b d"), (0, 2, "a b c d"),
            (1, 0, "x y"), (1, 0, "x z"), (1, 1, "x y"),
        ])
        let agreement = TextAgreement.estimate(set, bootstrap: 200, seed: 4)
        #expect(agreement.items == 2 && agreement.pairs == 5)
        #expect(abs(agreement.meanPairwiseWER! - 4.0 / 14) < 1e-15)
        // Two items cannot support a bootstrap interval: none, with the reason.
        #expect(
            agreement.ciLow == nil && agreement.ciHigh == nil && agreement.ciReason == "too few items (2)")
        // Fifteen copies of both items (30 items): replicates lie between all-item-1 (0.25) and
        // all-item-0 (0.3), and the interval holds the estimate.
        let rows: [(Int, Int, String)] = [
            (0, 0, "a b c"), (0, 1, "a b d"), (0, 2, "a b c d"), (1, 0, "x y"), (1, 0, "x z"), (1, 1, "x y"),
        ]
        let many = textSet((0..<15).flatMap { copy in rows.map { (copy * 2 + $0.0, $0.1, $0.2) } })
        let wide = TextAgreement.estimate(many, bootstrap: 200, seed: 4)
        let low = wide.ciLow!
        let high = wide.ciHigh!
        #expect(wide.items == 30 && wide.ciReason == nil)
        #expect(low <= wide.meanPairwiseWER! && wide.meanPairwiseWER! <= high)
        #expect(low >= 0.25 - 1e-12 && high <= 0.3 + 1e-12 && low < high)
        #expect(TextAgreement.estimate(many, bootstrap: 200, seed: 4).ciLow == low)
        // One writer only: undefined, not NaN.
        let alone = TextAgreement.estimate(textSet([(0, 0, "a"), (1, 0, "b")]))
        #expect(alone.meanPairwiseWER == nil && alone.pairs == 0)
    }

    /// Per-annotator WER against consensus and median answer length.
    @Test func annotatorQuality() {
        let set = textSet(
            [
                (0, 0, "a b c d"), (0, 1, "a b c d"), (0, 2, "a b"),
                (1, 0, "e f g"), (1, 1, "e f g"), (1, 2, "e f g h i j"),
            ], vendors: [0, 0, 1])
        let c = CentralAnswer().run(set)
        let q = TextAnnotatorQuality.measure(set, consensus: c)
        #expect(q.answers == [2, 2, 2])
        // Writer 2: 2 deletions on item 0, 3 insertions on item 1, over 4 + 3 consensus words.
        #expect(q.errors == [0, 0, 5] && q.consensusWords == [7, 7, 7])
        #expect(q.wordErrorRate == [0, 0, 5.0 / 7])
        #expect(q.medianLength == [3.5, 3.5, 4])
        #expect(q.vendorWordErrorRate == [0, 5.0 / 7])
        #expect(q.nearDuplicateShare == [0, 0, 0])
    }
}
