// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// Vendor figures: the blocked multinomial bootstrap against the straightforward one, the evidence
/// rule (no interval or p-value from too few items) and what a comparison's `items` counts.
@Suite struct VendorReportTests {
    static let vendors = [
        Simulation.Vendor(name: "A", annotators: 8, accuracy: 0.9, costPerLabel: 0.08),
        Simulation.Vendor(name: "B", annotators: 8, accuracy: 0.75, spammerShare: 0.2, costPerLabel: 0.04),
        Simulation.Vendor(name: "C", annotators: 8, accuracy: 0.7, constantShare: 0.1),
    ]

    /// A seeded three-vendor project with gold, and its majority-vote posteriors.
    static func project(items: Int, goldRate: Double, seed: UInt64) -> (
        Simulation.Output, LabelSet, GoldAnswers, InferenceResult
    ) {
        let sim = Simulation(
            vendors: vendors, items: items, classes: 3, overlap: 3, goldRate: goldRate, seed: seed
        ).run()
        let set = simulatedSet(sim, vendors: vendors)
        let gold = GoldAnswers(answer: sim.truth.indices.map { sim.isGold[$0] ? Int32(sim.truth[$0]) : -1 })
        return (sim, set, gold, MajorityVote().infer(set, gold: nil))
    }

    /// The straightforward bootstrap: n item draws into a weight array per replicate, then each
    /// figure summed over the labels; per figure, its 95% percentile interval and the standard
    /// deviation of its replicates.
    static func straightforward(
        _ set: LabelSet, replicates: Int, seed: UInt64, figures: [((Int) -> Double) -> Double?]
    ) -> [(low: Double, high: Double, sd: Double)] {
        var rng = SeededGenerator(seed: seed)
        var values = [[Double]](repeating: [], count: figures.count)
        var w = [Double](repeating: 0, count: set.itemCount)
        for _ in 0..<replicates {
            for i in w.indices { w[i] = 0 }
            for _ in 0..<set.itemCount { w[Int(rng.next() % UInt64(set.itemCount))] += 1 }
            for (f, figure) in figures.enumerated() {
                if let v = figure({ w[Int(set.item[$0])] }) { values[f].append(v) }
            }
        }
        return values.map { values in
            let ci = Bootstrap.percentileInterval(values)!
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
                .squareRoot()
            return (ci.low, ci.high, sd)
        }
    }

    /// Each vendor's estimated and gold accuracy and the shared-items difference of A and B from
    /// `VendorReport.build` (2,000 replicates) against the straightforward bootstrap (2,000
    /// replicates, another seed) on a seeded 600-item project: each end within 0.3 bootstrap
    /// standard deviations (the Monte Carlo error of the difference of two 2.5% quantiles is
    /// ≈ 0.085 sd; see `BootstrapTests.fastIntervalMatchesTheStraightforwardBootstrap`).
    @Test func fastIntervalsMatchTheStraightforwardBootstrap() throws {
        let (_, set, gold, result) = Self.project(items: 600, goldRate: 0.3, seed: 4)
        let k = set.classCount
        let cards = AnnotatorScorecard.all(set, result: result, gold: gold)
        let (vendorCards, comparisons) = VendorReport.build(
            set, result: result, annotatorCards: cards, gold: gold, bootstrap: 2_000, seed: 8)
        let vendorOf = (0..<set.count).map { Int(set.annotatorVendor[Int(set.annotator[$0])]) }
        let isGold = (0..<set.count).map { gold.answer[Int(set.item[$0])] >= 0 }
        let right = (0..<set.count).map { gold.answer[Int(set.item[$0])] == set.value[$0] ? 1.0 : 0 }
        let expected = (0..<set.count).map { result.posteriors[Int(set.item[$0]) * k + Int(set.value[$0])] }
        var names: [String] = []
        var fast: [VendorScorecard.Estimate?] = []
        var figures: [((Int) -> Double) -> Double?] = []
        for card in vendorCards {
            let v = card.vendor
            names.append("estimated \(v)")
            fast.append(card.estimatedAccuracy)
            figures.append { w in
                var num = 0.0
                var den = 0.0
                for l in 0..<set.count where vendorOf[l] == v {
                    num += w(l) * expected[l]
                    den += w(l)
                }
                return den > 0 ? num / den : nil
            }
            names.append("gold \(v)")
            fast.append(card.goldAccuracy)
            figures.append { w in
                var num = 0.0
                var den = 0.0
                for l in 0..<set.count where vendorOf[l] == v && isGold[l] {
                    num += w(l) * right[l]
                    den += w(l)
                }
                return den > 0 ? num / den : nil
            }
        }
        // A − B on the gold items both labelled (every vendor has ≥ 30 gold labels: gold basis).
        let ab = try #require(comparisons.first { $0.a == 0 && $0.b == 1 && $0.scope == "shared items" })
        #expect(ab.basis == "gold")
        let inA = Set((0..<set.count).filter { isGold[$0] && vendorOf[$0] == 0 }.map { set.item[$0] })
        let both = Set(
            (0..<set.count).filter { vendorOf[$0] == 1 && inA.contains(set.item[$0]) }.map { set.item[$0] })
        #expect(ab.items == both.count)
        let inBoth = (0..<set.count).map { both.contains(set.item[$0]) }
        names.append("A − B shared")
        fast.append(ab.difference)
        figures.append { w in
            var sums = [0.0, 0.0, 0.0, 0.0]
            for l in 0..<set.count where inBoth[l] && vendorOf[l] < 2 {
                sums[2 * vendorOf[l]] += w(l) * right[l]
                sums[2 * vendorOf[l] + 1] += w(l)
            }
            return sums[1] > 0 && sums[3] > 0 ? sums[0] / sums[1] - sums[2] / sums[3] : nil
        }
        let slow = Self.straightforward(set, replicates: 2_000, seed: 9, figures: figures)
        for (j, name) in names.enumerated() {
            let ci = try #require(fast[j]?.interval, "\(name) has no interval")
            let s = slow[j]
            #expect(abs(ci.low - s.low) < 0.3 * s.sd, "\(name) low \(ci.low) vs \(s.low) (sd \(s.sd))")
            #expect(abs(ci.high - s.high) < 0.3 * s.sd, "\(name) high \(ci.high) vs \(s.high) (sd \(s.sd))")
        }
    }

