// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// MT-bench's human and GPT-4 votes as one set: item = question/turn/unordered model pair, vendor
/// "human" or "gpt4", model_a taken as shown on the left, `tie (inconsistent)` a tie flagged
/// inconsistent. GPT-4's verdicts are consolidated over both display orders (its SOURCE.md), so their
/// order is marked unknown.
func mtbench() throws -> PairwiseSet {
    var rows: [PairwiseSet.Row] = []
    for (file, vendor) in [("human.jsonl", "human"), ("gpt4_pair.jsonl", "gpt4")] {
        let text = try String(contentsOfFile: pairwiseDatasets + "/mtbench/" + file, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let a = o["model_a"] as! String
            let b = o["model_b"] as! String
            let winner = o["winner"] as! String
            let item = "\(o["question_id"]!)/\(o["turn"]!)/\(min(a, b))/\(max(a, b))"
            rows.append(
                PairwiseSet.Row(
                    item: item, annotator: o["judge"] as! String, vendor: vendor, left: a, right: b,
                    outcome: winner == "model_a" ? .left : (winner == "model_b" ? .right : .tie),
                    flaggedInconsistent: winner.contains("inconsistent"), positionUnknown: vendor == "gpt4"))
        }
    }
    return try PairwiseSet(rows: rows, positionsKnown: true)
}

@Suite struct PairwiseAgreementTests {
    /// Hand counts on one item: votes first, first, second, tie. Pairs with ties: 6, agreeing 1
    /// (first–first). Without ties: 3 pairs among the decisive votes, 1 agreeing. Between this group
    /// and a judge who said "first": 4 pairs, 2 agree; without ties 3 pairs, 2 agree.
    @Test func sharesByHand() throws {
        let rows = [
            PairwiseSet.Row(item: "i", annotator: "h1", left: "a", right: "b", outcome: .left),
            PairwiseSet.Row(item: "i", annotator: "h2", left: "b", right: "a", outcome: .right),
            PairwiseSet.Row(item: "i", annotator: "h3", left: "a", right: "b", outcome: .right),
            PairwiseSet.Row(item: "i", annotator: "h4", left: "a", right: "b", outcome: .tie),
            PairwiseSet.Row(item: "i", annotator: "j", left: "b", right: "a", outcome: .right),
        ]
        let set = try PairwiseSet(rows: rows, positionsKnown: true)
        let humans = set.index.annotatorIDs.map { $0.hasPrefix("h") }
        let judge = humans.map { !$0 }
        let within = PairwiseAgreement.within(set, group: humans)
        #expect(within[0].agreeing == 1 && within[0].pairs == 6)
        #expect(within[1].agreeing == 1 && within[1].pairs == 3)
        let between = PairwiseAgreement.between(set, humans, judge)
        #expect(between[0].agreeing == 2 && between[0].pairs == 4)
        #expect(between[1].agreeing == 2 && between[1].pairs == 3)
        // The humans' majority is "first" (2 of 4): the judge agrees.
        let majority = PairwiseAgreement.versusMajority(set, judge, of: humans)
        #expect(majority[0].value == 1 && majority[0].pairs == 1)
        // Per annotator h1: pairs with h2 (agree), h3, h4, j (agree): 2/4; without ties 2/3.
        let h1 = PairwiseAgreement.perAnnotator(set)[set.index.annotatorIDs.firstIndex(of: "h1")!]
        #expect(h1.withTies.agreeing == 2 && h1.withTies.pairs == 4)
        #expect(h1.withoutTies.agreeing == 2 && h1.withoutTies.pairs == 3)
    }

    /// Krippendorff's α over the three outcomes equals the categorical α of the same votes put in
    /// the canonical orientation (classes first, second, tie).
    @Test func alphaMatchesTheCategoricalAlpha() {
        let sim = PairwiseSimulation(
            objects: 15, items: 400, votesPerItem: 3, tieParameter: 0.5, judges: biasedJudges, seed: 12
        ).run()
        let set = sim.set()
        let alpha = PairwiseAgreement.within(set)[2]
        let categorical = LabelSet(
            itemIDs: set.index.itemIDs, annotatorIDs: set.index.annotatorIDs,
            annotatorVendor: set.index.annotatorVendor, vendorIDs: set.index.vendorIDs,
            classes: ["first", "second", "tie"], item: set.index.item, annotator: set.index.annotator,
            value: (0..<set.count).map { Int32(set.canonicalOutcome($0)) })
        let expected = KrippendorffAlpha.compute(categorical, level: .nominal)
        #expect(abs(alpha.value! - expected.value!) < 1e-12)
        #expect(alpha.items == expected.pairableItems)
    }

    /// A seeded bootstrap gives an interval around the value, the same for the same seed.
    @Test func bootstrapIntervals() {
        let sim = PairwiseSimulation(
            objects: 15, items: 400, votesPerItem: 3, tieParameter: 0.5, judges: biasedJudges, seed: 12
        ).run()
        let set = sim.set()
        let a = PairwiseAgreement.within(set, bootstrap: 200, seed: 1)
        let b = PairwiseAgreement.within(set, bootstrap: 200, seed: 1)
        for (x, y) in zip(a, b) {
            #expect(x.low! < x.value! && x.value! < x.high!)
            #expect(x.low == y.low && x.high == y.high)
        }
    }

    /// MT-bench's anchors (its SOURCE.md, FastChat's `compute_agreement.py` rule), to three
    /// decimals and as exact pair counts: human–human 0.655 (1,552/2,368) and 0.827 (1,282/1,550);
    /// GPT-4–human 0.662 (2,220/3,355) and 0.856 (1,823/2,129); experts only 0.648 (925/1,428),
    /// 0.814 (776/953), 0.659 (1,757/2,668), 0.846 (1,458/1,723). GPT-4 inconsistent on 380 of 2,400.
    @Test(.enabled(if: pairwiseDatasetsPresent, "shared datasets not found; set ASSAY_DATASETS"))
    func mtbenchAnchors() throws {
        let set = try mtbench()
        let gpt4 = set.index.annotatorVendor.map { set.index.vendorIDs[Int($0)] == "gpt4" }
        let humans = gpt4.map { !$0 }
        let experts = set.index.annotatorIDs.enumerated().map {
            humans[$0.offset] && $0.element.hasPrefix("expert_")
        }
        func check(_ e: [PairwiseAgreement.Estimate], _ expected: [(Int, Int, String)]) {
            for (estimate, (agree, pairs, text)) in zip(e, expected) {
                #expect(estimate.agreeing == agree && estimate.pairs == pairs)
                #expect(String(format: "%.3f", estimate.value!) == text)
            }
        }
        check(
            PairwiseAgreement.within(set, group: humans), [(1_552, 2_368, "0.655"), (1_282, 1_550, "0.827")])
        check(
            PairwiseAgreement.between(set, humans, gpt4), [(2_220, 3_355, "0.662"), (1_823, 2_129, "0.856")])
        check(PairwiseAgreement.within(set, group: experts), [(925, 1_428, "0.648"), (776, 953, "0.814")])
        check(
            PairwiseAgreement.between(set, experts, gpt4), [(1_757, 2_668, "0.659"), (1_458, 1_723, "0.846")])
        let consensus = PairwiseDawidSkene().fit(set)
        let quality = PairwiseAnnotatorQuality.all(set, consensus: consensus)
        let judge = quality[gpt4.firstIndex(of: true)!]
        #expect(judge.labels == 2_400 && judge.flaggedInconsistent == 380)
        #expect(judge.ties == 600)
        #expect(judge.positionBias == nil && judge.leftShare == nil)
    }
}
