// Assay — quality control for human-labelled training data.

import Foundation

extension SeededGenerator {
    /// A uniform double in the open interval (0, 1), safe to take the logarithm of.
    mutating func nextOpenUnit() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-shift with rejection).
    /// `bound` must be positive.
    @inline(__always)
    public mutating func next(below bound: UInt64) -> UInt64 {
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// An exact Binomial(`n`, `p`) draw: inversion through geometric waiting times when n·p < 10
    /// (expected n·p + 1 uniforms), otherwise Hörmann's transformed rejection with squeeze, BTRS
    /// ("The generation of binomial random variates", J. Statist. Comput. Simul. 46, 1993), whose
    /// expected cost does not grow with n.
    /// - Complexity: O(1 + min(n·p, 10)) expected.
    public mutating func nextBinomial(_ n: Int, _ p: Double) -> Int {
        guard n > 0, p > 0 else { return 0 }
        guard p < 1 else { return n }
        if p > 0.5 { return n - nextBinomial(n, 1 - p) }
        let count = Double(n)
        if count * p < 10 {
            // Successes are the geometric waiting times (trials up to and including a success)
            // that fit in n trials.
            let logQ = log1p(-p)
            var trials = 0.0
            var successes = 0
            while true {
                trials += (log(nextOpenUnit()) / logQ).rounded(.up)
                if trials > count { return successes }
                successes += 1
            }
        }
        let spq = (count * p * (1 - p)).squareRoot()
        let b = 1.15 + 2.53 * spq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = count * p + 0.5
        let vr = 0.92 - 4.2 / b
        let r = p / (1 - p)
        let alpha = (2.83 + 5.1 / b) * spq
        let m = ((count + 1) * p).rounded(.down)
        while true {
            let u = nextOpenUnit() - 0.5
            var v = nextOpenUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || k > count { continue }
            v = log(v * alpha / (a / (us * us) + b))
            let bound =
                (m + 0.5) * log((m + 1) / (r * (count - m + 1))) + (count + 1)
                * log((count - m + 1) / (count - k + 1))
                + (k + 0.5) * log(r * (count - k + 1) / (k + 1)) + stirlingTail(m) + stirlingTail(count - m)
                - stirlingTail(k) - stirlingTail(count - k)
            if v <= bound { return Int(k) }
        }
    }

    /// An exact Multinomial(`n`; `weights` / Σ weights) draw written to `counts` (one per weight),
    /// as a chain of conditional binomials: resampling n units with replacement from groups of
    /// sizes `weights` (Σ = n) gives the same distribution of group counts as drawing the n
    /// units one by one.
    /// - Complexity: O(weights.count) binomial draws.
    public mutating func nextMultinomial(
        _ n: Int, weights: UnsafeBufferPointer<Double>, into counts: UnsafeMutableBufferPointer<Double>
    ) {
        var mass = 0.0
        for w in weights { mass += w }
        var left = n
        for j in 0..<weights.count {
            if left == 0 || mass <= 0 {
                counts[j] = 0
                continue
            }
            let w = weights[j]
            let x = j == weights.count - 1 ? left : nextBinomial(left, min(1, w / mass))
            counts[j] = Double(x)
            left -= x
            mass -= w
        }
    }
}

/// log(k!) − (Stirling's approximation of it), the correction BTRS needs: a table to 9, then the
/// series 1/12 − 1/360 x⁻² + 1/1260 x⁻⁴ over x = k + 1.
private func stirlingTail(_ k: Double) -> Double {
    let table = [
        0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
        0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287,
    ]
    if k <= 9 { return table[Int(k)] }
    let x2 = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / x2) / x2) / (k + 1)
}
