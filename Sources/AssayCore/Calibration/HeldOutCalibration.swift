// Assay — quality control for human-labelled training data.

import Foundation

/// The truth-free choice of the calibrated method's two settings: the pseudo-count `α` of the
/// symmetric Dirichlet prior on every confusion cell and the within-item correlation `ρ` that
/// tempers each item's evidence (see `ItemEvidence`).
///
/// Labels are split into `folds` folds (`LabelFolds`); for each fold and each `α`, Dawid–Skene with
/// that pseudo-count is fitted to the other folds, and every held-out label `(a, o)` of item `i` is
/// predicted as `Σ_t q_i(t) M_a[t][o]`, where `q_i` is item `i`'s posterior from its training labels
/// tempered by `ρ`. The pair with the highest mean held-out log-likelihood wins (ties keep the
/// smaller `α`, then the smaller `ρ`). Sets larger than `labelBudget` labels are judged on a seeded
/// sample of their items with all their labels: both settings describe items and annotators, not
/// the size of the set.
struct HeldOutCalibration: Sendable {
    /// Candidate pseudo-counts, in order of preference for ties.
    static let pseudoCounts: [Double] = [0.25, 0.5, 1, 2]
    /// Candidate within-item correlations, in order of preference for ties.
    static let correlations: [Double] = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1, 1.5, 2]
    /// Folds of the held-out likelihood.
    var folds = 5
    /// Largest number of labels the choice is computed on.
    var labelBudget = 300_000
    /// Seed of the sample and of the folds.
    var seed: UInt64

    /// What was chosen, and from how much.
    struct Choice: Sendable {
        /// The chosen pseudo-count.
        var pseudoCount: Double
        /// The chosen within-item correlation.
        var correlation: Double
        /// Its mean held-out log-likelihood per label.
        var heldOutLogLikelihood: Double
        /// Labels of the set (or of its sample) the choice was computed on.
        var labels: Int
    }

    /// - Complexity: `folds × pseudoCounts` Dawid–Skene fits on at most `labelBudget` labels, plus
    ///   O(labels × K × correlations) for the held-out likelihoods.
    func choose(_ full: LabelSet) -> Choice {
        let set = full.itemSample(maxLabels: labelBudget, seed: seed ^ 0xCA1B)
        let k = set.classCount
        let fold = LabelFolds.assign(set, folds: folds, seed: seed ^ 0xF01D)
        let heldCount = fold.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        let rhos = Self.correlations
        var table = [Double](repeating: 0, count: Self.pseudoCounts.count * rhos.count)
        let q = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { q.deallocate() }
        for f in 0..<folds {
            let train = set.subset { fold[$0] != Int8(f) }
            for (x, alpha) in Self.pseudoCounts.enumerated() {
                var ds = DawidSkene()
                ds.smoothing = alpha
                let fit = ds.infer(train, gold: nil)
                let evidence = ItemEvidence(train, confusion: fit.confusion, prior: fit.classPrior)
                fit.confusion.withUnsafeBufferPointer { m in
                    for i in 0..<set.itemCount {
                        let r = set.labels(ofItem: i)
                        guard r.contains(where: { fold[$0] == Int8(f) }) else { continue }
                        for (y, rho) in rhos.enumerated() {
                            evidence.posterior(item: i, rho: rho, epsilon: 0, into: q)
                            var sum = 0.0
                            for l in r where fold[l] == Int8(f) {
                                let a = Int(set.annotator[l])
                                let o = Int(set.value[l])
                                var p = 0.0
                                for t in 0..<k { p += q[t] * m[(a * k + t) * k + o] }
                                sum += log(max(p, 1e-300))
                            }
                            table[x * rhos.count + y] += sum
                        }
                    }
                }
            }
        }
        var best = 0
        for j in table.indices where table[j] > table[best] { best = j }
        return Choice(
            pseudoCount: Self.pseudoCounts[best / rhos.count], correlation: rhos[best % rhos.count],
            heldOutLogLikelihood: heldCount == 0 ? 0 : table[best] / Double(heldCount), labels: set.count)
    }
}
