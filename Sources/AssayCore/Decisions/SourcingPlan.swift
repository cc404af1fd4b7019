// Assay — quality control for human-labelled training data.

import Foundation

/// Where the next batch goes: the budget split across vendors to get the most expected correct
/// labels per dollar without betting everything on one supplier.
///
/// With shares x_v of the budget B and price c_v, vendor v delivers B x_v / c_v labels, of which
/// a share a_v (its accuracy) are right; the best split maximises Σ_v x_v a_v / c_v subject to
/// Σ x_v = 1 and `minShare` ≤ x_v ≤ `maxShare`, a linear program whose optimum gives every vendor
/// the floor and fills the best ratios up to the cap in turn. The accuracies are uncertain, so the
/// plan is Thompson-sampled: each of `samples` draws takes every a_v from its posterior and solves
/// the program; the shares are the draws' mean (a mean of feasible splits is feasible: the caps
/// hold and the shares sum to 1). Each figure's 90% interval comes from the same draws with the
/// plan's shares fixed; the price of diversification is what the uncapped optimum (everything to
/// the best ratio of the draw) would have added.
public struct SourcingPlan: Sendable, Codable, Equatable {
    /// A vendor on offer: its accuracy posterior and its price per label.
    public struct Offer: Sendable, Codable, Equatable {
        /// Vendor name.
        public var vendor: String
        /// Posterior of the accuracy of its next labels.
        public var accuracy: BetaDistribution
        /// Price per label.
        public var price: Double

        /// An offer.
        public init(vendor: String, accuracy: BetaDistribution, price: Double) {
            self.vendor = vendor
            self.accuracy = accuracy
            self.price = price
        }
    }

    /// One vendor's part of the plan.
    public struct Share: Sendable, Codable, Equatable {
        /// Vendor name.
        public var vendor: String
        /// Share of the budget.
        public var share: Double
        /// Labels it buys.
        public var labels: Double
        /// Items it covers at the plan's labels per item.
        public var items: Double
        /// Money it spends.
        public var cost: Double
        /// Price per label.
        public var price: Double
        /// Posterior mean accuracy.
        public var accuracy: Double
        /// Expected correct labels.
        public var expectedCorrect: Double
        /// Their 90% interval.
        public var expectedCorrectInterval: Interval
        /// Cost per correct label (price / accuracy at the posterior mean).
        public var costPerCorrect: Double
        /// Its 90% interval.
        public var costPerCorrectInterval: Interval
        /// Probability it is the best per dollar.
        public var probabilityBest: Double
    }

    /// The budget.
    public var budget: Double
    /// The cap on any one vendor's share.
    public var maxShare: Double
    /// The floor of every vendor's share.
    public var minShare: Double
    /// Labels per item the item counts assume.
    public var labelsPerItem: Double
    /// Draws behind the plan.
    public var samples: Int
    /// Vendors, best per dollar first; their shares sum to 1.
    public var vendors: [Share]
    /// Expected correct labels of the whole plan.
    public var expectedCorrect: Double
    /// Their 90% interval.
    public var expectedCorrectInterval: Interval
    /// Correct labels given up against the uncapped optimum (expected), and its 90% interval.
    public var priceOfDiversification: Double
    /// Its 90% interval.
    public var priceOfDiversificationInterval: Interval
    /// Herfindahl–Hirschman index of the shares, Σ share² (1: one vendor; 1/V: even split).
    public var concentration: Double
    /// Plain-language reading.
    public var reading: String

    /// The shares of the capped program for one set of ratios (accuracy / price).
    /// - Complexity: O(V log V).
    public static func allocate(ratios: [Double], maxShare: Double, minShare: Double) -> [Double] {
        var x = [Double](repeating: minShare, count: ratios.count)
        var left = 1 - minShare * Double(ratios.count)
        for v in ratios.indices.sorted(by: { ratios[$0] > ratios[$1] }) where left > 0 {
            let add = min(maxShare - minShare, left)
            x[v] += add
            left -= add
        }
        return x
    }

    /// A sum of money as a reader writes it: whole amounts without decimals (1000), others with
    /// two (12.50).
    public static func amount(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.2f", x)
    }

