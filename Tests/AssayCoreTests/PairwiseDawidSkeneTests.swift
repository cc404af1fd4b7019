// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// The simulation's labels as rows, with the display order of the rows `flip` selects flipped (left
/// and right swapped, left and right outcomes swapped: the same judgements shown the other way round).
func simulationRows(_ sim: PairwiseSimulation.Output, flip: (Int) -> Bool = { _ in false }) -> [PairwiseSet
    .Row]
{
    sim.item.indices.map { l in
        var outcome = PairwiseSet.Outcome(rawValue: sim.outcome[l])!
        var (left, right) = (sim.left[l], sim.right[l])
        if flip(l) {
            (left, right) = (right, left)
            if outcome != .tie { outcome = outcome == .left ? .right : .left }
        }
        return PairwiseSet.Row(
            item: "p\(sim.item[l])", annotator: "j\(sim.annotator[l])", left: "o\(left)", right: "o\(right)",
            outcome: outcome)
    }
}

/// Judges of three kinds: diligent, position-biased (left when not following the truth), spammers.
let biasedJudges: [PairwiseSimulation.Judges] = [
    .init(kind: "diligent", count: 12, reliability: 0.9, tieShare: 0.1),
    .init(kind: "position-biased", count: 4, reliability: 0.5, tieShare: 0.1, leftShare: 0.9),
    .init(kind: "spammer", count: 4, reliability: 0, tieShare: 0.2),
]

