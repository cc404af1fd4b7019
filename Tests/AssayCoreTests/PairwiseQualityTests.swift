// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

@Suite struct PairwiseQualityTests {
    /// Exact sign-test p-values by hand: 6–0 is 2/2⁶ = 0.03125; 5–0 is 2/2⁵ = 0.0625; 10–2 is
    /// 2 (C(12,10) + C(12,11) + C(12,12)) / 2¹² = 2 · 79/4096; 3–3 is 1 (capped).
    @Test func signTestByHand() {
        #expect(abs(TransitivityReport.signTest(6, 0) - 0.03125) < 1e-15)
        #expect(abs(TransitivityReport.signTest(0, 5) - 0.0625) < 1e-15)
        #expect(abs(TransitivityReport.signTest(10, 2) - 158.0 / 4096) < 1e-15)
        #expect(TransitivityReport.signTest(3, 3) == 1)
        #expect(TransitivityReport.signTest(0, 0) == 1)
    }

    /// a > b > c > a, each 6–0 (significant), and d beats all three 6–0: four supported triangles,
    /// one of them a cycle. A 5–0 pair (e over a) is not significant and adds no edge.
    @Test func findsTheOneCycle() throws {
        let rows =
            votes("a", "b", 6) + votes("b", "c", 6) + votes("c", "a", 6) + votes("d", "a", 6)
            + votes("d", "b", 6)
            + votes("d", "c", 6) + votes("e", "a", 5) + tieVotes("a", "b", 3)
        let set = try PairwiseSet(rows: rows, positionsKnown: false)
        let report = TransitivityReport.compute(set)
        #expect(report.comparedPairs == 7)
        #expect(report.supportedEdges == 6)
        #expect(report.triangles == 4)
        #expect(report.cycleCount == 1)
        #expect(report.cycleShare == 0.25)
        let cycle = try #require(report.cycles.first)
        let names = cycle.map { (set.objectIDs[Int($0.winner)], set.objectIDs[Int($0.loser)]) }
        #expect(names.map(\.0) == ["a", "b", "c"] && names.map(\.1) == ["b", "c", "a"])
        #expect(cycle.allSatisfy { $0.wins == 6 && $0.losses == 0 })
        // Pooled over items: the same pair under two item ids is one pair.
        let split = try PairwiseSet(
            rows: (0..<6).map {
                PairwiseSet.Row(item: "q\($0 % 2)", annotator: "w", left: "a", right: "b", outcome: .left)
            }, positionsKnown: true)
        #expect(TransitivityReport.compute(split).supportedEdges == 1)
    }

    /// One annotator's figures by hand. Annotator x: item ab shown a|b "left" and b|a "right" (same
    /// verdict, a), item ac shown a|c "left" and c|a "left" (a, then c: inconsistent), item bc tie.
    /// Decisive votes 4, left 3 → left share 3/4; ties 1/5; order pairs 2, 1 disagreement.
    @Test func annotatorFiguresByHand() throws {
        let rows = [
            PairwiseSet.Row(item: "ab", annotator: "x", left: "a", right: "b", outcome: .left),
            PairwiseSet.Row(item: "ab", annotator: "x", left: "b", right: "a", outcome: .right),
            PairwiseSet.Row(item: "ac", annotator: "x", left: "a", right: "c", outcome: .left),
            PairwiseSet.Row(item: "ac", annotator: "x", left: "c", right: "a", outcome: .left),
            PairwiseSet.Row(item: "bc", annotator: "x", left: "b", right: "c", outcome: .tie),
            PairwiseSet.Row(item: "ab", annotator: "y", left: "a", right: "b", outcome: .left),
            PairwiseSet.Row(
                item: "bc", annotator: "y", left: "c", right: "b", outcome: .tie, flaggedInconsistent: true),
        ]
        let set = try PairwiseSet(rows: rows, positionsKnown: true)
        let consensus = PairwiseDawidSkene().fit(set)
        let crowd = CrowdBT().fit(set)
        let q = PairwiseAnnotatorQuality.all(set, consensus: consensus, scores: crowd)
        let x = q[0]
        #expect(x.labels == 5 && x.items == 3 && x.ties == 1 && x.tieRate == 0.2)
        #expect(x.leftShare == 0.75)
        #expect(x.orderPairs == 2 && x.orderDisagreements == 1 && x.orderInconsistency == 0.5)
        #expect(x.orderInconsistencyInterval != nil)
        #expect(x.consensusChecked == 5)
        #expect(x.flaggedInconsistent == 0 && q[1].flaggedInconsistent == 1)
        #expect(x.crowdReliability == crowd.annotatorReliability[0])
        #expect(x.positionBias != nil && x.reliability > 0)
        // y's votes are on items with two or more votes; consensus on ab is "a" (3 of 3 say a).
        #expect(q[1].consensusChecked == 2)
        let unknown = try PairwiseSet(rows: rows, positionsKnown: false)
        let u = PairwiseAnnotatorQuality.all(unknown, consensus: PairwiseDawidSkene().fit(unknown))[0]
        #expect(u.leftShare == nil && u.leftShareInterval == nil && u.positionBias == nil)
    }

    /// The simulation is deterministic, and its judges behave as configured: a position-biased
    /// judge's non-truth decisive votes go left about 90% of the time (seen here through the left
    /// share of all its decisive votes: ½ · reliability + 0.9 · (1 − reliability) = 0.7).
    @Test func simulationBehavesAsConfigured() {
        let config = PairwiseSimulation(
            objects: 30, items: 6_000, votesPerItem: 2, tieParameter: 0,
            judges: [
                .init(kind: "position-biased", count: 2, reliability: 0.5, leftShare: 0.9),
                .init(kind: "spammer", count: 2, reliability: 0, tieShare: 0.5),
            ], seed: 21)
        let a = config.run()
        let b = config.run()
        #expect(a.outcome == b.outcome && a.left == b.left && a.score == b.score)
        #expect(a.item.count == 12_000 && a.itemFirst.allSatisfy { $0 >= 0 })
        #expect(zip(a.itemFirst, a.itemSecond).allSatisfy { $0 < $1 })
        #expect(abs(a.score.reduce(0, +)) < 1e-9)
        let set = a.set()
        let quality = PairwiseAnnotatorQuality.all(set, consensus: PairwiseDawidSkene().fit(set))
        #expect(abs(quality[0].leftShare! - 0.7) < 0.03)
        #expect(abs(quality[2].tieRate! - 0.5) < 0.03)
        #expect(abs(quality[2].leftShare! - 0.5) < 0.04)
    }
}
