// Assay — quality control for human-labelled training data.

import Foundation

/// Karger–Oh–Shah (2011) iterative message passing for binary tasks. Item-to-annotator and
/// annotator-to-item messages on each label's edge, started from N(1, 1) draws (seeded), run for
/// `iterations` rounds. Unlike crowd-kit, messages are rescaled every round so they never
/// overflow. The class with the lower index is +1.
///
/// KOS gives a score, not a probability: the posterior reported is σ(score / mean |score|), a
/// monotone rescaling useful for ranking, not calibrated.
public struct KOS: InferenceMethod {
    /// `kos`.
    public let name = "kos"
    /// Seed of the initial messages.
    public var seed: UInt64
    /// Rounds of message passing.
    public var iterations = 100

    /// KOS with a seed.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// KOS needs exactly two classes.
    public func unsupportedReason(_ set: LabelSet) -> String? {
        set.classCount == 2 ? nil : "KOS is for binary tasks; this set has \(set.classCount) classes"
    }

    /// - Complexity: O(iterations × labels).
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let n = set.count
        guard set.classCount == 2, n > 0 else { return MajorityVote().infer(set, gold: gold).renamed(name) }
        let sign = set.value.map { $0 == 0 ? 1.0 : -1.0 }
        var rng = SeededGenerator(seed: seed)
        var y = (0..<n).map { _ in 1 + rng.nextNormal() }  // annotator → item, per label
        var x = [Double](repeating: 0, count: n)  // item → annotator, per label
        let goldSign: [Double] = (gold?.answer ?? []).map { $0 < 0 ? 0 : ($0 == 0 ? 1 : -1) }
        for _ in 0..<iterations {
            for i in 0..<set.itemCount {
                let r = set.labels(ofItem: i)
                var total = 0.0
                for l in r { total += sign[l] * y[l] }
                let anchor = goldSign.isEmpty ? 0 : goldSign[i] * 1e3
                for l in r { x[l] = total - sign[l] * y[l] + anchor }
            }
            Self.rescale(&x)
            for a in 0..<set.annotatorCount {
                let ls = set.labels(ofAnnotator: a)
                var total = 0.0
                for l in ls { total += sign[Int(l)] * x[Int(l)] }
                for l in ls { y[Int(l)] = total - sign[Int(l)] * x[Int(l)] }
            }
            Self.rescale(&y)
        }
        var score = [Double](repeating: 0, count: set.itemCount)
        for i in 0..<set.itemCount { for l in set.labels(ofItem: i) { score[i] += sign[l] * y[l] } }
        let scale = max(score.reduce(0) { $0 + abs($1) } / Double(max(score.count, 1)), 1e-12)
        var post = [Double](repeating: 0, count: set.itemCount * 2)
        for i in 0..<set.itemCount {
            let p0 = 1 / (1 + exp(-score[i] / scale))
            post[2 * i] = p0
            post[2 * i + 1] = 1 - p0
        }
        Posteriors.clamp(&post, gold: gold, classes: 2)
        let labels = Posteriors.argmax(post, classes: 2)
        // Annotator reliability: mean agreement-weighted message, reported as agreement with KOS labels.
        return InferenceResult(
            method: name, classCount: 2, posteriors: post, labels: labels,
            annotatorSkill: Posteriors.agreement(set, with: labels),
            skillMeaning: "share of labels agreeing with the KOS labels", confusion: [],
            classPrior: Posteriors.prior(post, classes: 2, items: set.itemCount), iterations: iterations,
            converged: true,
            notes: ["posterior is σ(score / mean |score|): a ranking, not a calibrated probability"])
    }

    private static func rescale(_ v: inout [Double]) {
        var s = 0.0
        for e in v { s += e * e }
        let rms = (s / Double(max(v.count, 1))).squareRoot()
        guard rms > 0, rms.isFinite else { return }
        for j in 0..<v.count { v[j] /= rms }
    }
}
