// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// A label set from a simulation, with vendors and durations.
func simulatedSet(_ output: Simulation.Output, vendors: [Simulation.Vendor]) -> LabelSet {
    var ids: [String] = []
    var vendorOf: [Int32] = []
    var index: [[Int32]] = []
    for (v, vendor) in vendors.enumerated() {
        index.append([])
        for a in 0..<vendor.annotators {
            index[v].append(Int32(ids.count))
            ids.append("\(vendor.name)-\(a)")
            vendorOf.append(Int32(v))
        }
    }
    let k = output.truth.max()! + 1
    return LabelSet(
        itemIDs: output.truth.indices.map { "i\($0)" }, annotatorIDs: ids, annotatorVendor: vendorOf,
        vendorIDs: vendors.map(\.name), classes: (0..<k).map { "c\($0)" },
        item: output.labels.map { Int32($0.item) },
        annotator: output.labels.map { index[$0.vendor][$0.annotator] },
        value: output.labels.map { Int32($0.value) },
        extras: LabelExtras(
            durationSeconds: output.labels.map(\.seconds), cost: output.labels.map(\.cost)))
}

/// A simulated campaign scored as `assay report` scores it: Dawid–Skene without gold for the
/// estimated figures, the simulation's gold answers for the gold ones, 200 bootstrap replicates.
struct ScoredCampaign {
    let sim: Simulation.Output
    let set: LabelSet
    let gold: GoldAnswers
    let cards: [AnnotatorScorecard]
    let vendorCards: [VendorScorecard]
    let comparisons: [VendorComparison]

    init(_ vendors: [Simulation.Vendor], items: Int, goldRate: Double, seed: Int) {
        sim = Simulation(
            vendors: vendors, items: items, classes: 3, overlap: 3, goldRate: goldRate, seed: UInt64(seed)
        ).run()
        let sim = self.sim
        set = simulatedSet(sim, vendors: vendors)
        gold = GoldAnswers(answer: sim.truth.indices.map { sim.isGold[$0] ? Int32(sim.truth[$0]) : -1 })
        let result = DawidSkene().infer(set, gold: nil)
        cards = AnnotatorScorecard.all(set, result: result, gold: gold)
        (vendorCards, comparisons) = VendorReport.build(
            set, result: result, annotatorCards: cards, gold: gold, bootstrap: 200, seed: UInt64(seed))
    }
}

@Suite struct ScorecardTests {
    @Test func wilsonIntervalMatchesHandComputation() {
        // 8 of 10, z = 1.96: centre (0.8 + 0.19208) / 1.38416 = 0.71678, half-width 0.22778.
        let w = WilsonInterval.interval(successes: 8, trials: 10)!
        #expect(abs(w.low - 0.4902) < 1e-4)
        #expect(abs(w.high - 0.9433) < 1e-4)
        #expect(WilsonInterval.interval(successes: 0, trials: 5)!.low == 0)
    }

    @Test func holmAdjustment() {
        // Holm (1979): p = 0.01, 0.04, 0.03 with m = 3 → 0.03, 0.06, 0.06.
        let adjusted = VendorReport.holm([0.01, 0.04, 0.03])
        #expect(zip(adjusted, [0.03, 0.06, 0.06]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func spammerScoreIsZeroForSpammersAndOneForPerfect() {
        #expect(AnnotatorScorecard.spammerScore([1, 0, 0, 1], classes: 2) == 1)
        #expect(AnnotatorScorecard.spammerScore([0.5, 0.5, 0.5, 0.5], classes: 2) == 0)
        #expect(AnnotatorScorecard.spammerScore([0.9, 0.1, 0.9, 0.1], classes: 2) == 0)  // constant answerer
    }