    /// The plan, or nil when the caps admit no split (V × minShare > 1, V × maxShare < 1) or there is
    /// no vendor. Deterministic under `seed`.
    /// - Complexity: O(samples × V log V).
    public static func make(
        offers: [Offer], budget: Double, maxShare: Double = 0.5, minShare: Double = 0.05,
        labelsPerItem: Double = 1,
        samples: Int = 2_000, seed: UInt64 = 0
    ) -> SourcingPlan? {
        let nV = offers.count
        guard nV > 0, budget > 0, minShare >= 0, maxShare > 0, minShare <= maxShare,
            Double(nV) * minShare <= 1 + 1e-12, Double(nV) * maxShare >= 1 - 1e-12,
            offers.allSatisfy({ $0.price > 0 })
        else { return nil }
        var rng = SeededGenerator(seed: seed)
        var draws = [[Double]](repeating: [], count: samples)
        var mean = [Double](repeating: 0, count: nV)
        var best = [Double](repeating: 0, count: nV)
        for s in 0..<samples {
            let accuracy = offers.map { $0.accuracy.sample(&rng) }
            let ratios = zip(accuracy, offers).map { $0 / $1.price }
            let x = allocate(ratios: ratios, maxShare: maxShare, minShare: minShare)
            for v in 0..<nV { mean[v] += x[v] / Double(samples) }
            best[ratios.indices.max { ratios[$0] < ratios[$1] }!] += 1
            draws[s] = accuracy
        }
        // Renormalise away rounding so that the shares sum to exactly 1.
        let total = mean.reduce(0, +)
        mean = mean.map { $0 / total }
        var totals: [Double] = []
        var given: [Double] = []
        var perVendor = [[Double]](repeating: [], count: nV)
        for accuracy in draws {
            var correct = 0.0
            var top = 0.0
            for v in 0..<nV {
                let c = budget * mean[v] / offers[v].price * accuracy[v]
                perVendor[v].append(c)
                correct += c
                top = max(top, budget * accuracy[v] / offers[v].price)
            }
            totals.append(correct)
            given.append(top - correct)
        }
        var shares: [Share] = []
        for v in 0..<nV {
            let o = offers[v]
            let labels = budget * mean[v] / o.price
            let interval = o.accuracy.interval(0.9)
            shares.append(
                Share(
                    vendor: o.vendor, share: mean[v], labels: labels,
                    items: labels / max(labelsPerItem, 1e-9),
                    cost: budget * mean[v], price: o.price, accuracy: o.accuracy.mean,
                    expectedCorrect: labels * o.accuracy.mean,
                    expectedCorrectInterval: Interval(
                        low: labels * interval.low, high: labels * interval.high),
                    costPerCorrect: o.price / o.accuracy.mean,
                    costPerCorrectInterval: Interval(
                        low: o.price / max(interval.high, 1e-12), high: o.price / max(interval.low, 1e-12)),
                    probabilityBest: best[v] / Double(samples)))
        }
        shares.sort { $0.costPerCorrect < $1.costPerCorrect }
        let expected = shares.reduce(0) { $0 + $1.expectedCorrect }
        let diversification = given.reduce(0, +) / Double(samples)
        let hhi = mean.reduce(0) { $0 + $1 * $1 }
        let lead = shares.max { $0.share < $1.share }!
        let reading =
            "\(lead.vendor) gets the largest share (\(Int((lead.share * 100).rounded()))%); "
            + "the plan expects \(Int(expected.rounded())) correct labels for \(Self.amount(budget)), "
            + "\(Int(diversification.rounded())) fewer than sending everything to the best vendor per dollar would"
        return SourcingPlan(
            budget: budget, maxShare: maxShare, minShare: minShare, labelsPerItem: labelsPerItem,
            samples: samples,
            vendors: shares, expectedCorrect: expected,
            expectedCorrectInterval: Interval.of(samples: totals) ?? Interval(low: expected, high: expected),
            priceOfDiversification: diversification,
            priceOfDiversificationInterval: Interval.of(samples: given) ?? Interval(low: 0, high: 0),
            concentration: hhi, reading: reading)
    }
}
