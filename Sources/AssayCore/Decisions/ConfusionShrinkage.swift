// Assay — quality control for human-labelled training data.

import Foundation

/// The confusion rows of `VendorHierarchy`: each annotator's row for true class t is its posterior
/// mean under Dirichlet(s_v · m_v,t), (n_a,t + s_v m_v,t) / (N_a,t + s_v), from its expected
/// counts n; each vendor's row m_v,t is its annotators' observed rows, each weighted by the
/// information it carries about the vendor's, N (s_v + 1) / (N + s_v) (a row of N labels is worth
/// at most s_v + 1 labels of the vendor's, since the annotator differs from the vendor by about
/// 1 / √(s_v + 1)), plus s₀ pseudo-labels of the pool's row μ_t, the mean of the vendors' rows.
///
/// Rows shrunk one by one take a K-class annotator's accuracy K times as far toward the vendor's
/// as its labels warrant (each row sees a K-th of them, while a person's accuracy is much the same
/// whatever the class). Given the accuracy layer's estimate of each annotator's accuracy, the rows
/// keep their shape (which errors) and take that accuracy: one odds factor λ on every diagonal
/// cell, d' = λd / (λd + 1 − d), the rest of each row scaled to 1 − d', λ found by bisection so
/// that Σ_t prior_t d'_t is the estimate.
struct ConfusionShrinkage: Sendable {
    /// Posterior-mean confusion per annotator, `[(a*K + t)*K + o]`.
    var confusion: [Double]
    /// Expected counts per annotator, same layout.
    var counts: [Double]
    /// Vendor rows m_v, `[(v*K + t)*K + o]`.
    var vendorRows: [Double]

    /// Shrinks the annotators' expected counts `n` with the vendors' `strength` and the pool's.
    /// - Complexity: O(annotators × K²).
    static func fit(
        counts n: [Double], set: LabelSet, strength: [Double], poolStrength: Double,
        accuracy: [Double]? = nil, prior: [Double] = []
    ) -> ConfusionShrinkage {
        let k = max(set.classCount, 1)
        let nA = set.annotatorCount
        let nV = max(set.vendorIDs.count, 1)
        var totals = [Double](repeating: 0, count: nA * k)
        for a in 0..<nA {
            for t in 0..<k {
                var s = 0.0
                for o in 0..<k { s += n[(a * k + t) * k + o] }
                totals[a * k + t] = s
            }
        }
        var raw = [Double](repeating: 0, count: nV * k * k)
        var weight = [Double](repeating: 0, count: nV * k)
        for a in 0..<nA {
            let v = Int(set.annotatorVendor[a])
            let s = strength[v]
            for t in 0..<k {
                let big = totals[a * k + t]
                guard big > 0 else { continue }
                let w = big * (s + 1) / (big + s)
                weight[v * k + t] += w
                for o in 0..<k { raw[(v * k + t) * k + o] += w * n[(a * k + t) * k + o] / big }
            }
        }
        // The pool's rows: the vendors' mean, with a little uniform mass so that no cell is 0.
        var pool = [Double](repeating: 0, count: k * k)
        var rowsSeen = [Double](repeating: 0, count: k)
        for v in 0..<nV {
            for t in 0..<k where weight[v * k + t] > 0 {
                rowsSeen[t] += 1
                for o in 0..<k { pool[t * k + o] += raw[(v * k + t) * k + o] / weight[v * k + t] }
            }
        }
        for t in 0..<k {
            for o in 0..<k {
                let mean = rowsSeen[t] > 0 ? pool[t * k + o] / rowsSeen[t] : (o == t ? 1 : 0)
                pool[t * k + o] = (mean + 0.01 / Double(k)) / 1.01
            }
        }
        var vendorRows = [Double](repeating: 0, count: nV * k * k)
        for v in 0..<nV {
            for t in 0..<k {
                let w = weight[v * k + t]
                for o in 0..<k {
                    vendorRows[(v * k + t) * k + o] =
                        (poolStrength * pool[t * k + o] + raw[(v * k + t) * k + o]) / (poolStrength + w)
                }
            }
        }
        var confusion = [Double](repeating: 0, count: nA * k * k)
        for a in 0..<nA {
            let v = Int(set.annotatorVendor[a])
            let s = strength[v]
            for t in 0..<k {
                for o in 0..<k {
                    confusion[(a * k + t) * k + o] =
                        (n[(a * k + t) * k + o] + s * vendorRows[(v * k + t) * k + o])
                        / (totals[a * k + t] + s)
                }
            }
        }
        if let accuracy {
            for a in 0..<nA { tilt(&confusion, annotator: a, k: k, prior: prior, to: accuracy[a]) }
        }
        return ConfusionShrinkage(confusion: confusion, counts: n, vendorRows: vendorRows)
    }

    /// Scales annotator `a`'s diagonal odds by one factor so that Σ_t prior_t π_tt = `target`:
    /// Newton steps on log λ (the accuracy is increasing in it) kept inside a bracket that each
    /// step narrows, bisecting when a step would leave it; stops when the step is below 1e-12.
    /// - Complexity: O(K² + K × steps), steps ≈ 5–10.
    static func tilt(_ m: inout [Double], annotator a: Int, k: Int, prior: [Double], to target: Double) {
        /// The accuracy at log λ and its derivative in log λ.
        func accuracy(_ logLambda: Double) -> (value: Double, slope: Double) {
            let lambda = exp(logLambda)
            var s = 0.0
            var ds = 0.0
            for t in 0..<k {
                let d = m[(a * k + t) * k + t]
                let den = lambda * d + 1 - d
                s += prior[t] * lambda * d / den
                ds += prior[t] * lambda * d * (1 - d) / (den * den)
            }
            return (s, ds)
        }
        var lo = -30.0
        var hi = 30.0
        guard accuracy(lo).value < target, accuracy(hi).value > target else { return }
        var x = 0.0
        for _ in 0..<100 {
            let (value, slope) = accuracy(x)
            if value < target { lo = x } else { hi = x }
            var next = slope > 0 ? x - (value - target) / slope : (lo + hi) / 2
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            let step = abs(next - x)
            x = next
            if step < 1e-12 || hi - lo < 1e-12 { break }
        }
        let lambda = exp(x)
        for t in 0..<k {
            let row = (a * k + t) * k
            let d = m[row + t]
            let tilted = lambda * d / (lambda * d + 1 - d)
            let rest = 1 - d
            for o in 0..<k {
                m[row + o] =
                    o == t
                    ? tilted : (rest > 0 ? m[row + o] * (1 - tilted) / rest : (1 - tilted) / Double(k - 1))
            }
        }
    }
}
