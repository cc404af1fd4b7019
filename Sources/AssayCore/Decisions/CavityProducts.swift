// Assay — quality control for human-labelled training data.

import Foundation

/// Leave-one-out posteriors of one item in linear space: given each label's likelihood terms
/// w_j(t) (K per label) and the class prior, label j's cavity q_j(t) ∝ prior(t) · Π_{m≠j} w_m(t),
/// from prefix products and a running suffix product, without a log or an exp.
///
/// Each label's terms are first divided by their largest (a factor common to the classes, which
/// the normalisation removes), so every term lies in (0, 1]. If the product of the labels'
/// smallest terms, R, stays above 2⁻⁴⁰⁰, every partial product of every class lies in
/// [R · min prior, 1] ⊂ [2⁻⁴³⁴, 1] and the cavities in [2⁻⁸⁶⁸, 1]: normal doubles, nothing lost.
/// Otherwise (labels that disagree by more than 2⁴⁰⁰ ≈ 10¹²⁰ in all) the item is done in log
/// space. The scratch memory is the caller's, sized for the largest item.
struct CavityProducts {
    /// Classes.
    let k: Int
    /// Prefix products, (labels + 1) × K; in log space, the labels' log terms.
    let before: UnsafeMutablePointer<Double>
    /// The running suffix product, K; in log space, the sum of every term.
    let after: UnsafeMutablePointer<Double>

    /// Least product of the labels' smallest normalised terms done in linear space.
    static let range = 0x1p-400

    /// Scratch for items of up to `labels` labels; `release()` frees it.
    init(classes k: Int, labels: Int) {
        self.k = k
        before = UnsafeMutablePointer<Double>.allocate(capacity: k * (labels + 1))
        after = UnsafeMutablePointer<Double>.allocate(capacity: k)
    }

    /// Frees the scratch memory.
    func release() {
        before.deallocate()
        after.deallocate()
    }

    /// Calls `body(j, squares)` for each label j of the item, last to first, with its normalised
    /// cavity in `q` and Σ_t q(t)². The prior must be at least 1e-10 in every class; the terms `w`
    /// (labels × K, positive) are rescaled in place.
    /// - Complexity: O(labels × K).
    @inline(__always)
    func each(
        _ w: UnsafeMutablePointer<Double>, labels n: Int, prior: UnsafePointer<Double>,
        logPrior: UnsafePointer<Double>, into q: UnsafeMutablePointer<Double>, _ body: (Int, Double) -> Void
    ) {
        var range = 1.0
        for j in 0..<n {
            let wj = w + j * k
            var top = wj[0]
            var least = wj[0]
            for t in 1..<k {
                top = max(top, wj[t])
                least = min(least, wj[t])
            }
            let scale = 1 / top
            for t in 0..<k { wj[t] *= scale }
            range *= least * scale
        }
        guard range >= Self.range, range.isFinite else {
            eachInLogSpace(w, labels: n, logPrior: logPrior, into: q, body)
            return
        }
        for t in 0..<k { before[t] = prior[t] }
        for j in 0..<n {
            let from = before + j * k
            let wj = w + j * k
            for t in 0..<k { from[k + t] = from[t] * wj[t] }
        }
        for t in 0..<k { after[t] = 1 }
        var j = n - 1
        while j >= 0 {
            let from = before + j * k
            var z = 0.0
            for t in 0..<k {
                q[t] = from[t] * after[t]
                z += q[t]
            }
            var squares = 0.0
            let inverse = 1 / z
            for t in 0..<k {
                q[t] *= inverse
                squares += q[t] * q[t]
            }
            body(j, squares)
            let wj = w + j * k
            for t in 0..<k { after[t] *= wj[t] }
            j -= 1
        }
    }

    /// The same in log space: q_j ∝ exp(log prior + Σ_m log w_m − log w_j).
    /// - Complexity: O(labels × K), a log and an exp per term.
    func eachInLogSpace(
        _ w: UnsafeMutablePointer<Double>, labels n: Int, logPrior: UnsafePointer<Double>,
        into q: UnsafeMutablePointer<Double>, _ body: (Int, Double) -> Void
    ) {
        for t in 0..<k { after[t] = logPrior[t] }
        for j in 0..<n {
            for t in 0..<k {
                let v = log(max(w[j * k + t], Double.leastNormalMagnitude))
                before[j * k + t] = v
                after[t] += v
            }
        }
        var j = n - 1
        while j >= 0 {
            var top = -Double.infinity
            for t in 0..<k {
                q[t] = after[t] - before[j * k + t]
                top = max(top, q[t])
            }
            var z = 0.0
            for t in 0..<k {
                q[t] = exp(q[t] - top)
                z += q[t]
            }
            var squares = 0.0
            for t in 0..<k {
                q[t] /= z
                squares += q[t] * q[t]
            }
            body(j, squares)
            j -= 1
        }
    }

    /// Every label's cavity of one item (rows of K), for checking: `weights[j]` are label j's terms.
    static func cavities(weights: [[Double]], prior: [Double]) -> [[Double]] {
        let k = prior.count
        let n = weights.count
        var flat = weights.flatMap { $0 }
        let logPrior = prior.map { log($0) }
        var out = [[Double]](repeating: [], count: n)
        let products = CavityProducts(classes: k, labels: n)
        defer { products.release() }
        let q = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { q.deallocate() }
        flat.withUnsafeMutableBufferPointer { w in
            prior.withUnsafeBufferPointer { p in
                logPrior.withUnsafeBufferPointer { lp in
                    products.each(
                        w.baseAddress!, labels: n, prior: p.baseAddress!, logPrior: lp.baseAddress!, into: q
                    ) { j, _ in out[j] = Array(UnsafeBufferPointer(start: q, count: k)) }
                }
            }
        }
        return out
    }
}
