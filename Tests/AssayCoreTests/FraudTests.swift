// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// Fraud and collusion on simulated vendors with planted clones, bots and leakers.
@Suite struct FraudTests {
    /// Three vendors; annotators of steady volume; clones copy a busy source across vendors.
    func campaign(noise: Double, seed: UInt64) -> CampaignSimulation.Output {
        var sim = CampaignSimulation(
            vendors: [
                .init(name: "Acme", annotators: 12, accuracy: 0.8, strength: 30),
                .init(name: "Bolt", annotators: 12, accuracy: 0.75, strength: 30),
                .init(name: "Crux", annotators: 12, accuracy: 0.85, strength: 30),
            ], items: 4_000, classes: 3, overlap: 3, goldRate: 0.05, volumeTail: 50, seed: seed)
        sim.clones = [
            .init(sourceVendor: 0, source: 0, copyVendor: 1, copy: 11, noise: noise, coverage: 1),
            .init(sourceVendor: 2, source: 1, copyVendor: 0, copy: 11, noise: noise, coverage: 1),
            .init(sourceVendor: 1, source: 2, copyVendor: 1, copy: 10, noise: noise, coverage: 1),
        ]
        sim.bots = [(vendor: 2, annotator: 9)]
        sim.leakers = [(vendor: 0, annotator: 10)]
        return sim.run()
    }

    @Test func plantedClonesAreFoundAndFewOthersAre() {
        let out = campaign(noise: 0.1, seed: 3)
        let fit = VendorHierarchy().fit(out.set, gold: out.gold)
        let report = FraudReport.build(
            out.set, posteriors: fit.posteriors, confusion: fit.confusion, gold: out.gold, shown: 0)
        let flagged = Set(
            report.pairs.filter(\.flagged).map { [min($0.first, $0.second), max($0.first, $0.second)] })
        let planted = Set(out.clonePairs.map { [min($0.0, $0.1), max($0.0, $0.1)] })
        #expect(planted.isSubset(of: flagged), "missed \(planted.subtracting(flagged))")
        // Every pair of the clones shares ≥ 200 items; other flagged pairs are under 1% of the tested.
        let others = flagged.subtracting(planted).count
        #expect(Double(others) <= 0.01 * Double(report.pairsTested), "\(others) of \(report.pairsTested)")
        #expect(report.pairsTested > 300, "\(report.pairsTested)")
        let pair = report.pairs.first {
            planted.contains([min($0.first, $0.second), max($0.first, $0.second)])
        }!
        #expect(
            pair.sharedItems >= 200 && Double(pair.sharedWrong) > 1.5 * pair.expectedWrong && pair.p < 1e-6)
        #expect(pair.linedUp != nil && pair.evidence.contains("within 60 s"))
        // The bot is too fast and too regular; the leaker's gold accuracy runs far ahead of the rest.
        let bot = out.bots[0]
        let leaker = out.leakers[0]
        let kinds = Dictionary(grouping: report.annotators.filter(\.flagged), by: \.annotator)
        #expect(Set(kinds[bot]?.map(\.kind) ?? []) == ["too fast", "too regular"])
        #expect(kinds[leaker]?.map(\.kind) == ["gold gap"])
        #expect(
            kinds.keys.allSatisfy { $0 == bot || $0 == leaker },
            "\(report.annotators.filter(\.flagged).map { "\($0.name) \($0.kind) \($0.evidence)" })")
        // Groups: each planted pair is its own group of two.
        #expect(report.groups.count >= 3 && report.groups.allSatisfy { $0.members.count >= 2 })
    }

    @Test func withoutClonesNoPairIsFlaggedOften() {
        var sim = CampaignSimulation(
            vendors: [
                .init(name: "Acme", annotators: 12, accuracy: 0.8, strength: 30),
                .init(name: "Bolt", annotators: 12, accuracy: 0.75, strength: 30),
            ], items: 3_000, classes: 2, overlap: 4, goldRate: 0.05, volumeTail: 50, seed: 12)
        sim.clones = []
        let out = sim.run()
        let fit = VendorHierarchy().fit(out.set, gold: out.gold)
        let report = FraudReport.build(
            out.set, posteriors: fit.posteriors, confusion: fit.confusion, gold: out.gold)
        let flagged = report.pairs.filter(\.flagged).count
        #expect(report.pairsTested > 200, "\(report.pairsTested)")
        #expect(Double(flagged) <= 0.01 * Double(report.pairsTested), "\(flagged) of \(report.pairsTested)")
    }

    @Test func textCopiesBetweenAnnotatorsAreRanked() {
        // Two writers, w0 and w1, answering the same 10 items; w1 copies w0 on 8 of them.
        var item: [Int32] = []
        var annotator: [Int32] = []
        var answers: [String] = []
        var dups: [NearDuplicates.Pair] = []
        for i in 0..<10 {
            for a in 0..<3 {
                item.append(Int32(i))
                annotator.append(Int32(a))
                answers.append("answer \(i) by \(a)")
            }
            if i < 8 {
                dups.append(
                    .init(
                        first: Int32(3 * i), second: Int32(3 * i + 1), firstAnnotator: 0, secondAnnotator: 1,
                        firstItem: Int32(i), secondItem: Int32(i), similarity: 1, exact: true,
                        crossVendor: false,
                        sharedEdits: 3, copyPaste: true))
            }
        }
        let set = TextSet.build(
            itemIDs: (0..<10).map { "i\($0)" }, annotatorIDs: ["w0", "w1", "w2"], annotatorVendor: [0, 0, 0],
            vendorIDs: ["V"], item: item, annotator: annotator, answers: answers)
        let rows = FraudReport.textPairs(set, duplicates: dups)
        #expect(rows.count == 1 && rows[0].copies == 8 && rows[0].sharedItems == 10)
        // 8 flagged of 30 same-item pairs: rate 0.267; P(X ≥ 8 | 10, 0.267) is small but not tiny.
        #expect(rows[0].p < 0.001 && rows[0].flagged)
    }
}
