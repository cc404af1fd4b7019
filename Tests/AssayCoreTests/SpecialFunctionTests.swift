// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

/// The special functions against SciPy 1.17.1 (`python3 -c "from scipy import special, stats; ..."`,
/// the calls named beside each value).
@Suite struct SpecialFunctionTests {
    @Test func incompleteBetaMatchesSciPy() {
        // special.betainc(2.5, 7.0, 0.3), betainc(0.5, 0.5, 0.01), betainc(300, 20, 0.95)
        #expect(abs(SpecialFunctions.incompleteBeta(0.3, 2.5, 7) - 0.6412224629717214) < 1e-12)
        #expect(abs(SpecialFunctions.incompleteBeta(0.01, 0.5, 0.5) - 0.06376856085851985) < 1e-12)
        #expect(abs(SpecialFunctions.incompleteBeta(0.95, 300, 20) - 0.8211940072460824) < 1e-10)
    }

    @Test func incompleteGammaMatchesSciPy() {
        // special.gammainc(3, 2.5), gammaincc(10, 25), gammaincc(0.5, 0.1); stats.chi2.sf(7.81, 3)
        #expect(abs(SpecialFunctions.lowerGamma(3, 2.5) - 0.45618688411667035) < 1e-12)
        #expect(abs(SpecialFunctions.upperGamma(10, 25) - 0.0002214766382487835) < 1e-15)
        #expect(abs(SpecialFunctions.upperGamma(0.5, 0.1) - 0.6547208460185768) < 1e-12)
        #expect(abs(SpecialFunctions.chiSquareTail(7.81, degrees: 3) - 0.05010605635000589) < 1e-12)
    }

    @Test func normalQuantileMatchesSciPy() {
        // stats.norm.ppf(0.975), ppf(1e-10), ppf(0.3)
        #expect(abs(SpecialFunctions.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(SpecialFunctions.normalQuantile(1e-10) - -6.361340902404056) < 1e-10)
        #expect(abs(SpecialFunctions.normalQuantile(0.3) - -0.5244005127080409) < 1e-12)
        #expect(abs(SpecialFunctions.normalCDF(1.959963984540054) - 0.975) < 1e-12)
    }

    @Test func betaQuantilesAndTailsMatchSciPy() {
        // stats.beta.ppf(0.05, 3.5, 12.5), ppf(0.95, 3.5, 12.5); stats.beta.sf(0.01, 3.5, 129.5)
        let b = BetaDistribution(alpha: 3.5, beta: 12.5)
        let i = b.interval(0.9)
        #expect(abs(i.low - 0.07601237814944532) < 1e-9)
        #expect(abs(i.high - 0.4023870586154117) < 1e-9)
        #expect(abs(BetaDistribution(alpha: 3.5, beta: 129.5).tail(0.01) - 0.9171485996335937) < 1e-10)
        // Moment matching gives back the shapes.
        let m = BetaDistribution(mean: b.mean, variance: b.variance)
        #expect(abs(m.alpha - 3.5) < 1e-9 && abs(m.beta - 12.5) < 1e-9)
    }

    @Test func betaQuantilesInvertTheDistributionFunctionAtExtremeShapes() {
        // The quantile's Newton steps must land within 1e-12 of the exact quantile, from
        // U-shaped Betas to the sharp ones of annotators with thousands of labels.
        for (a, b) in [
            (0.3, 0.5), (0.5, 40.0), (1.0, 1.0), (5_000.0, 300.0), (100_000.0, 2_000.0), (2.0, 90_000.0),
        ] {
            let d = BetaDistribution(alpha: a, beta: b)
            for p in [1e-4, 0.05, 0.5, 0.95, 0.9999] {
                let q = d.quantile(p)
                // Within 1e-12 of the exact quantile: the distribution function brackets p there.
                let below = d.cdf(max(q - 1e-12, 0))
                let above = d.cdf(min(q + 1e-12, 1))
                #expect(
                    q > 0 && q < 1 && below <= p + 1e-9 && above >= p - 1e-9,
                    "Beta(\(a), \(b)) quantile \(p): \(q)")
            }
        }
    }

    @Test func gammaAndBetaDrawsHaveTheirMoments() {
        var rng = SeededGenerator(seed: 3)
        for shape in [0.4, 1.0, 7.5] {
            let draws = (0..<40_000).map { _ in rng.nextGamma(shape) }
            let mean = draws.reduce(0, +) / Double(draws.count)
            let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)
            // Gamma(k, 1): mean k, variance k; the standard error of the mean is √(k / n).
            #expect(abs(mean - shape) < 4 * (shape / 40_000).squareRoot(), "shape \(shape): mean \(mean)")
            #expect(abs(variance - shape) < 0.05 * shape + 0.01, "shape \(shape): variance \(variance)")
        }
        let beta = (0..<40_000).map { _ in rng.nextBeta(2, 6) }
        #expect(abs(beta.reduce(0, +) / 40_000 - 0.25) < 0.003)
    }

    @Test func poissonBinomialTailIsExactAndMatchesTheNormalForMany() {
        // Three coins 0.5, 0.2, 0.9: P(X ≥ 2) = 0.5·0.2·0.1 + 0.5·0.8·0.9 + 0.5·0.2·0.9 + 0.5·0.2·0.9
        // (= HHT, HTH, THH, HHH) = 0.01 + 0.36 + 0.09 + 0.09 = 0.55.
        #expect(abs(PoissonBinomial.upperTail(2, [0.5, 0.2, 0.9]) - 0.55) < 1e-12)
        #expect(PoissonBinomial.upperTail(0, [0.5]) == 1)
        #expect(PoissonBinomial.upperTail(4, [0.5, 0.2, 0.9]) == 0)
        // 5,000 coins of 0.1: exact binomial tail P(X ≥ 540) vs the normal path.
        let p = [Double](repeating: 0.1, count: 5_000)
        let exact = 1 - CountDistributions.binomialCDF(539, n: 5_000, p: 0.1)
        #expect(abs(PoissonBinomial.upperTail(540, p) - exact) < 0.01)
        #expect(abs(PoissonBinomial.upperTail(540, p, exactUpTo: 10_000) - exact) < 1e-9)
    }
}
