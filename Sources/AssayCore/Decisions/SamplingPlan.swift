// Assay — quality control for human-labelled training data.

import Foundation

/// A single sampling plan (n, c): audit n labels of a delivery, accept it when at most c are wrong.
///
/// Designed from the contract's two points of the operating characteristic: a delivery at the
/// acceptable quality level (AQL) is accepted with probability ≥ 1 − α (the producer's risk α),
/// one at the lot tolerance percent defective (LTPD) with probability ≤ β (the consumer's risk).
/// The plan is the smallest c, and for it the smallest n, meeting both (the classic search, e.g.
/// Montgomery, *Introduction to Statistical Quality Control*, §15.2): the binomial model of an
/// endless stream, or the hypergeometric one when the lot is small (the sample would be a tenth of
/// it or more), with D = ⌊AQL·N⌋ and ⌈LTPD·N⌉ defects in the lot. AQL 1% / LTPD 5% / α 5% / β 10% →
/// n = 132, c = 3 (P(accept) 0.9557 at 1%, 0.0992 at 5%; `scipy.stats.binom.cdf`).
public struct SamplingPlan: Sendable, Codable, Equatable {
    /// Labels to audit.
    public var n: Int
    /// Greatest number of wrong labels that still accepts.
    public var c: Int
    /// Acceptable quality level (a defect rate).
    public var aql: Double
    /// Lot tolerance percent defective (a defect rate the buyer must not receive).
    public var ltpd: Double
    /// Producer's risk: the most P(reject | AQL) may be.
    public var alpha: Double
    /// Consumer's risk: the most P(accept | LTPD) may be.
    public var beta: Double
    /// The lot size when the plan is hypergeometric, else nil.
    public var lotSize: Int?
    /// `binomial` or `hypergeometric`.
    public var model: String
    /// The plan's real P(reject | AQL).
    public var producerRisk: Double
    /// The plan's real P(accept | LTPD).
    public var consumerRisk: Double

    /// The plan meeting the two points, or nil when none of at most `maximumSize` labels (or the
    /// whole lot) does. Requires 0 < AQL < LTPD < 1 and risks in (0, 1).
    /// - Complexity: O(c × log n) distribution evaluations.
    public static func design(
        aql: Double, ltpd: Double, alpha: Double = 0.05, beta: Double = 0.10, lotSize: Int? = nil,
        maximumSize: Int = 1_000_000
    ) -> SamplingPlan? {
        guard aql > 0, aql < ltpd, ltpd < 1, alpha > 0, alpha < 1, beta > 0, beta < 1 else { return nil }
        if let binomial = search(
            aql: aql, ltpd: ltpd, alpha: alpha, beta: beta, lot: nil, maximumSize: maximumSize)
        {
            guard let lot = lotSize, binomial.n * 10 >= lot else {
                return binomial
            }
            return search(aql: aql, ltpd: ltpd, alpha: alpha, beta: beta, lot: lot, maximumSize: lot)
        }
        guard let lot = lotSize else { return nil }
        return search(aql: aql, ltpd: ltpd, alpha: alpha, beta: beta, lot: lot, maximumSize: lot)
    }

    private static func search(
        aql: Double, ltpd: Double, alpha: Double, beta: Double, lot: Int?, maximumSize: Int
    ) -> SamplingPlan? {
        func accept(_ c: Int, _ n: Int, _ p: Double, upper: Bool) -> Double {
            guard let lot else { return CountDistributions.binomialCDF(c, n: n, p: p) }
            let defects = upper ? Int((p * Double(lot)).rounded(.up)) : Int((p * Double(lot)).rounded(.down))
            return CountDistributions.hypergeometricCDF(c, population: lot, successes: defects, draws: n)
        }
        for c in 0..<maximumSize {
            // Smallest n with P(accept | LTPD) ≤ β: the probability falls as n grows.
            guard accept(c, maximumSize, ltpd, upper: true) <= beta else { return nil }
            var lo = c + 1
            var hi = maximumSize
            while lo < hi {
                let mid = (lo + hi) / 2
                if accept(c, mid, ltpd, upper: true) <= beta { hi = mid } else { lo = mid + 1 }
            }
            let atAQL = accept(c, lo, aql, upper: false)
            if atAQL >= 1 - alpha {
                return SamplingPlan(
                    n: lo, c: c, aql: aql, ltpd: ltpd, alpha: alpha, beta: beta, lotSize: lot,
                    model: lot == nil ? "binomial" : "hypergeometric", producerRisk: 1 - atAQL,
                    consumerRisk: accept(c, lo, ltpd, upper: true))
            }
        }
        return nil
    }

    /// P(accept) for a delivery with defect rate `p`.
    public func acceptance(at p: Double) -> Double {
        acceptance(at: p, n: n, c: c)
    }

    /// P(accept) at defect rate `p` of a plan of this model with another (n, c).
    public func acceptance(at p: Double, n: Int, c: Int) -> Double {
        guard let lot = lotSize else { return CountDistributions.binomialCDF(c, n: n, p: p) }
        let defects = Int((p * Double(lot)).rounded())
        return CountDistributions.hypergeometricCDF(c, population: lot, successes: defects, draws: n)
    }

    /// The operating characteristic curve: P(accept) at `points` defect rates from 0 to 2 × LTPD.
    public func operatingCharacteristic(points: Int = 21) -> [OperatingPoint] {
        (0..<points).map { j in
            let p = 2 * ltpd * Double(j) / Double(max(points - 1, 1))
            return OperatingPoint(defectRate: p, acceptance: acceptance(at: p))
        }
    }
}

/// One point of an operating characteristic curve.
public struct OperatingPoint: Sendable, Codable, Equatable {
    /// The delivery's defect rate.
    public var defectRate: Double
    /// Probability the plan accepts it.
    public var acceptance: Double
}

/// The counting distributions behind sampling plans.
public enum CountDistributions {
    /// P(X ≤ c) for X ~ Binomial(n, p), as I_{1−p}(n − c, c + 1).
    public static func binomialCDF(_ c: Int, n: Int, p: Double) -> Double {
        guard c >= 0 else { return 0 }
        guard c < n else { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        return SpecialFunctions.incompleteBeta(1 - p, Double(n - c), Double(c + 1))
    }

    /// P(X ≤ c) for X ~ Hypergeometric: `draws` from `population` holding `successes`, summed from
    /// the log probabilities.
    /// - Complexity: O(c).
    public static func hypergeometricCDF(_ c: Int, population: Int, successes: Int, draws: Int) -> Double {
        let lowest = max(0, draws - (population - successes))
        let highest = min(draws, successes)
        guard c >= lowest else { return 0 }
        guard c < highest else { return 1 }
        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        }
        let total = logChoose(population, draws)
        var sum = 0.0
        for x in lowest...c {
            sum += exp(logChoose(successes, x) + logChoose(population - successes, draws - x) - total)
        }
        return min(sum, 1)
    }
}
