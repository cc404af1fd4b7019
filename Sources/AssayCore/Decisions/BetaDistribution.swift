// Assay — quality control for human-labelled training data.

import Foundation

/// A Beta(α, β) distribution: the posterior of a rate (an accuracy, a defect rate) and the summary
/// in which Assay reports one, with its central interval.
public struct BetaDistribution: Sendable, Codable, Equatable {
    /// First shape (successes + prior).
    public var alpha: Double
    /// Second shape (failures + prior).
    public var beta: Double

    /// Beta(`alpha`, `beta`); both must be positive.
    public init(alpha: Double, beta: Double) {
        precondition(alpha > 0 && beta > 0, "Beta shapes must be positive")
        self.alpha = alpha
        self.beta = beta
    }

    /// The Beta with this mean and variance (moment matching); the variance is capped just below
    /// mean × (1 − mean), the largest a Beta can have, and the mean kept inside (0, 1).
    public init(mean: Double, variance: Double) {
        let m = min(max(mean, 1e-9), 1 - 1e-9)
        let v = min(max(variance, 1e-18), m * (1 - m) * 0.999_999)
        let s = m * (1 - m) / v - 1
        self.init(alpha: m * s, beta: (1 - m) * s)
    }

    /// The mean α / (α + β).
    public var mean: Double { alpha / (alpha + beta) }

    /// The variance αβ / ((α + β)²(α + β + 1)).
    public var variance: Double {
        let s = alpha + beta
        return alpha * beta / (s * s * (s + 1))
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double { SpecialFunctions.incompleteBeta(x, alpha, beta) }

    /// P(X > x), computed from the mirrored distribution (no cancellation near 1).
    public func tail(_ x: Double) -> Double { SpecialFunctions.incompleteBeta(1 - x, beta, alpha) }

    /// The `p`-quantile to 1e-12: Newton steps on the distribution function inside a bracket that
    /// every evaluation narrows, from the normal approximation; a step leaving the bracket, or one
    /// where the density vanishes, bisects instead (a handful of evaluations where bisection alone
    /// took 40, each a continued fraction that grows with α + β: on 50,000 annotators the
    /// intervals took seconds).
    public func quantile(_ p: Double) -> Double {
        guard p > 0 else { return 0 }
        guard p < 1 else { return 1 }
        var lo = 0.0
        var hi = 1.0
        let logNorm = lgamma(alpha + beta) - lgamma(alpha) - lgamma(beta)
        var x = min(max(mean + SpecialFunctions.normalQuantile(p) * variance.squareRoot(), 1e-9), 1 - 1e-9)
        for _ in 0..<200 {
            let f = cdf(x) - p
            if f < 0 { lo = x } else { hi = x }
            if hi - lo <= 1e-12 { break }
            let density = exp(logNorm + (alpha - 1) * log(x) + (beta - 1) * log1p(-x))
            var next = density > 0 && density.isFinite ? x - f / density : .nan
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-13 { return next }
            x = next
        }
        return (lo + hi) / 2
    }

    /// The central interval holding `level` of the mass (0.9: the 5% and 95% quantiles).
    public func interval(_ level: Double = 0.9) -> Interval {
        Interval(low: quantile((1 - level) / 2), high: quantile((1 + level) / 2))
    }

    /// A draw.
    public func sample(_ rng: inout SeededGenerator) -> Double { rng.nextBeta(alpha, beta) }
}

/// A closed interval of a figure, as Assay reports one (90% unless a field says otherwise).
public struct Interval: Sendable, Codable, Equatable {
    /// Lower bound.
    public var low: Double
    /// Upper bound.
    public var high: Double

    /// An interval.
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// Whether `x` lies inside (bounds included).
    public func contains(_ x: Double) -> Bool { x >= low && x <= high }

    /// The central `level` interval of sample values (linear-interpolated quantiles); nil when
    /// there are none.
    public static func of(samples: [Double], level: Double = 0.9) -> Interval? {
        let sorted = samples.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        return Interval(
            low: Bootstrap.quantile(sorted, (1 - level) / 2),
            high: Bootstrap.quantile(sorted, (1 + level) / 2))
    }
}
