// Assay — quality control for human-labelled training data.

import Foundation

/// Each item's log-evidence for every class under a confusion-matrix model, with its label count:
/// what the calibrated method tempers, recalibrates and turns into posteriors.
///
/// `score[i*K + t] = ln prior[t] + Σ ln M[a][t][o]` over item `i`'s labels `(a, o)`: Dawid–Skene's
/// un-normalised log posterior (its softmax is Dawid–Skene's posterior).
///
/// Labels of one item are not independent evidence when annotators err together (the same
/// ambiguous image misleads most of them). With a within-item correlation `ρ`, `n` labels carry
/// the evidence of about `n / (1 + (n − 1)ρ)` independent ones (Kish's design effect), so the
/// calibrated posterior divides the item's whole score by `T = 1 + (n − 1)ρ` before the softmax.
/// Dividing prior and likelihood alike keeps the arg-max: tempering never changes a label. A
/// share `ε` of uniform mass is then mixed in, for errors no labels can reveal.
struct ItemEvidence: Sendable {
    /// Number of classes `K`.
    let classCount: Int
    /// Item-major scores, `items × K`.
    var score: [Double]
    /// Labels per item.
    var labelCount: [Int32]

    /// The evidence of `set`'s labels under confusion matrices `confusion` (layout
    /// `[(a*K + t)*K + o]` = P(o | t)) and class prior `prior`.
    /// - Complexity: O(labels × K + annotators × K²); item ranges on both cores on large sets.
    init(_ set: LabelSet, confusion: [Double], prior: [Double]) {
        let k = set.classCount
        classCount = k
        labelCount = (0..<set.itemCount).map { Int32(set.itemOffsets[$0 + 1] - set.itemOffsets[$0]) }
        // Log errors transposed to `[(a*K + o)*K + t]`: one label's K terms are contiguous.
        var logError = [Double](repeating: 0, count: set.annotatorCount * k * k)
        for a in 0..<set.annotatorCount {
            for t in 0..<k {
                for o in 0..<k {
                    logError[(a * k + o) * k + t] = log(max(confusion[(a * k + t) * k + o], 1e-300))
                }
            }
        }
        let logPrior = prior.map { log(max($0, 1e-300)) }
        var score = [Double](repeating: 0, count: set.itemCount * k)
        let chunks = ParallelRanges(set)
        score.withUnsafeMutableBufferPointer { out in
            logError.withUnsafeBufferPointer { le in
                logPrior.withUnsafeBufferPointer { lp in
                    set.annotator.withUnsafeBufferPointer { ann in
                        set.value.withUnsafeBufferPointer { val in
                            set.itemOffsets.withUnsafeBufferPointer { off in
                                let box = UncheckedBox((out, le, lp, ann, val, off))
                                chunks.run { _, range in
                                    let (out, le, lp, ann, val, off) = box.value
                                    for i in range {
                                        let row = out.baseAddress! + i * k
                                        for t in 0..<k { row[t] = lp[t] }
                                        for l in off[i]..<off[i + 1] {
                                            let e = le.baseAddress! + (Int(ann[l]) * k + Int(val[l])) * k
                                            for t in 0..<k { row[t] += e[t] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.score = score
    }

    /// Evidence rows given directly (for example the out-of-fold rows of the gold items).
    init(classCount: Int, score: [Double], labelCount: [Int32]) {
        self.classCount = classCount
        self.score = score
        self.labelCount = labelCount
    }

    /// The temperature of an item with `n` labels under within-item correlation `rho`.
    @inline(__always)
    static func temperature(labels n: Int32, rho: Double) -> Double {
        1 + Double(max(n - 1, 0)) * rho
    }

    /// Item `i`'s posterior under correlation `rho` and uniform share `epsilon`, written to `out`.
    /// - Complexity: O(K).
    @inline(__always)
    func posterior(item i: Int, rho: Double, epsilon: Double, into out: UnsafeMutablePointer<Double>) {
        let k = classCount
        let inv = 1 / Self.temperature(labels: labelCount[i], rho: rho)
        score.withUnsafeBufferPointer { s in
            let row = s.baseAddress! + i * k
            var m = -Double.infinity
            for t in 0..<k where row[t] > m { m = row[t] }
            var z = 0.0
            for t in 0..<k {
                out[t] = exp((row[t] - m) * inv)
                z += out[t]
            }
            let keep = (1 - epsilon) / z
            let spread = epsilon / Double(k)
            for t in 0..<k { out[t] = out[t] * keep + spread }
        }
    }

    /// Every item's posterior under correlation `rho` and uniform share `epsilon`, item-major.
    /// - Complexity: O(items × K).
    func posteriors(rho: Double, epsilon: Double) -> [Double] {
        let k = classCount
        let n = labelCount.count
        return [Double](unsafeUninitializedCapacity: n * k) { buffer, initialized in
            for i in 0..<n {
                posterior(item: i, rho: rho, epsilon: epsilon, into: buffer.baseAddress! + i * k)
            }
            initialized = n * k
        }
    }
}