    /// Replicate r's sums do not depend on how many replicates run beside it (so not on how they
    /// are split over cores), and repeat under the same seed.
    @Test func resampledSumsAreTheSameWhateverTheSplit() {
        let (_, set, gold, result) = Self.project(items: 300, goldRate: 0.2, seed: 2)
        let table = VendorContributions(
            set, posteriors: result.posteriors, gold: gold, pairIndex: [-1, 0, 1, -1, -1, 2, -1, -1, -1],
            pairs: 3, goldBasis: true)
        let seven = table.resampledSums(replicates: 7, seed: 5, blockSize: 64)
        let three = table.resampledSums(replicates: 3, seed: 5, blockSize: 64)
        #expect(Array(seven[0..<(3 * table.stride)]) == three)
        #expect(table.resampledSums(replicates: 7, seed: 5, blockSize: 64) == seven)
        // Every replicate draws n items: labels column summed over vendors has the mean of the totals.
        let totals = table.totals()
        let labels = (0..<3).map { totals[$0 * VendorContributions.columns + VendorContributions.count] }
        #expect(labels.reduce(0, +) == Double(set.count))
    }

    /// Five items: values, but no interval and no p-value, each saying why; `Estimate.reason`
    /// and `VendorComparison.reason` carry "too few items (n)".
    @Test func tooFewItemsGiveNoIntervalOrPValue() {
        let (_, set, gold, result) = Self.project(items: 5, goldRate: 0.4, seed: 1)
        let cards = AnnotatorScorecard.all(set, result: result, gold: gold)
        let (vendorCards, comparisons) = VendorReport.build(
            set, result: result, annotatorCards: cards, gold: gold, bootstrap: 200, seed: 0)
        #expect(!vendorCards.isEmpty)
        for card in vendorCards {
            #expect(card.estimatedAccuracy.interval == nil)
            #expect(card.estimatedAccuracy.reason == "too few items (\(card.items))")
            if let g = card.goldAccuracy {
                #expect(g.interval == nil && g.reason == "too few items (\(card.goldItems))")
            }
        }
        #expect(!comparisons.isEmpty)
        for c in comparisons {
            #expect(c.pValue == nil && c.pHolm == nil && c.difference?.interval == nil)
            #expect(c.reason?.hasPrefix("too few items") == true || c.difference == nil, "\(c)")
        }
    }

    /// With enough items every figure has an interval and every comparison a p-value.
    @Test func enoughItemsGiveIntervalsAndPValues() {
        let (_, set, gold, result) = Self.project(items: 400, goldRate: 0.3, seed: 3)
        let cards = AnnotatorScorecard.all(set, result: result, gold: gold)
        let (vendorCards, comparisons) = VendorReport.build(
            set, result: result, annotatorCards: cards, gold: gold, bootstrap: 200, seed: 0)
        for card in vendorCards {
            #expect(card.estimatedAccuracy.interval != nil && card.goldAccuracy?.interval != nil)
            #expect(card.goldItems >= Bootstrap.minimumUnits)
        }
        #expect(comparisons.count == 6)
        #expect(comparisons.allSatisfy { $0.pValue != nil && $0.pHolm != nil && $0.reason == nil })
        // Gold basis, all items: the gold items either vendor labelled.
        for c in comparisons where c.scope == "all items" {
            let goldItems = Set(
                (0..<set.count).filter {
                    gold.answer[Int(set.item[$0])] >= 0
                        && [c.a, c.b].contains(Int(set.annotatorVendor[Int(set.annotator[$0])]))
                }.map { set.item[$0] })
            #expect(c.items == goldItems.count)
        }
    }
}
