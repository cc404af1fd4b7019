// Assay — quality control for human-labelled training data.

/// Majority vote: each item's posterior is its normalised vote counts; ties go to the lower class
/// index (the canonical class order). Gold items, when given, are clamped to their answer.
public struct MajorityVote: InferenceMethod {
    /// `mv`.
    public let name = "mv"

    /// A majority vote.
    public init() {}

    /// - Complexity: O(labels + items × K).
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        var p = Posteriors.voteShares(set)
        Posteriors.clamp(&p, gold: gold, classes: set.classCount)
        let labels = Posteriors.argmax(p, classes: set.classCount)
        return InferenceResult(
            method: name, classCount: set.classCount, posteriors: p, labels: labels,
            annotatorSkill: Posteriors.agreement(set, with: labels),
            skillMeaning: "share of labels agreeing with the majority", confusion: [],
            classPrior: Posteriors.prior(p, classes: set.classCount, items: set.itemCount),
            iterations: 1, converged: true, notes: [])
    }
}
