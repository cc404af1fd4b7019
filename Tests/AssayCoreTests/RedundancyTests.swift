// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

/// Adaptive redundancy: the plan's expected gain by hand, and the replay on a simulated set.
@Suite struct RedundancyTests {
    /// Two items, binary; vendor rows: V0 right with 0.9, V1 with 0.7.
    func twoItems() -> LabelSet {
        LabelSet(
            itemIDs: ["sure", "open"], annotatorIDs: ["a", "b"], annotatorVendor: [0, 1],
            vendorIDs: ["V0", "V1"],
            classes: ["x", "y"], item: [0, 1], annotator: [0, 1], value: [0, 1])
    }

    @Test func gainPerPriceByHand() {
        let set = twoItems()
        let rows: [Double] = [0.9, 0.1, 0.1, 0.9, 0.7, 0.3, 0.3, 0.7]  // [(v*K + t)*K + o]
        // Item "open" at (0.6, 0.4): after V0's label, Σ_o max_t p_t m(o | t) =
        // max(0.6·0.9, 0.4·0.1) + max(0.6·0.1, 0.4·0.9) = 0.54 + 0.36 = 0.90 (gain 0.30);
        // after V1's: max(0.42, 0.12) + max(0.18, 0.28) = 0.70 (gain 0.10).
        let posteriors = [0.97, 0.03, 0.6, 0.4]
        let plan = RedundancyPlan.make(
            set, posteriors: posteriors, vendorRows: rows, vendors: [(0, nil), (1, nil)], target: 0.95)
        #expect(plan.done == 1 && plan.needing == 1)
        #expect(plan.requests.first?.vendor == "V0" && abs(plan.requests[0].expectedConfidence - 0.9) < 1e-12)
        // At a quarter of the price, V1's gain per price (0.10 / 0.25 = 0.4) beats V0's (0.30).
        let cheap = RedundancyPlan.make(
            set, posteriors: posteriors, vendorRows: rows, vendors: [(0, 1), (1, 0.25)], target: 0.95)
        #expect(
            cheap.requests.first?.vendor == "V1" && cheap.perVendor.map(\.vendor) == ["V1"]
                && cheap.perVendor.map(\.labels) == [1])
        // A budget of 0 asks for nothing; a target of 0.5 stops both.
        #expect(
            RedundancyPlan.make(set, posteriors: posteriors, vendorRows: rows, vendors: [(0, nil)], budget: 0)
                .requested == 0)
        #expect(
            RedundancyPlan.make(
                set, posteriors: posteriors, vendorRows: rows, vendors: [(0, nil)], target: 0.5
            ).needing == 0)
    }

    @Test func replayOnSimulatedLabelsSavesLabelsAtLittleCost() {
        // Ten labels an item from good annotators: most items settle after two or three.
        let out = CampaignSimulation(
            vendors: [.init(name: "V", annotators: 30, accuracy: 0.85, strength: 100)], items: 600,
            classes: 2,
            overlap: 10, goldRate: 0, seed: 4
        ).run()
        let o = RedundancyReplay.run(out.set, truth: out.truth, target: 0.99, seed: 1, initial: 2)
        #expect(o.saving >= 0.4, "saving \(o.saving)")
        #expect(o.fullAccuracy - o.accuracy <= 0.01, "\(o.fullAccuracy) → \(o.accuracy)")
        #expect(o.labelsUsed >= 2 * 600 && o.rounds >= 2)
        // The same seed replays the same order.
        #expect(RedundancyReplay.run(out.set, truth: out.truth, target: 0.99, seed: 1, initial: 2) == o)
    }
}