    @Test func flagsSpammersConstantsAndFastWorkers() {
        let vendors = [
            Simulation.Vendor(name: "A", annotators: 10, accuracy: 0.9),
            Simulation.Vendor(
                name: "B", annotators: 10, accuracy: 0.85, spammerShare: 0.3, constantShare: 0.2),
        ]
        let sim = Simulation(vendors: vendors, items: 3000, classes: 3, overlap: 4, goldRate: 0.05, seed: 11)
            .run()
        let set = simulatedSet(sim, vendors: vendors)
        let result = DawidSkene().infer(set, gold: nil)
        let cards = AnnotatorScorecard.all(set, result: result)
        for (v, vendor) in vendors.enumerated() {
            for a in 0..<vendor.annotators {
                let card = cards[v * 10 + a]
                switch sim.kinds[v][a] {
                case "spammer":
                    #expect(
                        card.flags.contains { $0.contains("spammer") }, "\(vendor.name)-\(a): \(card.flags)")
                    #expect(card.flags.contains { $0.contains("too fast") })
                case "constant":
                    #expect(card.flags.contains { $0.contains("straight-lining") }, "\(vendor.name)-\(a)")
                default:
                    #expect(card.flags.isEmpty, "\(vendor.name)-\(a): \(card.flags)")
                }
            }
        }
    }

    /// Scorecards recover the simulation: over 20 seeded campaigns of 3 vendors, the 95% intervals
    /// of estimated (no gold) and gold accuracy cover the share of each vendor's labels that are
    /// right at least 51 times in 60 (at the nominal 95%, fewer than 51 has probability < 0.1%);
    /// annotators' gold Wilson intervals cover their simulated accuracy at least 90% of the time, and
    /// the model-estimated annotator accuracy (no gold) is within 0.05 of it on average.
    @Test func recoversSimulatedVendorAccuracy() {
        var covered = 0
        var coveredGold = 0
        var total = 0
        var annotatorCovered = 0
        var annotatorTotal = 0
        var absoluteError = 0.0
        for seed in 1...20 {
            let vendors = [
                Simulation.Vendor(name: "A", annotators: 15, accuracy: 0.9, costPerLabel: 0.08),
                Simulation.Vendor(
                    name: "B", annotators: 15, accuracy: 0.75, spammerShare: 0.2, costPerLabel: 0.04),
                Simulation.Vendor(
                    name: "C", annotators: 15, accuracy: 0.65, constantShare: 0.1, costPerLabel: 0.05),
            ]
            let campaign = ScoredCampaign(vendors, items: 1500, goldRate: 0.2, seed: seed)
            let (sim, cards, vendorCards, comparisons) = (
                campaign.sim, campaign.cards, campaign.vendorCards, campaign.comparisons
            )
            #expect(comparisons.count == 6)
            for (v, vendor) in vendors.enumerated() {
                for a in 0..<vendor.annotators {
                    let card = cards[v * vendor.annotators + a]
                    let truth = sim.trueAccuracy[v][a]
                    absoluteError += abs(card.estimatedAccuracy - truth)
                    if let w = card.goldInterval {
                        annotatorTotal += 1
                        if w.low <= truth && truth <= w.high { annotatorCovered += 1 }
                    }
                }
            }
            for card in vendorCards {
                // The estimand: the share of this vendor's delivered labels that are right.
                let mine = sim.labels.filter { $0.vendor == card.vendor }
                let truth = Double(mine.filter { $0.value == sim.truth[$0.item] }.count) / Double(mine.count)
                total += 1
                // A missing interval counts as a miss.
                if let e = card.estimatedAccuracy.interval, e.low <= truth && truth <= e.high { covered += 1 }
                if let g = card.goldAccuracy?.interval, g.low <= truth && truth <= g.high { coveredGold += 1 }
            }
        }
        #expect(covered >= 51, "estimated accuracy intervals covered \(covered) of \(total)")
        #expect(coveredGold >= 51, "gold accuracy intervals covered \(coveredGold) of \(total)")
        #expect(
            Double(annotatorCovered) >= 0.9 * Double(annotatorTotal),
            "\(annotatorCovered) of \(annotatorTotal)")
        #expect(absoluteError / Double(20 * 45) < 0.05, "mean |estimated − simulated| \(absoluteError / 900)")
    }
}
