// Assay — quality control for human-labelled training data.

import Foundation

/// Davidson's (1970) extension of Bradley–Terry to ties, shared by `BradleyTerry` and `CrowdBT`.
///
/// With object scores θ (log-strengths, π = e^θ) and tie parameter ν ≥ 0, a comparison of i and j
/// ends in i better, j better or a tie with probabilities proportional to π_i, π_j and ν √(π_i π_j).
/// ν = 0 is plain Bradley–Terry. Written in x = θ_i − θ_j: with a = e^{x/2}, b = 1/a, d = a + b + ν,
/// P(i) = a/d, P(j) = b/d, P(tie) = ν/d.
///
/// A worker of Crowd-BT reliability η reports the true order with probability η and the reverse
/// otherwise; ties are reported as they are: q(i) = η P(i) + (1 − η) P(j), q(j) = η P(j) + (1 − η) P(i),
/// q(tie) = P(tie). η = 1 is the plain model.
enum DavidsonModel {
    /// Largest |θ_i − θ_j| used in a probability (e^{60} is far beyond any fitted score gap).
    static let maxGap = 60.0

    /// Reported outcome probabilities (first better, second better, tie) at score gap `x`.
    @inline(__always)
    static func probabilities(x: Double, nu: Double, eta: Double = 1) -> (Double, Double, Double) {
        let a = exp(min(max(x, -maxGap), maxGap) / 2)
        let b = 1 / a
        let d = a + b + nu
        let pF = a / d
        let pS = b / d
        return (eta * pF + (1 - eta) * pS, eta * pS + (1 - eta) * pF, nu / d)
    }

    /// Fisher information about the gap x carried by one comparison: Σ_o (∂q_o/∂x)² / q_o. At
    /// ν = 0, η = 1 it is p(1 − p), Bradley–Terry's.
    @inline(__always)
    static func information(x: Double, nu: Double, eta: Double = 1) -> Double {
        information(a: exp(min(max(x, -maxGap), maxGap) / 2), nu: nu, eta: eta)
    }

    /// `information(x:nu:eta:)` from a = e^{x/2}.
    @inline(__always)
    static func information(a: Double, nu: Double, eta: Double = 1) -> Double {
        let b = 1 / a
        let d = a + b + nu
        let d2 = 2 * d * d
        let pF = a / d
        let pS = b / d
        let dF = a * (2 * b + nu) / d2
        let dS = -b * (2 * a + nu) / d2
        let dT = -nu * (a - b) / d2
        let qF = eta * pF + (1 - eta) * pS
        let qS = eta * pS + (1 - eta) * pF
        let dqF = eta * dF + (1 - eta) * dS
        let dqS = eta * dS + (1 - eta) * dF
        var info = 0.0
        if qF > 0 { info += dqF * dqF / qF }
        if qS > 0 { info += dqS * dqS / qS }
        if nu > 0 { info += dT * dT / (nu / d) }
        return info
    }

    /// Log-likelihood of `rows` under scores `theta`, tie parameter `nu` and, when given, each
    /// annotator's reliability `eta` (rows must then carry annotators).
    /// - Complexity: O(rows).
    static func logLikelihood(_ rows: PairwiseComparisons, theta: [Double], nu: Double, eta: [Double]?)
        -> Double
    {
        var ll = 0.0
        for r in 0..<rows.count {
            let x = theta[Int(rows.first[r])] - theta[Int(rows.second[r])]
            let e = eta.map { $0[Int(rows.annotator[r])] } ?? 1
            let q = probabilities(x: x, nu: nu, eta: e)
            let wF = Double(rows.winFirst[r])
            let wS = Double(rows.winSecond[r])
            let wT = Double(rows.ties[r])
            if wF > 0 { ll += wF * log(max(q.0, 1e-300)) }
            if wS > 0 { ll += wS * log(max(q.1, 1e-300)) }
            if wT > 0 { ll += wT * log(max(q.2, 1e-300)) }
        }
        return ll
    }

    /// Log-density of the score prior: each object has played `weight` virtual games against a
    /// reference object of score 0, winning half and losing half (a logistic-shaped, log-concave
    /// prior centred on 0 that keeps the score of an object that never wins finite).
    static func logPrior(_ theta: [Double], weight: Double) -> Double {
        var s = 0.0
        for t in theta {
            // (w/2) log σ(θ) + (w/2) log σ(−θ) = (w/2) θ − w log(1 + e^θ), written to avoid overflow.
            s += weight * (-abs(t) / 2 - log1p(exp(-abs(t))))
        }
        return s
    }

