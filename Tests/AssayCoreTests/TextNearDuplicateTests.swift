// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct TextNearDuplicateTests {
    /// Shingles worked out: "a b c d e" has 3-word shingles {abc, bcd, cde}, "a b c d f" has
    /// {abc, bcd, cdf}: 2 shared of 4 distinct, Jaccard 0.5. An answer shorter than three words is
    /// one shingle; an empty answer has none.
    @Test func shinglesAndJaccard() {
        var t = TextTokenizer()
        let sketch = MinHash(shingleWords: 3)
        var a: [UInt64] = []
        var b: [UInt64] = []
        sketch.shingles(t.tokenize("a b c d e"), into: &a)
        sketch.shingles(t.tokenize("A b, c d f."), into: &b)
        #expect(a.count == 3 && b.count == 3)
        #expect(MinHash.jaccard(a, b) == 0.5)
        sketch.shingles(t.tokenize("a b c a b c"), into: &a)
        #expect(a.count == 3)  // abc, bca, cab
        sketch.shingles(t.tokenize("a b"), into: &a)
        #expect(a.count == 1)
        sketch.shingles(t.tokenize(""), into: &a)
        #expect(a.isEmpty)
        #expect(MinHash.jaccard([], []) == 1)
    }

    /// The share of agreeing MinHash values estimates the Jaccard index.
    @Test func signatureEstimatesJaccard() {
        var t = TextTokenizer()
        let sketch = MinHash(shingleWords: 2, count: 512, seed: 9)
        let base = (0..<40).map { "w\($0)" }
        for changed in [0, 4, 10, 20] {
            var other = base
            for k in 0..<changed { other[k * 2] = "x\(k)" }
            var a: [UInt64] = []
            var b: [UInt64] = []
            sketch.shingles(t.tokenize(base.joined(separator: " ")), into: &a)
            sketch.shingles(t.tokenize(other.joined(separator: " ")), into: &b)
            var sa = [UInt64](repeating: 0, count: 512)
            var sb = [UInt64](repeating: 0, count: 512)
            sa.withUnsafeMutableBufferPointer { sketch.signature(a, into: $0) }
            sb.withUnsafeMutableBufferPointer { sketch.signature(b, into: $0) }
            let estimate = Double(zip(sa, sb).filter { $0 == $1 }.count) / 512
            #expect(abs(estimate - MinHash.jaccard(a, b)) < 0.07, "\(changed): \(estimate)")
        }
    }

    /// A random sentence of `n` words from a large vocabulary.
    func sentence(_ rng: inout SeededGenerator, _ n: Int = 12) -> String {
        (0..<n).map { _ in "v\(rng.next() % 50_000)" }.joined(separator: " ")
    }

    /// Planted copies. 40 items of 12 true words; writers 0-5 each change two words of their own
    /// (new words, at their own places). Writer 6 (another vendor) copies writer 0 on items 0-9
    /// (other case and punctuation): the two share writer 0's two errors. Writer 7 copies writer 1
    /// on items 10-19 and changes one more word: shared (2 + 3 − 1) / 2 = 2. Writer 8 pastes one
    /// text into items 20-29. Every planted pair is found and flagged, nothing else is.
    @Test func plantedCopiesAreFlagged() {
        var rng = SeededGenerator(seed: 21)
        var rows: [(Int, Int, String)] = []
        let pasted = sentence(&rng)
        for i in 0..<40 {
            let truth = sentence(&rng).split(separator: " ").map(String.init)
            var own: [String] = []
            for w in 0..<6 {
                var words = truth
                words[w] = "e\(i)x\(w)"
                words[w + 6] = "f\(i)x\(w)"
                own.append(words.joined(separator: " "))
                rows.append((i, w, own[w]))
            }
            if i < 10 { rows.append((i, 6, own[0].uppercased() + ".")) }
            if (10..<20).contains(i) {
                var words = own[1].split(separator: " ").map(String.init)
                words[4] = "changed"
                rows.append((i, 7, words.joined(separator: " ")))
            }
            if (20..<30).contains(i) { rows.append((i, 8, pasted)) }
        }
        let set = textSet(rows, vendors: [0, 0, 0, 0, 0, 0, 1, 0, 0])
        let consensus = Rover().run(set)
        let found = NearDuplicates.find(set, consensus: consensus)
        let byKind = Dictionary(grouping: found.pairs) { "\($0.firstAnnotator)-\($0.secondAnnotator)" }
        // Exact copies: similarity 1, across vendors, two shared errors.
        #expect(byKind["0-6"]?.count == 10)
        #expect(
            byKind["0-6"]?.allSatisfy {
                $0.exact && $0.similarity == 1 && $0.crossVendor && $0.sharedEdits == 2 && $0.copyPaste
            }
                == true)
        // One more word changed (index 4, in the middle): of 11 two-word shingles each, 9 shared of 13 distinct.
        #expect(byKind["1-7"]?.count == 10)
        #expect(
            byKind["1-7"]?.allSatisfy {
                abs($0.similarity - 9.0 / 13) < 1e-12 && !$0.exact && $0.sharedEdits == 2 && $0.copyPaste
            }
                == true)
        // With three-word shingles: 7 shared of 13 distinct, 0.538, below the threshold.
        var options = NearDuplicates.Options()
        options.shingleWords = 3
        let trigrams = NearDuplicates.find(set, consensus: consensus, options: options)
        #expect(trigrams.pairs.filter { $0.firstAnnotator == 1 && $0.secondAnnotator == 7 }.isEmpty)
        // The paster: 10 answers, 45 pairs of the same writer on different items.
        #expect(byKind["8-8"]?.count == 45)
        #expect(byKind["8-8"]?.allSatisfy { $0.firstItem != $0.secondItem && $0.copyPaste } == true)
        #expect(found.pairs.count == 65)
        // Writers 0 and 1 are each in 10 flagged pairs, as are their copiers: ties count both sides.
        #expect(found.annotatorShare == [0.25, 0.25, 0, 0, 0, 0, 1, 1, 1])
        #expect(found.vendorShare[1] == 1)
        // Vendor 0: writers 0-5 (240 answers), 7 and 8 (10 each); held copied: 0, 1, 7, 8 (10 each).
        #expect(abs(found.vendorShare[0] - 40.0 / 260) < 1e-12)
        // Without a consensus the pairs are reported, none flagged.
        let unflagged = NearDuplicates.find(set, consensus: nil)
        #expect(unflagged.pairs.count == 65 && unflagged.pairs.allSatisfy { !$0.copyPaste })
    }

    /// A copier who copies one writer across many items is held to be the copier; the writers
    /// copied once each are not. And the stated limit: a copied pair that outvotes diverse answers
    /// becomes the consensus, shares no deviation from it and is reported, not flagged.
    @Test func attributionAndTheConsensusLimit() {
        var rng = SeededGenerator(seed: 8)
        var rows: [(Int, Int, String)] = []
        for i in 0..<6 {
            let truth = sentence(&rng).split(separator: " ").map(String.init)
            for w in 0..<6 {
                var words = truth
                words[(w + i) % 12] = "e\(i)x\(w)"
                words[(w + i + 5) % 12] = "f\(i)x\(w)"
                rows.append((i, w, words.joined(separator: " ")))
                // Writer 6 copies writer i on item i.
                if w == i { rows.append((i, 6, words.joined(separator: " "))) }
            }
        }
        let set = textSet(rows)
        let found = NearDuplicates.find(set, consensus: Rover().run(set))
        #expect(found.pairs.filter(\.copyPaste).count == 6)
        #expect(found.annotatorShare == [0, 0, 0, 0, 0, 0, 1])
        // Diverse answers (random sentences) and one exact copy: the copy is the consensus.
        var diverse: [(Int, Int, String)] = []
        for w in 0..<6 { diverse.append((0, w, sentence(&rng))) }
        diverse.append((0, 6, diverse[0].2))
        let alone = textSet(diverse)
        let consensus = Rover().run(alone)
        #expect(consensus.text(ofItem: 0, in: alone) == diverse[0].2)
        let pairs = NearDuplicates.find(alone, consensus: consensus).pairs
        #expect(pairs.count == 1 && pairs[0].exact && !pairs[0].copyPaste)
    }

    /// Near-identical answers that the whole item shares (careful transcriptions of one recording)
    /// are reported but not flagged; nor are answers below `minimumWords`.
    @Test func sharedAgreementIsNotCopyPaste() {
        let words = "the quick brown fox jumps over the lazy dog"
        var rows: [(Int, Int, String)] = []
        for w in 0..<5 { rows.append((0, w, w == 4 ? words + " today" : words)) }
        rows += [(1, 0, "yes it is"), (1, 1, "yes it is"), (1, 2, "no")]
        let set = textSet(rows)
        let found = NearDuplicates.find(set, consensus: Rover().run(set))
        #expect(found.pairs.count == 10)
        #expect(found.pairs.allSatisfy { !$0.copyPaste && $0.firstItem == 0 })
        #expect(found.pairs.filter(\.exact).count == 6)
        #expect(found.comparedAnswers == [1, 1, 1, 1, 1])
        #expect(found.annotatorShare == [0, 0, 0, 0, 0])
    }
}
