// Assay — quality control for human-labelled training data.

import Foundation

/// Recalibration on gold: the within-item correlation `ρ` and the uniform share `ε` of the
/// calibrated posteriors (see `ItemEvidence`), fitted to the gold items' known answers.
///
/// A gold item clamped during EM has a one-hot posterior, which says nothing about calibration, so
/// the gold is split into `folds` seeded folds; for each, Dawid–Skene (pseudo-count `α`) is fitted
/// with the other folds' gold clamped, and the fold's gold items get their posteriors from their
/// labels alone. `(ρ, ε)` is then the grid point with the highest log-likelihood of the true
/// classes under those out-of-fold posteriors plus a weak prior: `ln ρ` normal around the
/// truth-free choice `ρ₀` (sd 1; `ρ` below 0.01 counts as 0.01) and `logit ε` normal around
/// `logit 0.01` (sd 2). With a handful of gold items the prior keeps the truth-free choice; with
/// hundreds the gold decides.
struct GoldRecalibration: Sendable {
    /// Candidate uniform shares.
    static let epsilons: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]
    /// Folds of the gold.
    var folds = 5
    /// Seed of the gold folds.
    var seed: UInt64

    /// What the gold chose.
    struct Fit: Sendable {
        /// The within-item correlation.
        var correlation: Double
        /// The uniform share.
        var epsilon: Double
        /// Gold items the fit was scored on.
        var goldItems: Int
        /// Their mean log loss (−ln of the true class's out-of-fold posterior) at the chosen point.
        var logLoss: Double
    }

    /// Fits `(ρ, ε)` on `gold`, around the truth-free correlation `rho0`; nil with fewer than two
    /// gold items.
    /// - Complexity: `folds` Dawid–Skene fits on the whole set, plus O(gold × K × grid).
    func fit(_ set: LabelSet, gold: GoldAnswers, pseudoCount alpha: Double, around rho0: Double) -> Fit? {
        var known = gold.answer.indices.filter {
            gold.answer[$0] >= 0 && Int(gold.answer[$0]) < set.classCount
        }
        guard known.count >= 2 else { return nil }
        var rng = SeededGenerator(seed: seed ^ 0x601D)
        known.shuffle(using: &rng)
        let k = set.classCount
        // Out-of-fold scores of the gold items: K scores, the label count and the true class each.
        var scores: [Double] = []
        var counts: [Int32] = []
        var truth: [Int] = []
        for f in 0..<folds {
            let test = known.enumerated().filter { $0.offset % folds == f }.map(\.element)
            guard !test.isEmpty else { continue }
            var given = gold.answer
            for i in test { given[i] = -1 }
            var ds = DawidSkene()
            ds.smoothing = alpha
            let fit = ds.infer(set, gold: GoldAnswers(answer: given))
            let evidence = ItemEvidence(set, confusion: fit.confusion, prior: fit.classPrior)
            for i in test {
                scores += evidence.score[(i * k)..<((i + 1) * k)]
                counts.append(evidence.labelCount[i])
                truth.append(Int(gold.answer[i]))
            }
        }
        let pooled = ItemEvidence(classCount: k, score: scores, labelCount: counts)
        let logit = { (e: Double) in log(e / (1 - e)) }
        let q = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { q.deallocate() }
        var best: (objective: Double, rho: Double, epsilon: Double, logLoss: Double)?
        for rho in HeldOutCalibration.correlations {
            for epsilon in Self.epsilons {
                var loss = 0.0
                for (j, t) in truth.enumerated() {
                    pooled.posterior(item: j, rho: rho, epsilon: epsilon, into: q)
                    loss -= log(max(q[t], 1e-300))
                }
                let dr = log(max(rho, 0.01)) - log(max(rho0, 0.01))
                let de = (logit(epsilon) - logit(0.01)) / 2
                let objective = loss + 0.5 * (dr * dr + de * de)
                if best == nil || objective < best!.objective {
                    best = (objective, rho, epsilon, loss / Double(truth.count))
                }
            }
        }
        guard let best else { return nil }
        return Fit(
            correlation: best.rho, epsilon: best.epsilon, goldItems: truth.count, logLoss: best.logLoss)
    }
}