    /// Standard errors of the centred scores θ_i − mean(θ) from the observed Fisher information (the
    /// comparisons' information plus the prior's), with `nu` and `eta` held fixed.
    ///
    /// Up to `exactLimit` objects the information matrix is inverted exactly (Cholesky), which
    /// accounts for the uncertainty of every other score; above it each variance is 1/H_ii, the
    /// variance with the other scores known, which is smaller than the exact one by about one over
    /// the number of opponents (measured coverage in `PairwiseModelTests`).
    /// - Complexity: O(rows + objects³) up to `exactLimit`, O(rows + objects) above.
    static func standardErrors(
        _ rows: PairwiseComparisons, theta: [Double], nu: Double, eta: [Double]?, priorWeight: Double,
        exactLimit: Int
    ) -> (se: [Double], exact: Bool) {
        let n = theta.count
        guard n > 0 else { return ([], true) }
        // Prior information: weight · σ(θ)(1 − σ(θ)) on the diagonal.
        let priorInfo = theta.map { t -> Double in
            let p = 1 / (1 + exp(-t))
            return max(priorWeight, 1e-9) * p * (1 - p)
        }
        // Each row's information about its gap: (i, j, information), with e^{x/2} = s_i / s_j from
        // s = e^{θ/2} (gaps capped as `probabilities` caps them).
        let s = theta.map { exp(min(max($0, -maxGap / 2), maxGap / 2) / 2) }
        func forEachRow(_ body: (Int, Int, Double) -> Void) {
            for r in 0..<rows.count {
                let i = Int(rows.first[r])
                let j = Int(rows.second[r])
                let e = eta.map { $0[Int(rows.annotator[r])] } ?? 1
                body(i, j, Double(rows.weight[r]) * information(a: s[i] / s[j], nu: nu, eta: e))
            }
        }
        if n > exactLimit {
            var h = priorInfo
            forEachRow { i, j, info in
                h[i] += info
                h[j] += info
            }
            return (h.map { 1 / $0.squareRoot() }, false)
        }
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n { h[i * n + i] = priorInfo[i] }
        forEachRow { i, j, info in
            h[i * n + i] += info
            h[j * n + j] += info
            h[i * n + j] -= info
            h[j * n + i] -= info
        }
        let inv = lowerInverseOfCholesky(&h, n)
        // Σ = L⁻ᵀ L⁻¹ with M = L⁻¹ (lower): Σ_ii = Σ_k M_ki²; u = M·1; Σ·1 = Mᵀu; 1ᵀΣ1 = |u|².
        var u = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var s = 0.0
            for j in 0...k { s += inv[k * n + j] }
            u[k] = s
        }
        let total = u.reduce(0) { $0 + $1 * $1 }
        var se = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var diag = 0.0
            var row = 0.0
            for k in i..<n {
                let m = inv[k * n + i]
                diag += m * m
                row += m * u[k]
            }
            let v = diag - 2 * row / Double(n) + total / Double(n * n)
            se[i] = max(v, 0).squareRoot()
        }
        return (se, true)
    }

    /// The inverse of the Cholesky factor L of the positive-definite `h` (row-major n × n; destroyed),
    /// as a row-major lower-triangular matrix.
    /// - Complexity: O(n³).
    static func lowerInverseOfCholesky(_ h: inout [Double], _ n: Int) -> [Double] {
        h.withUnsafeMutableBufferPointer { a in
            for j in 0..<n {
                var d = a[j * n + j]
                for k in 0..<j { d -= a[j * n + k] * a[j * n + k] }
                let l = max(d, 1e-300).squareRoot()
                a[j * n + j] = l
                for i in (j + 1)..<max(n, j + 1) {
                    var s = a[i * n + j]
                    for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
                    a[i * n + j] = s / l
                }
            }
        }
        var m = [Double](repeating: 0, count: n * n)
        h.withUnsafeBufferPointer { a in
            m.withUnsafeMutableBufferPointer { m in
                for i in 0..<n {
                    m[i * n + i] = 1 / a[i * n + i]
                    for j in stride(from: i - 1, through: 0, by: -1) {
                        var s = 0.0
                        for k in j..<i { s += a[i * n + k] * m[k * n + j] }
                        m[i * n + j] = -s / a[i * n + i]
                    }
                }
            }
        }
        return m
    }
}
