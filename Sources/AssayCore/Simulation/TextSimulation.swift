// Assay — quality control for human-labelled training data.

/// Synthetic free-text answers with known truth: items whose true text is a sentence of
/// pseudo-words, answered by writers who make word errors (typos that change a word, dropped
/// words, inserted words), by copiers who paste another writer's answer on the same item, and by
/// pasters who paste one text of their own into every item.
///
/// Writers also vary the form (capitals, final stop, commas), which tokenisation removes, so a
/// careful writer's answer differs from the truth by about `errorRate` × its words.
public struct TextSimulation: Sendable {
    /// What a writer does.
    public enum Kind: String, Sendable, CaseIterable {
        /// Writes the truth with the writer's word error rate.
        case writer
        /// Copies the previous answer on the item (a careful writer when first).
        case copier
        /// Pastes their own first answer into every item.
        case paster
    }

    /// Number of items.
    public var items: Int
    /// Answers per item (distinct writers).
    public var answersPerItem: Int
    /// Number of writers.
    public var writers: Int
    /// Vendors; writer `w` belongs to vendor `w % vendors`.
    public var vendors: Int
    /// Mean words of a true sentence (at least 3).
    public var meanWords: Int
    /// Distinct words of the language (drawn with Zipf frequencies).
    public var vocabulary: Int
    /// Per-word error rates of careful writers are spread over this range.
    public var carefulErrorRate: ClosedRange<Double>
    /// Share of writers who are sloppy, and their error rate.
    public var sloppyShare: Double
    /// Error rate of sloppy writers.
    public var sloppyErrorRate: Double
    /// Share of writers who copy the previous answer on an item.
    public var copierShare: Double
    /// Share of writers who paste one text everywhere.
    public var pasterShare: Double
    /// Seed of every draw.
    public var seed: UInt64

    /// A campaign.
    public init(
        items: Int, answersPerItem: Int, writers: Int, vendors: Int = 1, meanWords: Int = 15,
        vocabulary: Int = 5_000, carefulErrorRate: ClosedRange<Double> = 0.05...0.2,
        sloppyShare: Double = 0.1,
        sloppyErrorRate: Double = 0.5, copierShare: Double = 0.05, pasterShare: Double = 0.02,
        seed: UInt64 = 1
    ) {
        precondition(answersPerItem <= writers, "more answers per item than writers")
        self.items = items
        self.answersPerItem = answersPerItem
        self.writers = writers
        self.vendors = max(vendors, 1)
        self.meanWords = max(meanWords, 3)
        self.vocabulary = max(vocabulary, 10)
        self.carefulErrorRate = carefulErrorRate
        self.sloppyShare = sloppyShare
        self.sloppyErrorRate = sloppyErrorRate
        self.copierShare = copierShare
        self.pasterShare = pasterShare
        self.seed = seed
    }

    /// What a run produced.
    public struct Output: Sendable {
        /// The true text of each item.
        public var truth: [String]
        /// Item of each answer (answers are grouped by item).
        public var item: [Int32]
        /// Writer of each answer.
        public var writer: [Int32]
        /// The answers.
        public var answers: [String]
        /// For each answer, the answer it copies (copiers) or -1.
        public var copiedFrom: [Int32]
        /// Each writer's kind.
        public var kind: [Kind]
        /// Each writer's per-word error rate (of their own writing; copiers and pasters write with it
        /// when they write).
        public var errorRate: [Double]
        /// Each writer's vendor.
        public var vendor: [Int32]

        /// The answers as a `TextSet` (writer ids `w0`, `w1`, …, item ids `i0`, …, vendors `v0`, …).
        /// - Complexity: O(answers + answer bytes).
        public func textSet() -> TextSet {
            let vendors = Int(vendor.max() ?? 0) + 1
            return TextSet.build(
                itemIDs: truth.indices.map { "i\($0)" }, annotatorIDs: kind.indices.map { "w\($0)" },
                annotatorVendor: vendor, vendorIDs: (0..<vendors).map { "v\($0)" }, item: item,
                annotator: writer,
                answers: answers)
        }
    }

