// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

/// The sourcing plan: the capped program, its Thompson-sampled shares and their figures.
@Suite struct SourcingPlanTests {
    @Test func theCappedProgramFillsTheBestRatiosFirst() {
        // Ratios 10, 30, 20 with caps 0.05–0.5: floors 0.05 each, then 0.45 to the best (B), the
        // remaining 0.40 to the next (C): A 0.05, B 0.5, C 0.45.
        let x = SourcingPlan.allocate(ratios: [10, 30, 20], maxShare: 0.5, minShare: 0.05)
        #expect(zip(x, [0.05, 0.5, 0.45]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func capsHoldAndSharesSumToOneOverManyPlans() throws {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<200 {
            let vendors = 2 + Int(rng.next(below: 6))
            let maxShare = max(1 / Double(vendors), 0.2 + 0.8 * rng.nextUnit())
            let minShare = min(maxShare, 1 / Double(vendors)) * rng.nextUnit()
            let offers = (0..<vendors).map { v in
                SourcingPlan.Offer(
                    vendor: "v\(v)",
                    accuracy: BetaDistribution(
                        alpha: 1 + 200 * rng.nextUnit(), beta: 1 + 40 * rng.nextUnit()),
                    price: 0.01 + rng.nextUnit())
            }
            let plan = try #require(
                SourcingPlan.make(
                    offers: offers, budget: 1_000, maxShare: maxShare, minShare: minShare, samples: 200,
                    seed: UInt64(trial)))
            #expect(abs(plan.vendors.reduce(0) { $0 + $1.share } - 1) < 1e-9)
            for v in plan.vendors {
                #expect(
                    v.share <= maxShare + 1e-9 && v.share >= minShare - 1e-9, "trial \(trial): \(v.share)")
                #expect(abs(v.cost - 1_000 * v.share) < 1e-9)
                #expect(v.expectedCorrectInterval.contains(v.expectedCorrect))
            }
            #expect(plan.priceOfDiversification >= -1e-9)
            #expect(abs(plan.vendors.reduce(0) { $0 + $1.probabilityBest } - 1) < 1e-9)
        }
        // Caps that admit no split.
        let offer = SourcingPlan.Offer(vendor: "a", accuracy: BetaDistribution(alpha: 9, beta: 1), price: 1)
        #expect(SourcingPlan.make(offers: [offer, offer], budget: 10, maxShare: 0.4, minShare: 0) == nil)
        #expect(SourcingPlan.make(offers: [offer, offer], budget: 10, maxShare: 1, minShare: 0.6) == nil)
    }

    @Test func aClearWinnerTakesTheCapAndThePriceOfDiversificationIsExact() throws {
        // Accuracies known almost exactly: A 0.9 at 0.01 (90 correct per dollar), B 0.8 at 0.02
        // (40), C 0.6 at 0.02 (30). Caps 0.05–0.6: A 0.6, B 0.35, C 0.05. With 1,000: A buys
        // 60,000 labels (54,000 correct), B 17,500 (14,000), C 2,500 (1,500): 69,500 correct; all
        // to A would give 90,000, so 20,500 are given up.
        func sure(_ a: Double) -> BetaDistribution { BetaDistribution(mean: a, variance: 1e-10) }
        let plan = try #require(
            SourcingPlan.make(
                offers: [
                    .init(vendor: "A", accuracy: sure(0.9), price: 0.01),
                    .init(vendor: "B", accuracy: sure(0.8), price: 0.02),
                    .init(vendor: "C", accuracy: sure(0.6), price: 0.02),
                ], budget: 1_000, maxShare: 0.6, minShare: 0.05, samples: 500))
        let share = Dictionary(uniqueKeysWithValues: plan.vendors.map { ($0.vendor, $0.share) })
        #expect(
            abs(share["A"]! - 0.6) < 1e-9 && abs(share["B"]! - 0.35) < 1e-9 && abs(share["C"]! - 0.05) < 1e-9)
        #expect(abs(plan.expectedCorrect - 69_500) < 1)
        #expect(abs(plan.priceOfDiversification - 20_500) < 5)
        #expect(plan.vendors.first?.vendor == "A" && plan.vendors.first!.probabilityBest == 1)
        #expect(abs(plan.concentration - (0.36 + 0.1225 + 0.0025)) < 1e-9)
    }

    @Test func amountsReadAsWritten() {
        #expect(SourcingPlan.amount(1000) == "1000")
        #expect(SourcingPlan.amount(12.5) == "12.50")
        #expect(SourcingPlan.amount(0.126) == "0.13")
    }
}
