// Assay — quality control for human-labelled training data.

/// Zero-Based Skill: annotator weights start at chance level and move towards each annotator's
/// agreement with the current weighted vote, with a learning rate halved every `stepsToReduce`
/// steps (as in crowd-kit's `ZeroBasedSkill`).
public struct ZeroBasedSkill: InferenceMethod {
    /// `zbs`.
    public let name = "zbs"
    /// Number of update steps.
    public var iterations = 100
    /// Initial learning rate.
    public var learningRate = 1.0
    /// Steps between halvings of the learning rate.
    public var stepsToReduce = 20
    /// Factor applied to the learning rate at each reduction.
    public var reduceFactor = 0.5

    /// A Zero-Based Skill aggregator with the usual settings.
    public init() {}

    /// - Complexity: O(iterations × (labels + items × K)).
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let k = set.classCount
        var skill = [Double](repeating: 1 / Double(max(k, 1)) + 1e-5, count: set.annotatorCount)
        var lr = learningRate
        for step in 1...max(iterations, 1) {
            if step % stepsToReduce == 0 { lr *= reduceFactor }
            var p = Posteriors.voteShares(set, weight: skill)
            Posteriors.clamp(&p, gold: gold, classes: k)
            let agree = Posteriors.agreement(set, with: Posteriors.argmax(p, classes: k))
            for a in 0..<skill.count { skill[a] += lr * (agree[a] - skill[a]) }
        }
        var p = Posteriors.voteShares(set, weight: skill)
        Posteriors.clamp(&p, gold: gold, classes: k)
        return InferenceResult(
            method: name, classCount: k, posteriors: p, labels: Posteriors.argmax(p, classes: k),
            annotatorSkill: skill, skillMeaning: "learned vote weight (agreement with the weighted vote)",
            confusion: [], classPrior: Posteriors.prior(p, classes: k, items: set.itemCount),
            iterations: iterations, converged: true, notes: [])
    }
}
