// Assay — quality control for human-labelled training data.

import Foundation

/// The truth-free choice of the calibrated method's two settings: the pseudo-count `α` of the
/// symmetric Dirichlet prior on every confusion cell and the within-item correlation `ρ` that
/// tempers each item's evidence (see `ItemEvidence`).
///
/// Sets of up to `labelBudget` labels (`crossValidated`): labels are split into `folds` folds
/// (`LabelFolds`); for each fold and each `α`, Dawid–Skene with that pseudo-count is fitted to the
/// other folds, and every held-out label `(a, o)` of item `i` is predicted as `Σ_t q_i(t) M_a[t][o]`,
/// where `q_i` is item `i`'s posterior from its training labels tempered by `ρ`. The pair with the
/// highest mean held-out log-likelihood wins (ties keep the smaller `α`, then the smaller `ρ`).
///
/// Larger sets (`leaveOneOut`): twenty fits would cost too much, and annotators there usually have
/// enough labels for the pseudo-count to matter little, so `α` is `largeSetPseudoCount` and `ρ` is
/// chosen from the one fit on the whole set: each label of a seeded sample of items (about
/// `labelBudget` labels) is predicted from its item's other labels under that fit. The fit has seen
/// the label it predicts, which favours a smaller `ρ` when annotators have few labels (measured on
/// the shared datasets: 0–0.2 where the folds choose 0.1–0.4).
struct HeldOutCalibration: Sendable {
    /// Candidate pseudo-counts, in order of preference for ties.
    static let pseudoCounts: [Double] = [0.25, 0.5, 1, 2]
    /// Candidate within-item correlations, in order of preference for ties.
    static let correlations: [Double] = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6, 0.8, 1, 1.5, 2]
    /// Folds of the held-out likelihood.
    var folds = 5
    /// Largest set whose choice is cross-validated; also the labels of the leave-one-out sample.
    var labelBudget = 100_000
    /// The pseudo-count on sets larger than `labelBudget`.
    static let largeSetPseudoCount = 1.0
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
        /// Labels the choice was computed on.
        var labels: Int
        /// How it was chosen, for the notes.
        var how: String
    }

    /// The cross-validated choice of `α` and `ρ`.
    /// - Complexity: `folds × pseudoCounts` Dawid–Skene fits, plus O(labels × K × correlations).
    func crossValidated(_ set: LabelSet) -> Choice {
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
            heldOutLogLikelihood: heldCount == 0 ? 0 : table[best] / Double(heldCount), labels: set.count,
            how: "\(folds)-fold held-out label likelihood")
    }

    /// The leave-one-label-out choice of `ρ` under one fit: its `evidence` and confusion matrices
    /// (layout `[(a*K + t)*K + o]`), fitted with `largeSetPseudoCount`.
    /// - Complexity: O(labels) for the sample, plus O(sampled labels × K × correlations).
    func leaveOneOut(_ set: LabelSet, evidence: ItemEvidence, confusion: [Double]) -> Choice {
        let k = set.classCount
        let rhos = Self.correlations
        let share = min(1, Double(labelBudget) / Double(max(set.count, 1)))
        var rng = SeededGenerator(seed: seed ^ 0x100)
        var totals = [Double](repeating: 0, count: rhos.count)
        var n = 0
        let logError = confusion.map { log(max($0, 1e-300)) }
        let q = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { q.deallocate() }
        evidence.score.withUnsafeBufferPointer { score in
            confusion.withUnsafeBufferPointer { m in
                logError.withUnsafeBufferPointer { le in
                    for i in 0..<set.itemCount where rng.nextUnit() < share {
                        let r = set.labels(ofItem: i)
                        guard r.count >= 2 else { continue }
                        for l in r {
                            let a = Int(set.annotator[l])
                            let o = Int(set.value[l])
                            for (y, rho) in rhos.enumerated() {
                                // The item's score without label l, over the temperature of its other
                                // labels.
                                let inv = 1 / ItemEvidence.temperature(labels: Int32(r.count - 1), rho: rho)
                                var top = -Double.infinity
                                for t in 0..<k {
                                    q[t] = score[i * k + t] - le[(a * k + t) * k + o]
                                    top = max(top, q[t])
                                }
                                var z = 0.0
                                var p = 0.0
                                for t in 0..<k {
                                    let e = exp((q[t] - top) * inv)
                                    z += e
                                    p += e * m[(a * k + t) * k + o]
                                }
                                totals[y] += log(max(p / z, 1e-300))
                            }
                            n += 1
                        }
                    }
                }
            }
        }
        var best = 0
        for y in totals.indices where totals[y] > totals[best] { best = y }
        return Choice(
            pseudoCount: Self.largeSetPseudoCount, correlation: rhos[best],
            heldOutLogLikelihood: n == 0 ? 0 : totals[best] / Double(n), labels: n,
            how: "leave-one-label-out likelihood on a sample (pseudo-count fixed above \(labelBudget) labels)"
        )
    }
}
