// Assay — quality control for human-labelled training data.

import Dispatch

/// Copy-paste among text answers: pairs of answers by different annotators (or by one annotator on
/// different items) whose words are near-identical, found by MinHash with locality-sensitive
/// banding and confirmed by the exact Jaccard index of their word shingles.
///
/// An exact copy after normalisation (same words, whatever the case, punctuation or spacing) has an
/// identical signature, so it always collides and is marked `exact`. Being similar is not enough to
/// be called copy-paste: careful transcribers of the same audio write the same words. Given the
/// items' consensus, a pair is flagged `copyPaste` when the consensus does not explain it:
/// - on the same item, when the two answers share deviations from the consensus: with `a` and `b`
///   their word edits to it and `d` their edits to each other, (a + b − d) / 2 ≥
///   max(`minimumSharedEdits`, `minimumSharedShare` × consensus words). Independent writers
///   rarely make the same mistakes at the same place; a copy inherits all of its source's (the
///   copy of a faultless answer cannot be told from independent work, and is not flagged; nor is
///   a copied pair that has itself become the consensus, as two identical free translations may
///   among diverse ones: two correct transcriptions among garbled ones look the same);
/// - on different items, when the two items' consensus texts are not near-duplicates themselves.
/// Without a consensus, pairs are reported and none is flagged.
public struct NearDuplicates: Sendable {
    /// Detection settings.
    public struct Options: Sendable {
        /// Words in a shingle. Two suit sentence-long answers: one word changed mid-sentence in
        /// twelve keeps a Jaccard index of 9 / 13 = 0.69 (three-word shingles: 7 / 13 = 0.54).
        public var shingleWords = 2
        /// LSH bands (the signature has `bands × rows` hashes). Two answers of Jaccard index s
        /// become candidates with probability 1 − (1 − s^rows)^bands: with the defaults 0.9998 at
        /// 0.8, 0.89 at 0.6, 0.34 at 0.4.
        public var bands = 16
        /// Rows per band.
        public var rows = 4
        /// Least Jaccard index of word shingles for a reported pair.
        public var threshold = 0.6
        /// Least number of shared deviations from the consensus for a same-item pair to be flagged.
        public var minimumSharedEdits = 2
        /// Least shared deviations as a share of the consensus's words, for a same-item flag.
        public var minimumSharedShare = 0.1
        /// Answers with fewer words are not compared (short answers coincide innocently).
        public var minimumWords = 5
        /// At most this many earlier members of an LSH bucket are paired with each new member
        /// (bounds the work when thousands of answers coincide).
        public var bucketWindow = 16
        /// Seed of the MinHash functions.
        public var seed: UInt64 = 0

        /// The defaults.
        public init() {}
    }

    /// One near-duplicate pair of answers.
    public struct Pair: Sendable, Equatable {
        /// The earlier label (index into the `TextSet`).
        public var first: Int32
        /// The later label.
        public var second: Int32
        /// Annotator of `first`.
        public var firstAnnotator: Int32
        /// Annotator of `second`.
        public var secondAnnotator: Int32
        /// Item of `first`.
        public var firstItem: Int32
        /// Item of `second`.
        public var secondItem: Int32
        /// Jaccard index of the two answers' word shingle sets.
        public var similarity: Double
        /// Whether the two answers have exactly the same words.
        public var exact: Bool
        /// Whether the two annotators belong to different vendors.
        public var crossVendor: Bool
        /// For a same-item pair given a consensus, the deviations from it that the two answers
        /// share ((a + b − d) / 2, see the type's summary); 0 otherwise.
        public var sharedEdits: Double
        /// Whether the pair is flagged as copy-paste (see the type's summary).
        public var copyPaste: Bool
    }

    /// Pairs at or above the threshold, ordered by `first` then `second`.
    public var pairs: [Pair]
    /// Per annotator, answers compared (at least `minimumWords` words).
    public var comparedAnswers: [Int]
    /// Per annotator, answers held to be copied: answers in a flagged pair whose writer is in at
    /// least as many flagged pairs as the other writer (a copier pairs with many sources, each
    /// source with its copier once; a writer pasting into many items is always counted).
    public var flaggedAnswers: [Int]
    /// Per vendor, answers compared.
    public var vendorComparedAnswers: [Int]
    /// Per vendor, answers held to be copied (as `flaggedAnswers`).
    public var vendorFlaggedAnswers: [Int]

