// Assay — quality control for human-labelled training data.

/// What binary relevance concluded about a multi-label set: per item and class the probability
/// that the class applies, the consensus set per item, and each class's fit.
public struct MultiLabelConsensus: Sendable {
    /// The categorical method run per class.
    public var method: String
    /// Number of classes `C`; `posterior` has `items × C` entries.
    public var classCount: Int
    /// Row-major `posterior[i * C + c]` = P(class c applies to item i).
    public var posterior: [Double]
    /// The consensus set of each item as class bits (`MultiLabelSet.wordsPerLabel` words per item):
    /// the classes whose posterior exceeds `threshold`.
    public var words: [UInt64]
    /// 64-bit words per item in `words`.
    public var wordsPerItem: Int
    /// Posterior above which a class is in the consensus set.
    public var threshold: Double
    /// The per-class fits of the categorical method (classes "0" absent, "1" present).
    public var perClass: [InferenceResult]

    /// Whether class `c` is in item `i`'s consensus set.
    public func contains(item i: Int, class c: Int) -> Bool {
        words[i * wordsPerItem + c >> 6] >> UInt64(c & 63) & 1 == 1
    }

    /// The classes of item `i`'s consensus set, ascending.
    public func classes(ofItem i: Int) -> [Int] { (0..<classCount).filter { contains(item: i, class: $0) } }
}

/// Binary relevance: each class is its own binary categorical problem ("does class c apply?"),
/// solved by one of the categorical methods on the class's `binaryView`; the consensus set of an
/// item holds the classes whose posterior exceeds `threshold`. An empty consensus set means no
/// class applies.
public struct BinaryRelevance: Sendable {
    /// The categorical method run per class.
    public var method: any InferenceMethod
    /// Posterior above which a class is in the consensus set.
    public var threshold = 0.5

    /// Binary relevance through `method` (Dawid–Skene by default).
    public init(method: any InferenceMethod = DawidSkene()) { self.method = method }

    /// - Complexity: C × (the method's cost on a binary set of the same labels).
    public func infer(_ set: MultiLabelSet) -> MultiLabelConsensus {
        let c = set.classCount
        let nI = set.itemCount
        let w = set.wordsPerLabel
        var posterior = [Double](repeating: 0, count: nI * c)
        var words = [UInt64](repeating: 0, count: nI * w)
        var fits: [InferenceResult] = []
        for k in 0..<c {
            let fit = method.infer(set.binaryView(ofClass: k), gold: nil)
            for i in 0..<nI {
                let p = fit.posteriors[i * 2 + 1]
                posterior[i * c + k] = p
                if p > threshold { words[i * w + k >> 6] |= 1 << UInt64(k & 63) }
            }
            fits.append(fit)
        }
        return MultiLabelConsensus(
            method: method.name, classCount: c, posterior: posterior, words: words, wordsPerItem: w,
            threshold: threshold, perClass: fits)
    }
}
