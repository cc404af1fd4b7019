// Assay — quality control for human-labelled training data.

/// Worker Agreement with Aggregate (Wawa): annotators are weighted by how often they agree with the
/// plain majority, then items are decided by the weighted vote.
public struct Wawa: InferenceMethod {
    /// `wawa`.
    public let name = "wawa"

    /// A Wawa aggregator.
    public init() {}

    /// - Complexity: O(labels + items × K), two passes.
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        var mv = Posteriors.voteShares(set)
        Posteriors.clamp(&mv, gold: gold, classes: set.classCount)
        let skill = Posteriors.agreement(set, with: Posteriors.argmax(mv, classes: set.classCount))
        var p = Posteriors.voteShares(set, weight: skill)
        Posteriors.clamp(&p, gold: gold, classes: set.classCount)
        return InferenceResult(
            method: name, classCount: set.classCount, posteriors: p,
            labels: Posteriors.argmax(p, classes: set.classCount), annotatorSkill: skill,
            skillMeaning: "share of labels agreeing with the majority (the vote weight)",
            confusion: [], classPrior: Posteriors.prior(p, classes: set.classCount, items: set.itemCount),
            iterations: 1, converged: true, notes: [])
    }
}
