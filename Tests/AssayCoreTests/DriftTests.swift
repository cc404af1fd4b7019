// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

/// EWMA limits, label-distribution shift, Benjamini–Hochberg and the drift report on simulated
/// deliveries.
@Suite struct DriftTests {
    @Test func ewmaLimitsFollowTheVarianceOfTheSmoothedMean() {
        // λ = 0.3, L = 3, centre 0.9 with variance V = 0.0001; points 0.85 (variance 0.0009), no
        // data, 0.80 (variance 0.0004).
        // z₁ = 0.3·0.85 + 0.7·0.9 = 0.885; var = 0.09·0.0009 + (1 − 0.7)²·V = 0.000081 + 0.000009
        //    = 0.00009, limits 0.9 ± 3·0.0094868 = 0.871540 / 0.928460.
        // The empty point carries z and the limits over.
        // z₃ = 0.3·0.80 + 0.7·0.885 = 0.8595; var = 0.49·0.000081 + 0.09·0.0004 + (1 − 0.49)²·V
        //    = 0.00003969 + 0.000036 + 0.00002601 = 0.0001017, limits 0.9 ± 3·0.0100846.
        let points = EWMAChart(lambda: 0.3, width: 3).chart(
            [0.85, .nan, 0.80], variances: [0.0009, .infinity, 0.0004], centre: 0.9, centreVariance: 0.0001)
        #expect(abs(points[0].ewma! - 0.885) < 1e-12)
        #expect(abs(points[0].lower! - (0.9 - 3 * 0.00009.squareRoot())) < 1e-12)
        #expect(points[1] == points[0])
        #expect(abs(points[2].ewma! - 0.8595) < 1e-12)
        #expect(abs(points[2].lower! - (0.9 - 3 * 0.0001017.squareRoot())) < 1e-12)
        #expect(abs(points[2].upper! - (0.9 + 3 * 0.0001017.squareRoot())) < 1e-12)
    }

    @Test func shiftMatchesSciPyAndBenjaminiHochbergIsByHand() {
        // stats.chi2_contingency([[30, 50, 20], [45, 40, 15]], correction=False):
        // χ² 4.825396825396825, p 0.08957326253887996, 2 df. PSI with half a label per class:
        // Σ (p − q) ln(p / q) = 0.09462485288607975 (numpy).
        let s = DistributionShift.between([30, 50, 20], reference: [45, 40, 15])
        #expect(abs(s.chiSquare - 4.825396825396825) < 1e-12 && s.degrees == 2)
        #expect(abs(s.p - 0.08957326253887996) < 1e-12)
        #expect(abs(s.psi - 0.09462485288607975) < 1e-12)
        // p = 0.01, 0.04, 0.03, 0.005, 0.5 sorted: 0.005, 0.01, 0.03, 0.04, 0.5 with p·5/rank
        // 0.025, 0.025, 0.05, 0.05, 0.5, already monotone from the top.
        let q = BenjaminiHochberg.adjust([0.01, 0.04, 0.03, 0.005, 0.5])
        #expect(zip(q, [0.025, 0.05, 0.05, 0.025, 0.5]).allSatisfy { abs($0 - $1) < 1e-15 })
        // Monotone step-up: a larger p after a smaller adjusted one takes the smaller.
        let r = BenjaminiHochberg.adjust([0.04, 0.045])
        #expect(r == [0.045, 0.045])
    }

    /// One vendor whose accuracy falls by `drop` from delivery 8 on, one that stays: 12 deliveries
    /// of about 2,000 labels each, 5% gold.
    func campaign(drop: Double, seed: UInt64) -> CampaignSimulation.Output {
        var sim = CampaignSimulation(
            vendors: [
                .init(name: "Falls", annotators: 40, accuracy: 0.92, strength: 200, volume: 1),
                .init(name: "Holds", annotators: 40, accuracy: 0.92, strength: 200, volume: 1),
            ], items: 48_000, classes: 3, overlap: 1, goldRate: 0.05, deliveries: 12, seed: seed)
        sim.drifts = [(vendor: 0, from: 8, drop: drop)]
        sim.bots = [(vendor: 1, annotator: 5)]
        return sim.run()
    }