    /// Runs the simulation. Deterministic under `seed`.
    /// - Complexity: O(items × answersPerItem × meanWords + vocabulary).
    public func run() -> Output {
        var rng = SeededGenerator(seed: seed)
        let words = (0..<vocabulary).map(Self.pseudoWord)
        // Zipf(1) frequencies.
        var cumulative = [Double](repeating: 0, count: vocabulary)
        var sum = 0.0
        for r in 0..<vocabulary {
            sum += 1 / Double(r + 1)
            cumulative[r] = sum
        }
        func draw(_ rng: inout SeededGenerator) -> Int {
            let u = rng.nextUnit() * sum
            var lo = 0
            var hi = vocabulary - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var kind: [Kind] = []
        var errorRate: [Double] = []
        let copiers = Int((Double(writers) * copierShare).rounded())
        let pasters = Int((Double(writers) * pasterShare).rounded())
        let sloppy = Int((Double(writers) * sloppyShare).rounded())
        for w in 0..<writers {
            kind.append(w < copiers ? .copier : w < copiers + pasters ? .paster : .writer)
            let isSloppy = w >= copiers + pasters && w < copiers + pasters + sloppy
            let spread = carefulErrorRate.upperBound - carefulErrorRate.lowerBound
            errorRate.append(
                isSloppy ? sloppyErrorRate : carefulErrorRate.lowerBound + spread * rng.nextUnit())
        }
        // Shuffle kinds over writer ids so that vendors mix kinds.
        var order = Array(0..<writers)
        order.shuffle(using: &rng)
        kind = order.map { kind[$0] }
        errorRate = order.map { errorRate[$0] }
        var pasted = [String?](repeating: nil, count: writers)
        var out = Output(
            truth: [], item: [], writer: [], answers: [], copiedFrom: [], kind: kind, errorRate: errorRate,
            vendor: (0..<writers).map { Int32($0 % vendors) })
        out.truth.reserveCapacity(items)
        out.answers.reserveCapacity(items * answersPerItem)
        var sentence: [Int] = []
        var chosen: [Int] = []
        for i in 0..<items {
            let length = max(3, meanWords + Int((rng.nextNormal() * Double(meanWords) / 4).rounded()))
            sentence = (0..<length).map { _ in draw(&rng) }
            out.truth.append(Self.render(sentence.map { words[$0] }, rng: &rng))
            chosen.removeAll(keepingCapacity: true)
            while chosen.count < answersPerItem {
                let w = Int(rng.next() % UInt64(writers))
                if !chosen.contains(w) { chosen.append(w) }
            }
            let first = out.answers.count
            for w in chosen {
                var copied: Int32 = -1
                let answer: String
                switch kind[w] {
                case .copier where out.answers.count > first:
                    copied = Int32(out.answers.count - 1)
                    answer = out.answers[out.answers.count - 1]
                case .paster where pasted[w] != nil:
                    answer = pasted[w]!
                default:
                    answer = Self.render(
                        Self.noisy(sentence, rate: errorRate[w], words: words, rng: &rng, draw: draw),
                        rng: &rng)
                    if kind[w] == .paster { pasted[w] = answer }
                }
                out.item.append(Int32(i))
                out.writer.append(Int32(w))
                out.answers.append(answer)
                out.copiedFrom.append(copied)
            }
        }
        return out
    }

    /// A writer's words for a true sentence: each word, with probability `rate`, is mistyped
    /// (half the errors: one letter changed, giving a different word), dropped (a quarter) or
    /// followed by an inserted word (a quarter).
    private static func noisy(
        _ sentence: [Int], rate: Double, words: [String], rng: inout SeededGenerator,
        draw: (inout SeededGenerator) -> Int
    ) -> [String] {
        var out: [String] = []
        out.reserveCapacity(sentence.count + 2)
        for w in sentence {
            guard rng.nextUnit() < rate else {
                out.append(words[w])
                continue
            }
            let u = rng.nextUnit()
            if u < 0.5 {
                out.append(typo(words[w], rng: &rng))
            } else if u < 0.75 {
                continue
            } else {
                out.append(words[w])
                out.append(words[draw(&rng)])
            }
        }
        return out
    }

    /// `word` with one letter replaced by another (always a different word: pseudo-words use
    /// lower-case letters, and the typo puts in an `x` or a `q`, which they never contain).
    private static func typo(_ word: String, rng: inout SeededGenerator) -> String {
        var letters = Array(word.utf8)
        let k = Int(rng.next() % UInt64(letters.count))
        letters[k] = rng.next() % 2 == 0 ? UInt8(ascii: "x") : UInt8(ascii: "q")
        return String(decoding: letters, as: UTF8.self)
    }

    /// Words as a writer types them: a capital first letter, now and then a comma, a final stop.
    private static func render(_ words: [String], rng: inout SeededGenerator) -> String {
        var text = ""
        for (k, w) in words.enumerated() {
            if k > 0 { text += rng.nextUnit() < 0.05 ? ", " : " " }
            text += k == 0 ? w.prefix(1).uppercased() + w.dropFirst() : w
        }
        return rng.nextUnit() < 0.7 ? text + "." : text
    }

    /// The `k`-th word of the pseudo-language: consonant-vowel syllables spelling `k + 1` in base 16
    /// (distinct for distinct `k`; never an `x` or a `q`).
    static func pseudoWord(_ k: Int) -> String {
        let consonants = Array("bdfgklmnprstvzhj".utf8)
        let vowels = Array("aeiou".utf8)
        var n = k + 1
        var bytes: [UInt8] = []
        while n > 0 {
            bytes.append(consonants[n % 16])
            bytes.append(vowels[(n / 16 + bytes.count) % 5])
            n /= 16
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
