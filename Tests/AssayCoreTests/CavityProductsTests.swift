// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// The vendor hierarchy's leave-one-out posteriors in linear space, against the log-space formula
/// written out here, and the diagonal tilt of its confusion rows.
@Suite struct CavityProductsTests {
    /// q_j(t) ∝ exp(log prior(t) + Σ_{m≠j} log w_m(t)), normalised: the definition.
    static func reference(_ w: [[Double]], prior: [Double]) -> [[Double]] {
        w.indices.map { j in
            let logs = prior.indices.map { t in
                log(prior[t]) + w.indices.filter { $0 != j }.reduce(0.0) { $0 + log(w[$1][t]) }
            }
            let top = logs.max()!
            let e = logs.map { exp($0 - top) }
            let z = e.reduce(0, +)
            return e.map { $0 / z }
        }
    }

    @Test func ordinaryItemsMatchTheLogSpaceFormula() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let k = 2 + Int(rng.nextUnit() * 4)
            let n = 1 + Int(rng.nextUnit() * 9)
            let w = (0..<n).map { _ in (0..<k).map { _ in 0.001 + rng.nextUnit() } }
            let prior = (0..<k).map { _ in 0.1 + rng.nextUnit() }
            let z = prior.reduce(0, +)
            let p = prior.map { $0 / z }
            let got = CavityProducts.cavities(weights: w, prior: p)
            let want = Self.reference(w, prior: p)
            for j in 0..<n {
                for t in 0..<k { #expect(abs(got[j][t] - want[j][t]) < 1e-12, "n \(n) k \(k) j \(j) t \(t)") }
            }
        }
    }

    /// Three labels sure of class 0 and three of class 1 by a factor of 10²⁰⁰ each: the linear
    /// products underflow (every cavity would be 0/0), so the item goes to log space.
    @Test func labelsThatDisagreeBeyondTheRangeGoToLogSpace() {
        let w = [[Double]](repeating: [1, 1e-200], count: 3) + [[Double]](repeating: [1e-200, 1], count: 3)
        let got = CavityProducts.cavities(weights: w, prior: [0.5, 0.5])
        let want = Self.reference(w, prior: [0.5, 0.5])
        for j in 0..<6 {
            #expect(got[j].allSatisfy { $0.isFinite })
            // Leaving out a class-0 label leaves class 1 ahead by 10²⁰⁰, and the other way round.
            #expect(abs(got[j][0] - want[j][0]) < 1e-12 && abs(got[j][1] - want[j][1]) < 1e-12)
            #expect(j < 3 ? got[j][1] > 0.999 : got[j][0] > 0.999)
        }
        // 3,000 mildly sure labels, alternating: a product of 10⁻²⁸⁶³ in all, done in log space.
        let many = (0..<3_000).map { $0 % 2 == 0 ? [0.9, 0.1] : [0.1, 0.9] }
        let q = CavityProducts.cavities(weights: many, prior: [0.3, 0.7])
        let r = Self.reference(many, prior: [0.3, 0.7])
        for j in [0, 1, 1_500, 2_999] { #expect(abs(q[j][0] - r[j][0]) < 1e-9, "label \(j)") }
    }

    @Test func tiltMeetsItsTargetAndKeepsRowsSummingToOne() {
        let k = 3
        // One annotator's rows: P(says o | truth t).
        let rows: [Double] = [0.7, 0.2, 0.1, 0.3, 0.5, 0.2, 0.05, 0.15, 0.8]
        let prior = [0.5, 0.3, 0.2]
        for target in [0.4, 0.66, 0.9, 0.99] {
            var m = rows
            ConfusionShrinkage.tilt(&m, annotator: 0, k: k, prior: prior, to: target)
            let accuracy = (0..<k).reduce(0.0) { $0 + prior[$1] * m[$1 * k + $1] }
            #expect(abs(accuracy - target) < 1e-10, "target \(target): \(accuracy)")
            for t in 0..<k {
                #expect(abs(m[(t * k)..<(t * k + k)].reduce(0, +) - 1) < 1e-12)
                // The off-diagonal cells keep their proportions.
                let off = (0..<k).filter { $0 != t }
                #expect(
                    abs(m[t * k + off[0]] / m[t * k + off[1]] - rows[t * k + off[0]] / rows[t * k + off[1]])
                        < 1e-9)
            }
        }
    }
}