    /// Per annotator, the share of their compared answers held to be copied (0 without any): the
    /// near-duplicate share of the scorecards.
    public var annotatorShare: [Double] {
        zip(flaggedAnswers, comparedAnswers).map { $1 == 0 ? 0 : Double($0) / Double($1) }
    }
    /// Per vendor, the share of their compared answers held to be copied (0 without any).
    public var vendorShare: [Double] {
        zip(vendorFlaggedAnswers, vendorComparedAnswers).map { $1 == 0 ? 0 : Double($0) / Double($1) }
    }

    /// Finds near-duplicate answers in `set` and flags copy-paste against `consensus`.
    /// - Complexity: O(words × bands × rows) for the signatures, O(labels × bands + candidates ×
    ///   words) for banding and confirmation; on both cores for large sets.
    public static func find(_ set: TextSet, consensus: TextConsensus?, options: Options = Options())
        -> NearDuplicates
    {
        let sketch = MinHash(
            shingleWords: options.shingleWords, count: options.bands * options.rows, seed: options.seed)
        let keys = bandKeys(set, sketch: sketch, options: options)
        let candidates = candidatePairs(set, keys: keys, options: options)
        var pairs: [Pair] = []
        var shinglesA: [UInt64] = []
        var shinglesB: [UInt64] = []
        let vendor = set.index.annotatorVendor
        var shinglesOf = -1
        for packed in candidates {
            let a = Int(packed >> 32)
            let b = Int(packed & 0xFFFF_FFFF)
            // Candidates come sorted by their first label: its shingles serve a run of them.
            if a != shinglesOf { sketch.shingles(set.words[a], into: &shinglesA) }
            shinglesOf = a
            sketch.shingles(set.words[b], into: &shinglesB)
            let similarity = MinHash.jaccard(shinglesA, shinglesB)
            guard similarity >= options.threshold else { continue }
            let annotatorA = set.index.annotator[a]
            let annotatorB = set.index.annotator[b]
            pairs.append(
                Pair(
                    first: Int32(a), second: Int32(b), firstAnnotator: annotatorA,
                    secondAnnotator: annotatorB,
                    firstItem: set.index.item[a], secondItem: set.index.item[b], similarity: similarity,
                    exact: set.words[a] == set.words[b],
                    crossVendor: vendor[Int(annotatorA)] != vendor[Int(annotatorB)], sharedEdits: 0,
                    copyPaste: false))
        }
        if let consensus { flag(&pairs, set: set, consensus: consensus, sketch: sketch, options: options) }
        return tally(pairs, set: set, options: options)
    }

