// Assay — quality control for human-labelled training data.

/// What a truth-inference method concluded about one label set.
public struct InferenceResult: Sendable {
    /// The method's short name (`ds`, `glad`, …).
    public var method: String
    /// Number of classes `K`; `posteriors` has `items × K` entries.
    public var classCount: Int
    /// Row-major posteriors: `posteriors[i * K + k]` is P(item i's truth is class k).
    public var posteriors: [Double]
    /// The predicted class of each item (the posterior's arg-max, ties to the lower class index).
    public var labels: [Int32]
    /// One skill figure per annotator: the estimated probability of a correct label where the
    /// model has one, otherwise the model's own weight (see `skillMeaning`).
    public var annotatorSkill: [Double]
    /// What `annotatorSkill` measures for this method.
    public var skillMeaning: String
    /// Per-annotator confusion matrices `annotators × K × K`, entry `[(a * K + t) * K + o]` being
    /// P(annotator a says o | truth t); empty when the model has none.
    public var confusion: [Double]
    /// Estimated class prior, `K` entries.
    public var classPrior: [Double]
    /// Iterations run (1 for closed-form methods).
    public var iterations: Int
    /// Whether an iterative method met its tolerance before its iteration cap.
    public var converged: Bool
    /// Plain-language remarks (what was clamped, what was degenerate, what was chosen and why).
    public var notes: [String]
    /// Plain sentences a user should see beside the results: signs in the data that the
    /// confidences may be wrong (for example that annotators err together). Empty when there are
    /// none.
    public var warnings: [String] = []

    /// Confidence of each item's predicted label: its posterior probability.
    public func confidence(ofItem i: Int) -> Double { posteriors[i * classCount + Int(labels[i])] }

    /// Posteriors of item `i`.
    public func posterior(ofItem i: Int) -> ArraySlice<Double> {
        posteriors[(i * classCount)..<((i + 1) * classCount)]
    }
}

/// Known answers for some items (gold or honeypot items): `answer[i]` is a class index or -1.
public struct GoldAnswers: Sendable {
    /// Class index per item, -1 where unknown (`classNoLabelUses` in truth tables for scoring).
    public var answer: [Int32]
    /// Number of items with a known answer.
    public let knownCount: Int

    /// In a truth table used for scoring only: the item's known class is one no label uses, so
    /// the set has no index for it. Scoring counts such an item as wrong; it is never gold.
    public static let classNoLabelUses: Int32 = -2

    /// Gold answers from a per-item table (-1 = unknown).
    public init(answer: [Int32]) {
        self.answer = answer
        self.knownCount = answer.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    }

    /// No gold at all for `items` items.
    public static func none(items: Int) -> GoldAnswers {
        GoldAnswers(answer: .init(repeating: -1, count: items))
    }
}

/// A truth-inference method over categorical labels.
public protocol InferenceMethod: Sendable {
    /// Short name used on the command line.
    var name: String { get }
    /// Runs the method. Deterministic: the same set, gold and configuration give the same result.
    func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult
    /// Why this method cannot run on `set`, or nil when it can.
    func unsupportedReason(_ set: LabelSet) -> String?
}

extension InferenceMethod {
    /// Why this method cannot run on `set`, or nil when it can. Default: it always can.
    public func unsupportedReason(_ set: LabelSet) -> String? { nil }
}
