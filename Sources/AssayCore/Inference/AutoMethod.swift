// Assay — quality control for human-labelled training data.

import Foundation

/// Chooses a method per dataset, without ground truth, and runs it.
///
/// Without gold: a seeded 10% of the labels (only from items that keep at least one other label)
/// is held out; every candidate is fitted on the rest; each candidate's posteriors, together with
/// annotator confusion matrices fitted to them (add-one smoothing), predict the held-out labels;
/// the candidate with the highest held-out log-likelihood wins. With at least 20 gold items: the
/// candidate with the best gold accuracy under 2-fold cross-validation wins (ties keep the earlier
/// candidate). The choice and the runners-up are reported in `notes`.
public struct AutoMethod: InferenceMethod {
    /// `auto`.
    public let name = "auto"
    /// Seed of the held-out split and of seeded candidates.
    public var seed: UInt64
    /// Share of labels held out.
    public var holdout = 0.1

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
            var rng = SeededGenerator(seed: seed ^ 0x5EED)
            var held = [Bool](repeating: false, count: set.count)
            for i in 0..<set.itemCount {
                let r = set.labels(ofItem: i)
                guard r.count >= 2 else { continue }
                var kept = r.count
                for l in r where kept > 1 && rng.nextUnit() < holdout {
                    held[l] = true
                    kept -= 1
                }
            }
            let train = set.subset { !held[$0] }
            for method in candidates {
                let fit = method.infer(train, gold: gold)
                scored.append((method.name, heldOutLogLikelihood(fit, train: train, full: set, held: held)))
            }
            why = "held-out log-likelihood per label (\(Int(holdout * 100))% of labels)"
        }
        var best = 0
        for j in scored.indices where scored[j].1 > scored[best].1 { best = j }
        var result = candidates[best].infer(set, gold: gold)
        let ranking = scored.sorted { $0.1 > $1.1 }.map { "\($0.0) \(String(format: "%.4f", $0.1))" }
        result.notes.insert("chose \(scored[best].0) by \(why): \(ranking.joined(separator: ", "))", at: 0)
        result.method = name
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