    /// Per label, `bands` band keys (all zero for an answer too short to compare).
    private static func bandKeys(_ set: TextSet, sketch: MinHash, options: Options) -> [UInt64] {
        let bands = options.bands
        let rows = options.rows
        var keys = [UInt64](repeating: 0, count: set.count * bands)
        keys.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let target = SharedPointer(base: base)
            set.forEachItemChunk { _, range in
                var shingles: [UInt64] = []
                var signature = [UInt64](repeating: 0, count: bands * rows)
                for l in set.index.itemOffsets[range.lowerBound]..<set.index.itemOffsets[range.upperBound]
                where set.words.length(l) >= options.minimumWords {
                    sketch.shingles(set.words[l], into: &shingles)
                    signature.withUnsafeMutableBufferPointer { sig in
                        sketch.signature(shingles, into: sig)
                        for band in 0..<bands {
                            var h = MinHash.mix(UInt64(band) &+ 0x5EED)
                            for r in 0..<rows { h = MinHash.mix(h ^ sig[band * rows + r]) }
                            target.base[l * bands + band] = h | 1
                        }
                    }
                }
            }
        }
        return keys
    }

    /// Distinct candidate pairs (earlier label << 32 | later label), sorted: answers sharing a band
    /// key, by different annotators or on different items.
    private static func candidatePairs(_ set: TextSet, keys: [UInt64], options: Options) -> [UInt64] {
        let bands = options.bands
        let n = set.count
        var perBand = [[UInt64]](repeating: [], count: bands)
        perBand.withUnsafeMutableBufferPointer { out in
            let target = SharedPointer(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                var size = 16
                while size < 2 * n { size <<= 1 }
                // Bucket heads (label + 1) by key; members chained through `next`.
                var table = [Int32](repeating: 0, count: size)
                var tableKey = [UInt64](repeating: 0, count: size)
                var next = [Int32](repeating: -1, count: n)
                var found: [UInt64] = []
                let annotator = set.index.annotator
                let item = set.index.item
                for l in 0..<n {
                    let key = keys[l * bands + band]
                    guard key != 0 else { continue }
                    var s = Int(truncatingIfNeeded: MinHash.mix(key)) & (size - 1)
                    while table[s] != 0 && tableKey[s] != key { s = (s + 1) & (size - 1) }
                    if table[s] == 0 {
                        table[s] = Int32(l + 1)
                        tableKey[s] = key
                        continue
                    }
                    var member = Int(table[s] - 1)
                    var visited = 0
                    while member >= 0 && visited < options.bucketWindow {
                        if annotator[member] != annotator[l] || item[member] != item[l] {
                            found.append(UInt64(member) << 32 | UInt64(l))
                        }
                        member = Int(next[member])
                        visited += 1
                    }
                    next[l] = table[s] - 1
                    table[s] = Int32(l + 1)
                }
                target.base[band] = found
            }
        }
        var all = perBand.flatMap { $0 }
        MinHash.sortUnique(&all)
        return all
    }

    /// Sets `sharedEdits` and `copyPaste` on every pair from the consensus.
    private static func flag(
        _ pairs: inout [Pair], set: TextSet, consensus: TextConsensus, sketch: MinHash, options: Options
    ) {
        var calculator = WordEditDistance()
        var a: [UInt64] = []
        var b: [UInt64] = []
        var shinglesOf: Int32 = -1
        set.words.words.withUnsafeBufferPointer { words in
            func answer(_ l: Int32) -> UnsafeBufferPointer<Int32> {
                UnsafeBufferPointer(
                    rebasing: words[set.words.offsets[Int(l)]..<set.words.offsets[Int(l) + 1]])
            }
            for p in pairs.indices {
                let pair = pairs[p]
                if pair.firstItem == pair.secondItem {
                    let between = calculator.distance(answer(pair.first), answer(pair.second))
                    let shared =
                        Double(
                            Int(consensus.editsToConsensus[Int(pair.first)])
                                + Int(consensus.editsToConsensus[Int(pair.second)]) - between) / 2
                    let length = Double(consensus.words.length(Int(pair.firstItem)))
                    pairs[p].sharedEdits = shared
                    pairs[p].copyPaste =
                        shared >= max(Double(options.minimumSharedEdits), options.minimumSharedShare * length)
                } else {
                    if pair.firstItem != shinglesOf {
                        sketch.shingles(consensus.words[Int(pair.firstItem)], into: &a)
                        shinglesOf = pair.firstItem
                    }
                    sketch.shingles(consensus.words[Int(pair.secondItem)], into: &b)
                    pairs[p].copyPaste = MinHash.jaccard(a, b) < options.threshold
                }
            }
        }
    }

    /// Per-annotator and per-vendor counts of compared and flagged answers.
    private static func tally(_ pairs: [Pair], set: TextSet, options: Options) -> NearDuplicates {
        // Which side of a flagged pair copied is unknown; the writer in more flagged pairs (a copier
        // pairs with many sources, each source with one copier) takes it, both on a tie.
        var pairCount = [Int](repeating: 0, count: set.annotatorCount)
        for pair in pairs where pair.copyPaste {
            pairCount[Int(pair.firstAnnotator)] += 1
            if pair.secondAnnotator != pair.firstAnnotator { pairCount[Int(pair.secondAnnotator)] += 1 }
        }
        var flaggedLabel = [Bool](repeating: false, count: set.count)
        for pair in pairs where pair.copyPaste {
            let a = pairCount[Int(pair.firstAnnotator)]
            let b = pairCount[Int(pair.secondAnnotator)]
            if a >= b { flaggedLabel[Int(pair.first)] = true }
            if b >= a { flaggedLabel[Int(pair.second)] = true }
        }
        var compared = [Int](repeating: 0, count: set.annotatorCount)
        var flagged = [Int](repeating: 0, count: set.annotatorCount)
        var vendorCompared = [Int](repeating: 0, count: set.index.vendorIDs.count)
        var vendorFlagged = [Int](repeating: 0, count: set.index.vendorIDs.count)
        for l in 0..<set.count where set.words.length(l) >= options.minimumWords {
            let a = Int(set.index.annotator[l])
            let v = Int(set.index.annotatorVendor[a])
            compared[a] += 1
            vendorCompared[v] += 1
            if flaggedLabel[l] {
                flagged[a] += 1
                vendorFlagged[v] += 1
            }
        }
        return NearDuplicates(
            pairs: pairs, comparedAnswers: compared, flaggedAnswers: flagged,
            vendorComparedAnswers: vendorCompared,
            vendorFlaggedAnswers: vendorFlagged)
    }
}
