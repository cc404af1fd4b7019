// Assay — quality control for human-labelled training data.

import Foundation

/// Chooses a method per dataset, without ground truth, and runs it.
///
/// Without gold: labels are split into 5 seeded folds (an item's labels spread over different
/// folds, items with one label never held out); for each fold every candidate is fitted on the
/// other folds, and its posteriors, with annotator confusion matrices fitted to them (add-one
/// smoothing), predict the held-out labels; the candidate with the highest mean held-out
/// log-likelihood wins, except that candidates within `margin` of it count as tied and the earliest
/// in preference order (Dawid–Skene, one-coin, GLAD, MACE, Wawa, ZBS, M-MSR, majority) is chosen.
/// With at least 20 gold items: the
/// candidate with the best gold accuracy under 2-fold cross-validation wins (ties keep the earlier
/// candidate). The choice and the runners-up are reported in `notes`.
public struct AutoMethod: InferenceMethod {
    /// `auto`.
    public let name = "auto"
    /// Seed of the held-out split and of seeded candidates.
    public var seed: UInt64
    /// Candidates within this many nats per label of the best held-out likelihood count as tied;
    /// the earliest in preference order (Dawid–Skene first) is chosen.
    public var margin = 0.005
    /// Folds of the cross-validated likelihood (each holds out about 1/folds of the labels).
    public var folds = 5

    /// Auto selection with a seed.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// Candidates in order of preference for ties; large sets keep only the fast ones.
    func candidates(for set: LabelSet) -> [any InferenceMethod] {
        var list: [any InferenceMethod] = [DawidSkene(), OneCoinDawidSkene()]
        if set.count <= 300_000 { list += [GLAD(), MACE(seed: seed)] }
        list += [Wawa()]
        if set.count <= 300_000 { list += [ZeroBasedSkill(), MMSR(seed: seed)] }
        list += [MajorityVote()]
        return list
    }

    /// - Complexity: about twice the cost of every candidate.
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let candidates = candidates(for: set).filter { $0.unsupportedReason(set) == nil }
        var scored: [(String, Double)] = []
        let why: String
        if let gold, gold.knownCount >= 20 {
            for method in candidates {
                scored.append((method.name, crossValidatedGoldAccuracy(method, set, gold)))
            }
            why = "gold accuracy under 2-fold cross-validation"
        } else {
            // Each label is assigned to one of `folds` folds (never all of an item's labels to one
            // fold); each fold is held out once and predicted from a fit to the others.
            let fold = LabelFolds.assign(set, folds: folds, seed: seed ^ 0x5EED)
            var totals = [Double](repeating: 0, count: candidates.count)
            for f in 0..<folds {
                let held = fold.map { $0 == Int8(f) }
                let train = set.subset { !held[$0] }
                for (j, method) in candidates.enumerated() {
                    let fit = method.infer(train, gold: gold)
                    totals[j] +=
                        heldOutLogLikelihood(fit, train: train, full: set, held: held) / Double(folds)
                }
            }
            for (j, method) in candidates.enumerated() { scored.append((method.name, totals[j])) }
            why = "\(folds)-fold cross-validated log-likelihood per held-out label"
        }
        var top = 0
        for j in scored.indices where scored[j].1 > scored[top].1 { top = j }
        // Parsimony: the earliest candidate (in preference order) within `margin` of the top score;
        // differences that small are within the noise of the estimate.
        let margin = gold.map { $0.knownCount >= 20 } == true ? 0 : self.margin
        let best = scored.indices.first { scored[$0].1 >= scored[top].1 - margin } ?? top
        var result = candidates[best].infer(set, gold: gold)
        let ranking = scored.sorted { $0.1 > $1.1 }.map { "\($0.0) \(String(format: "%.4f", $0.1))" }
        result.notes.insert("chose \(scored[best].0) by \(why): \(ranking.joined(separator: ", "))", at: 0)
        // Outputs name both: that auto chose, and what it chose.
        result.method = "\(name)(\(scored[best].0))"
        return result
    }

    /// Mean log-likelihood of the held-out labels under the fit's posteriors and confusion
    /// matrices fitted to them.
    func heldOutLogLikelihood(_ fit: InferenceResult, train: LabelSet, full: LabelSet, held: [Bool]) -> Double
    {
        let k = full.classCount
        let m = Posteriors.confusion(train, posteriors: fit.posteriors, smoothing: 1)
        var total = 0.0
        var n = 0
        for l in 0..<full.count where held[l] {
            let i = Int(full.item[l])
            let a = Int(full.annotator[l])
            let o = Int(full.value[l])
            var p = 0.0
            for t in 0..<k { p += fit.posteriors[i * k + t] * m[(a * k + t) * k + o] }
            total += log(max(p, 1e-300))
            n += 1
        }
        return n == 0 ? 0 : total / Double(n)
    }

    func crossValidatedGoldAccuracy(_ method: any InferenceMethod, _ set: LabelSet, _ gold: GoldAnswers)
        -> Double
    {
        var known = gold.answer.indices.filter { gold.answer[$0] >= 0 }
        var rng = SeededGenerator(seed: seed ^ 0x601D)
        known.shuffle(using: &rng)
        var correct = 0
        for fold in 0..<2 {
            var given = gold.answer
            let test = known.enumerated().filter { $0.offset % 2 == fold }.map(\.element)
            for i in test { given[i] = -1 }
            let fit = method.infer(set, gold: GoldAnswers(answer: given))
            for i in test where fit.labels[i] == gold.answer[i] { correct += 1 }
        }
        return Double(correct) / Double(max(known.count, 1))
    }
}