    @Test func aDropIsFoundAtItsDeliveryAndTheStableVendorStaysQuiet() {
        let out = campaign(drop: 0.07, seed: 5)
        let deliveries = (0..<24).map { (name: "d\($0 % 12)-v\($0 / 12)", vendor: $0 / 12) }
        let report = DriftReport.build(
            out.set, delivery: out.delivery, deliveries: deliveries, gold: out.gold)
        let falls = report.alarms.filter {
            $0.scope == "vendor" && $0.vendor == "Falls" && $0.kind == "accuracy"
        }
        #expect(falls.count == 1)
        // Drift from delivery 8 (index 8 of vendor 0), found within three deliveries. With this seed
        // the gold sample of delivery 8 reads 92 right of 97 (0.948, though its annotators' accuracy
        // fell to about 0.85), so the chart crosses at delivery 10 (gold 66 of 83, then 72 of 96).
        #expect(falls.first.map { (8...10).contains($0.delivery) } == true, "\(falls.map(\.message))")
        #expect(
            !report.alarms.contains { $0.scope == "vendor" && $0.vendor == "Holds" && $0.kind == "accuracy" })
        // Without the drop: no accuracy alarm for either vendor.
        let calm = campaign(drop: 0, seed: 5)
        let quiet = DriftReport.build(
            calm.set, delivery: calm.delivery, deliveries: deliveries, gold: calm.gold)
        #expect(!quiet.alarms.contains { $0.scope == "vendor" && $0.kind == "accuracy" })
        // The bot answers at random in about a second from the start: its labels shift no vendor's
        // mix over time, and being there from the first delivery it is no drift either.
        #expect(!quiet.alarms.contains { $0.kind == "labels" && $0.scope == "vendor" })
        // A series per vendor, each point of it after the baseline charted.
        let series = quiet.series.first { $0.scope == "vendor" && $0.vendor == "Falls" }!
        #expect(series.points.count == 12 && series.points[3].accuracyChart?.lower != nil)
        #expect(series.points[2].accuracyChart == nil && series.baselineGoldLabels > 200)
    }

    @Test func labelMixAndSpeedAlarms() {
        // A vendor whose last deliveries say class 0 twice as often, and whose labels got faster.
        let base = campaign(drop: 0, seed: 9)
        var value = base.set.value
        var seconds = base.set.extras.durationSeconds
        var rng = SeededGenerator(seed: 1)
        for l in 0..<base.set.count where base.delivery[l] >= 9 && base.delivery[l] < 12 {
            if rng.nextUnit() < 0.5 { value[l] = 0 }
            seconds[l] /= 3
        }
        let set = LabelSet(
            itemIDs: base.set.itemIDs, annotatorIDs: base.set.annotatorIDs,
            annotatorVendor: base.set.annotatorVendor,
            vendorIDs: base.set.vendorIDs, classes: base.set.classes, item: base.set.item,
            annotator: base.set.annotator, value: value,
            extras: LabelExtras(
                createdAt: base.set.extras.createdAt, durationSeconds: seconds, cost: base.set.extras.cost))
        let deliveries = (0..<24).map { (name: "d\($0 % 12)-v\($0 / 12)", vendor: $0 / 12) }
        let report = DriftReport.build(set, delivery: base.delivery, deliveries: deliveries, gold: base.gold)
        let kinds = Set(report.alarms.filter { $0.vendor == "Falls" && $0.scope == "vendor" }.map(\.kind))
        #expect(kinds.contains("labels") && kinds.contains("speed"))
        #expect(report.alarms.first { $0.kind == "labels" && $0.scope == "vendor" }?.delivery == 9)
        #expect(!report.alarms.contains { $0.vendor == "Holds" && $0.scope == "vendor" })
    }
}