@Suite struct PairwiseDawidSkeneTests {
    /// The reported posteriors are the model's: recomputed here by hand from the reported
    /// parameters, P(t | votes) ∝ prior(t) Π_votes (ρ [vote is t] + (1 − ρ) q(vote as shown)).
    @Test func posteriorsFollowFromTheReportedParameters() throws {
        let sim = PairwiseSimulation(
            objects: 10, items: 300, votesPerItem: 3, tieParameter: 0.5, judges: biasedJudges, seed: 2
        ).run()
        let set = sim.set()
        let fit = PairwiseDawidSkene().fit(set)
        #expect(fit.converged)
        for i in [0, 7, 123, 299] {
            var p = [(1 - fit.tiePrior) / 2, (1 - fit.tiePrior) / 2, fit.tiePrior]
            for l in set.index.labels(ofItem: i) {
                let a = Int(set.index.annotator[l])
                let rho = fit.reliability[a]
                let qT = fit.tieShare[a]
                let q = [(1 - qT) * fit.positionBias[a]!, (1 - qT) * (1 - fit.positionBias[a]!), qT]
                let shown = Int(set.outcome[l])
                for t in 0..<3 {
                    p[t] *= (Int(set.canonicalOutcome(l)) == t ? rho : 0) + (1 - rho) * q[shown]
                }
            }
            let z = p.reduce(0, +)
            for t in 0..<3 { #expect(abs(p[t] / z - fit.posteriors[i * 3 + t]) < 1e-12) }
        }
    }

    /// Position-biased, diligent and spamming judges with known truth: outcomes recovered better than
    /// by the majority, reliabilities and position biases recovered within stated tolerances.
    @Test func recoversSimulatedJudges() {
        let sim = PairwiseSimulation(
            objects: 50, items: 4_000, votesPerItem: 5, tieParameter: 0.5, judges: biasedJudges, seed: 7
        ).run()
        let set = sim.set()
        let fit = PairwiseDawidSkene().fit(set)
        var correct = 0
        var majorityCorrect = 0
        for i in 0..<set.itemCount {
            if fit.outcomes[i] == sim.itemTruth[i] { correct += 1 }
            var count = [0, 0, 0]
            for l in set.index.labels(ofItem: i) { count[Int(set.canonicalOutcome(l))] += 1 }
            if count.firstIndex(of: count.max()!)! == Int(sim.itemTruth[i]) { majorityCorrect += 1 }
        }
        let accuracy = Double(correct) / Double(set.itemCount)
        #expect(accuracy > Double(majorityCorrect) / Double(set.itemCount) + 0.01)
        #expect(accuracy > 0.93)
        for j in 0..<20 {
            // Reliability within 0.06; position bias within 0.1 for judges with many non-truth votes.
            #expect(abs(fit.reliability[j] - sim.reliability[j]) < 0.06, "judge \(j) reliability")
            if sim.kind[j] != "diligent" {
                #expect(abs(fit.positionBias[j]! - sim.leftShare[j]) < 0.1, "judge \(j) bias")
                let ci = fit.positionBiasInterval[j]!
                #expect(ci.low < sim.leftShare[j] + 0.02 && sim.leftShare[j] - 0.02 < ci.high)
            }
        }
    }

    /// Flipping every display order (same judgements, shown the other way round) turns each position
    /// bias b into 1 − b and changes nothing else.
    @Test func flippingEveryOrientationFlipsPositionBias() throws {
        let sim = PairwiseSimulation(
            objects: 20, items: 800, votesPerItem: 3, tieParameter: 0.4, judges: biasedJudges, seed: 3
        ).run()
        let set = try PairwiseSet(rows: simulationRows(sim), positionsKnown: true)
        let a = PairwiseDawidSkene().fit(set)
        let b = PairwiseDawidSkene().fit(
            try PairwiseSet(rows: simulationRows(sim) { _ in true }, positionsKnown: true))
        for j in a.positionBias.indices {
            #expect(abs(a.positionBias[j]! + b.positionBias[j]! - 1) < 1e-9)
            #expect(abs(a.reliability[j] - b.reliability[j]) < 1e-9)
        }
        #expect(zip(a.posteriors, b.posteriors).allSatisfy { abs($0 - $1) < 1e-9 })
        // A clearly biased judge reads as biased one way, then the other.
        let biased = (0..<20).first { sim.kind[$0] == "position-biased" }!
        let k = set.index.annotatorIDs.firstIndex(of: "j\(biased)")!
        #expect(a.positionBias[k]! > 0.7 && b.positionBias[k]! < 0.3)
    }

    /// Positions unknown: no bias is reported, and the order the rows give the objects in changes
    /// nothing (here every other row is flipped, so "left" no longer means what it did).
    @Test func unknownPositionsIgnoreTheGivenOrder() throws {
        let sim = PairwiseSimulation(
            objects: 20, items: 500, votesPerItem: 3, tieParameter: 0, judges: biasedJudges, seed: 5
        ).run()
        let a = PairwiseDawidSkene().fit(try PairwiseSet(rows: simulationRows(sim), positionsKnown: false))
        let b = PairwiseDawidSkene().fit(
            try PairwiseSet(rows: simulationRows(sim) { $0 % 2 == 0 }, positionsKnown: false))
        #expect(a.positionBias.allSatisfy { $0 == nil } && a.positionBiasInterval.allSatisfy { $0 == nil })
        #expect(zip(a.posteriors, b.posteriors).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(a.notes.contains { $0.contains("positions unknown") })
    }

    /// Votes marked as of unknown display order (here all of one position-biased judge's) give that
    /// judge no bias, and the order their rows give the objects in changes nothing; the other judges
    /// keep theirs.
    @Test func votesOfUnknownOrder() throws {
        let sim = PairwiseSimulation(
            objects: 20, items: 800, votesPerItem: 3, tieParameter: 0.4, judges: biasedJudges, seed: 6
        ).run()
        let hidden = "j12"  // a position-biased judge
        func rows(flipHidden: Bool) -> [PairwiseSet.Row] {
            simulationRows(sim) { flipHidden && sim.annotator[$0] == 12 && $0 % 2 == 0 }.map { r in
                var r = r
                r.positionUnknown = r.annotator == hidden
                return r
            }
        }
        let set = try PairwiseSet(rows: rows(flipHidden: false), positionsKnown: true)
        let a = PairwiseDawidSkene().fit(set)
        let b = PairwiseDawidSkene().fit(try PairwiseSet(rows: rows(flipHidden: true), positionsKnown: true))
        let j = set.index.annotatorIDs.firstIndex(of: hidden)!
        #expect(a.positionBias[j] == nil && a.positionBiasInterval[j] == nil)
        #expect(zip(a.posteriors, b.posteriors).allSatisfy { abs($0 - $1) < 1e-12 })
        let other = set.index.annotatorIDs.firstIndex(of: "j13")!
        #expect(a.positionBias[other]! > 0.75)
        let quality = PairwiseAnnotatorQuality.all(set, consensus: a)
        #expect(quality[j].leftShare == nil && quality[other].leftShare != nil)
        #expect(set.positionUnknown.filter { $0 }.count == sim.annotator.filter { $0 == 12 }.count)
        #expect(a.notes.contains { $0.contains("unknown display order") })
    }

    /// A set without tie votes leaves ties out: zero tie prior and posteriors.
    @Test func noTiesNoTieClass() throws {
        let set = try PairwiseSet(
            rows: votes("a", "b", 3, by: "x") + votes("b", "a", 1, by: "y") + votes("a", "c", 2, by: "y"),
            positionsKnown: false)
        let fit = PairwiseDawidSkene().fit(set)
        #expect(fit.tiePrior == 0)
        #expect((0..<set.itemCount).allSatisfy { fit.posteriors[$0 * 3 + 2] == 0 })
        #expect(fit.outcomes == [0, 0])
        #expect(fit.posteriors.allSatisfy { $0.isFinite })
    }

    /// Degenerate sets: no labels, a single label, all ties.
    @Test func degenerateSets() throws {
        let empty = try PairwiseSet(
            objectIDs: ["a", "b"], itemIDs: ["ab"], annotatorIDs: ["x"], annotatorVendor: [0],
            vendorIDs: [""],
            item: [], annotator: [], left: [], right: [], outcome: [], positionsKnown: true)
        let e = PairwiseDawidSkene().fit(empty)
        #expect(e.posteriors[0] == 0.5 && e.posteriors[1] == 0.5 && e.reliability.allSatisfy { $0.isFinite })
        let one = PairwiseDawidSkene().fit(try PairwiseSet(rows: votes("a", "b", 1), positionsKnown: true))
        #expect(one.outcomes == [0] && one.posteriors.allSatisfy { $0.isFinite })
        let ties = PairwiseDawidSkene().fit(
            try PairwiseSet(
                rows: tieVotes("a", "b", 3, by: "x") + tieVotes("a", "b", 2, by: "y"), positionsKnown: true))
        #expect(ties.outcomes == [2] && ties.posteriors.allSatisfy { $0.isFinite })
        #expect(ties.positionBias.allSatisfy { $0.map { $0.isFinite } ?? false })
    }
}
