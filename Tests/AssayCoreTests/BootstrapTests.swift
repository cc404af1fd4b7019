// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// The exact samplers behind the fast bootstrap, and the fast bootstrap against the straightforward
/// one (resampling items one by one) on small seeded sets.
@Suite struct BootstrapTests {
    /// log P(X = x) for X ~ Binomial(n, p).
    static func logBinomialPMF(_ x: Int, _ n: Int, _ p: Double) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(x + 1)) - lgamma(Double(n - x + 1)) + Double(x) * log(p)
            + Double(n - x) * log1p(-p)
    }

    /// 40,000 seeded draws against the exact probabilities, on the inversion path (n·p < 10), on
    /// BTRS (n·p ≥ 10) and through the p > 0.5 reflection: the mean within 4 standard errors,
    /// and Pearson's χ² over cells of expected count ≥ 5 below the 0.999 quantile of its χ²
    /// distribution (Wilson–Hilferty approximation), so a sampler that is off by a few percent in
    /// any region of the distribution fails.
    @Test(arguments: [(30, 0.2), (1000, 0.3), (50, 0.9), (200_000, 0.5), (7, 0.5)])
    func binomialMatchesItsDistribution(n: Int, p: Double) {
        var rng = SeededGenerator(seed: 42)
        let draws = 40_000
        var histogram = [Int](repeating: 0, count: n + 1)
        var sum = 0.0
        for _ in 0..<draws {
            let x = rng.nextBinomial(n, p)
            #expect(x >= 0 && x <= n)
            histogram[x] += 1
            sum += Double(x)
        }
        let mean = Double(n) * p
        let se = (Double(n) * p * (1 - p) / Double(draws)).squareRoot()
        #expect(abs(sum / Double(draws) - mean) < 4 * se, "mean \(sum / Double(draws)) vs \(mean)")
        // Cells with expected count ≥ 5; the rest pooled into one.
        var chi2 = 0.0
        var cells = 0
        var pooledObserved = 0.0
        var pooledExpected = 0.0
        for x in 0...n {
            let expected = Double(draws) * exp(Self.logBinomialPMF(x, n, p))
            if expected >= 5 {
                chi2 += (Double(histogram[x]) - expected) * (Double(histogram[x]) - expected) / expected
                cells += 1
            } else {
                pooledObserved += Double(histogram[x])
                pooledExpected += expected
            }
        }
        if pooledExpected >= 5 {
            chi2 += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected
            cells += 1
        }
        let df = Double(cells - 1)
        let q999 = df * pow(1 - 2 / (9 * df) + 3.090232 * (2 / (9 * df)).squareRoot(), 3)
        #expect(chi2 < q999, "χ² \(chi2) on \(cells - 1) df (0.999 quantile \(q999))")
    }

    @Test func multinomialKeepsTheTotalAndTheShares() {
        var rng = SeededGenerator(seed: 3)
        let weights: [Double] = [5, 0, 1_000, 1, 994]
        var counts = [Double](repeating: 0, count: weights.count)
        var mean = [Double](repeating: 0, count: weights.count)
        let rounds = 2_000
        for _ in 0..<rounds {
            weights.withUnsafeBufferPointer { w in
                counts.withUnsafeMutableBufferPointer { rng.nextMultinomial(2_000, weights: w, into: $0) }
            }
            #expect(counts.reduce(0, +) == 2_000)
            #expect(counts[1] == 0)
            for j in 0..<counts.count { mean[j] += counts[j] / Double(rounds) }
        }
        for j in 0..<weights.count {
            // Multinomial: mean n·p_j, standard deviation √(n·p_j(1 − p_j)); over 2,000 rounds.
            let p = weights[j] / 2_000
            let se = (2_000 * p * (1 - p) / Double(rounds)).squareRoot()
            #expect(abs(mean[j] - 2_000 * p) <= 4 * se + 1e-9, "group \(j): \(mean[j])")
        }
    }

    @Test func replicateGeneratorsDifferAndRepeat() {
        var a = Bootstrap.generator(seed: 1, replicate: 0)
        var b = Bootstrap.generator(seed: 1, replicate: 1)
        var c = Bootstrap.generator(seed: 1, replicate: 0)
        let x = a.next()
        #expect(x != b.next())
        #expect(x == c.next())
    }

    /// The straightforward bootstrap: resample the items one by one (a new label set per
    /// replicate) and compute the coefficient from the labels; its 95% percentile interval and the
    /// standard deviation of its replicates.
    static func straightforward(
        _ set: LabelSet, metric: String, level: MeasurementLevel, replicates: Int, seed: UInt64
    ) -> (low: Double, high: Double, sd: Double) {
        var rng = SeededGenerator(seed: seed)
        let units = (0..<set.itemCount).filter { !set.labels(ofItem: $0).isEmpty }
        var values: [Double] = []
        for _ in 0..<replicates {
            var item: [Int32] = []
            var annotator: [Int32] = []
            var value: [Int32] = []
            for j in 0..<units.count {
                let i = units[Int(rng.next() % UInt64(units.count))]
                for l in set.labels(ofItem: i) {
                    item.append(Int32(j))
                    annotator.append(set.annotator[l])
                    value.append(set.value[l])
                }
            }
            let resampled = LabelSet(
                itemIDs: units.indices.map { "r\($0)" }, annotatorIDs: set.annotatorIDs,
                annotatorVendor: set.annotatorVendor, vendorIDs: set.vendorIDs, classes: set.classes,
                item: item, annotator: annotator, value: value)
            if let v = Agreement.estimate(resampled, metric: metric, level: level).value { values.append(v) }
        }
        let ci = Bootstrap.percentileInterval(values)!
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        return (ci.low, ci.high, sd)
    }

    /// The fast interval (multinomial over the items' distinct count rows) against the
    /// straightforward one on a seeded 80-item set with missing labels, 2,000 replicates each.
    /// Tolerance: each end within 0.3 bootstrap standard deviations. The Monte Carlo standard error
    /// of a 2.5% quantile from 2,000 replicates is √(0.025·0.975/2000)/φ(1.96) ≈ 0.06 sd, so the
    /// difference of two independent ones has a standard error ≈ 0.085 sd: 0.3 sd is 3.5 of them,
    /// while a bootstrap that ignored the rows' multiplicities or drew the wrong number of units
    /// moves the ends by whole standard deviations.
    @Test(arguments: [
        ("alpha", MeasurementLevel.nominal), ("alpha", .ordinal), ("fleiss", .nominal), ("ac2", .interval),
        ("percent", .nominal), ("cohen", .nominal),
    ])
    func fastIntervalMatchesTheStraightforwardBootstrap(metric: String, level: MeasurementLevel) {
        let annotators = metric == "cohen" ? 2 : 5
        let (set, _) = simulatedSet(
            annotators: annotators, accuracy: 0.7, items: 80, classes: 3, overlap: metric == "cohen" ? 2 : 3,
            seed: 5)
        let fast = Agreement.estimate(
            set, metric: metric, level: level, numericValues: [1, 2, 3], bootstrap: 2_000, seed: 11)
        let slow = Self.straightforward(set, metric: metric, level: level, replicates: 2_000, seed: 12)
        let low = try! #require(fast.ciLow)
        let high = try! #require(fast.ciHigh)
        #expect(abs(low - slow.low) < 0.3 * slow.sd, "\(metric) low \(low) vs \(slow.low) (sd \(slow.sd))")
        #expect(
            abs(high - slow.high) < 0.3 * slow.sd, "\(metric) high \(high) vs \(slow.high) (sd \(slow.sd))")
    }
}
