// Assay — quality control for human-labelled training data.

/// Simulated multi-label answers with known truth: each item's true set draws each class with its
/// prevalence; each annotator marks a true class with probability `sensitivity` and a false one
/// with probability `1 − specificity`; spammers mark each class with probability 1/2; lazy
/// annotators always answer the empty set ("no class applies").
public struct MultiLabelSimulation: Sendable {
    /// One simulated annotator.
    public struct Annotator: Sendable, Equatable {
        /// P(marks class | class is true).
        public var sensitivity: Double
        /// P(leaves class out | class is false).
        public var specificity: Double
        /// Marks each class at random with probability 1/2.
        public var isSpammer: Bool
        /// Always answers the empty set.
        public var isLazy: Bool

        /// An annotator.
        public init(sensitivity: Double, specificity: Double, isSpammer: Bool = false, isLazy: Bool = false) {
            self.sensitivity = sensitivity
            self.specificity = specificity
            self.isSpammer = isSpammer
            self.isLazy = isLazy
        }
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        /// The labels.
        public var set: MultiLabelSet
        /// True class bits per item (`set.wordsPerLabel` words each).
        public var truth: [UInt64]
    }

    /// Prevalence of each class.
    public var prevalence: [Double]
    /// Number of items.
    public var items: Int
    /// Annotators per item.
    public var overlap: Int
    /// The annotators.
    public var annotators: [Annotator]
    /// Seed of every random draw.
    public var seed: UInt64

    /// A simulation.
    public init(prevalence: [Double], items: Int, overlap: Int, annotators: [Annotator], seed: UInt64) {
        precondition(overlap <= annotators.count, "overlap exceeds the number of annotators")
        self.prevalence = prevalence
        self.items = items
        self.overlap = overlap
        self.annotators = annotators
        self.seed = seed
    }

    /// Runs the simulation; annotators are dealt to items as `RatingSimulation` deals raters.
    /// - Complexity: O(items × overlap × classes).
    public func run() -> Outcome {
        var rng = SeededGenerator(seed: seed)
        let c = prevalence.count
        let w = MultiLabelSet.wordsPerLabel(classCount: c)
        var truth = [UInt64](repeating: 0, count: items * w)
        for i in 0..<items {
            for k in 0..<c where rng.nextUnit() < prevalence[k] {
                truth[i * w + k >> 6] |= 1 << UInt64(k & 63)
            }
        }
        var item: [Int32] = []
        var annotator: [Int32] = []
        var words: [UInt64] = []
        let dealer = RaterDealer(count: annotators.count, overlap: overlap)
        var queue = dealer.start(using: &rng)
        for i in 0..<items {
            let chosen = dealer.next(&queue, using: &rng)
            for j in 0..<overlap {
                let a = chosen[j]
                let kind = annotators[a]
                var row = [UInt64](repeating: 0, count: w)
                for k in 0..<c {
                    let isTrue = truth[i * w + k >> 6] >> UInt64(k & 63) & 1 == 1
                    let marks: Bool
                    if kind.isLazy {
                        marks = false
                    } else if kind.isSpammer {
                        marks = rng.nextUnit() < 0.5
                    } else {
                        marks = rng.nextUnit() < (isTrue ? kind.sensitivity : 1 - kind.specificity)
                    }
                    if marks { row[k >> 6] |= 1 << UInt64(k & 63) }
                }
                item.append(Int32(i))
                annotator.append(Int32(a))
                words += row
            }
        }
        let set = MultiLabelSet(
            itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: (0..<annotators.count).map { "a\($0)" },
            annotatorVendor: [Int32](repeating: 0, count: annotators.count), vendorIDs: [""],
            classes: (0..<c).map { "c\($0)" }, item: item, annotator: annotator, words: words)
        return Outcome(set: set, truth: truth)
    }
}
