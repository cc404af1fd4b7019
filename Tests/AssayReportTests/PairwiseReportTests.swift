// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayReport

/// The pairwise report holds exactly the Core figures it wraps.
@Suite struct PairwiseReportTests {
    /// 20 objects; vendor "crowd" of 8 diligent judges and 2 spammers, vendor "llm" of one judge
    /// that picks the left object whenever it is indifferent.
    static let simulation = PairwiseSimulation(
        objects: 20, items: 1_500, votesPerItem: 3, tieParameter: 0.3,
        judges: [
            .init(kind: "diligent", count: 8, reliability: 0.85, tieShare: 0.2),
            .init(kind: "spammer", count: 2, reliability: 0, tieShare: 0.2),
            .init(kind: "position-biased", count: 1, reliability: 0.5, tieShare: 0.1, leftShare: 0.95),
        ], seed: 8
    ).run()

    static func set(positionsKnown: Bool = true) -> PairwiseSet {
        let s = simulation
        return try! PairwiseSet(
            objectIDs: (0..<s.score.count).map { "o\($0)" },
            itemIDs: (0..<s.itemFirst.count).map { "p\($0)" },
            annotatorIDs: (0..<s.kind.count).map { "j\($0)" },
            annotatorVendor: (0..<s.kind.count).map { $0 == 10 ? 1 : 0 }, vendorIDs: ["crowd", "llm"],
            item: s.item, annotator: s.annotator, left: s.left, right: s.right, outcome: s.outcome,
            positionsKnown: positionsKnown)
    }

    static let report = PairwiseReport.build(set(), method: BradleyTerry(), bootstrap: 100, seed: 3)

    @Test func objectsAreTheFitsScoresBestFirst() {
        let set = Self.set()
        let fit = BradleyTerry().fit(set)
        let r = Self.report
        #expect(r.method == "bt" && r.objects.count == 20 && r.summary.objects == 20)
        #expect(r.objects.map(\.rank) == Array(1...20))
        #expect(zip(r.objects, r.objects.dropFirst()).allSatisfy { $0.score.value >= $1.score.value })
        for row in r.objects {
            let o = set.objectIDs.firstIndex(of: row.object)!
            #expect(
                row.score.value == fit.score[o] && row.score.low == fit.low[o]
                    && row.score.high == fit.high[o])
            #expect(
                row.comparisons == fit.comparisons[o] && row.wins + row.losses + row.ties == row.comparisons)
        }
        // The leaderboard follows the simulated truth (Spearman of ranks, well above chance).
        let truth = r.objects.map { Self.simulation.score[Int($0.object.dropFirst())!] }
        #expect(RatingMetrics.spearman(truth, r.objects.map(\.score.value))! > 0.9)
    }

    @Test func cardsAreTheCoreFigures() {
        let set = Self.set()
        let consensus = PairwiseDawidSkene().fit(set)
        let q = PairwiseAnnotatorQuality.all(set, consensus: consensus)
        let r = Self.report
        #expect(r.annotators.count == 11 && r.summary.annotators == 11)
        for row in r.annotators {
            let a = set.index.annotatorIDs.firstIndex(of: row.annotator!)!
            #expect(row.labels == q[a].labels && row.ties == q[a].ties)
            #expect(row.reliability.value == q[a].reliability && row.positionBias?.value == q[a].positionBias)
            #expect(
                row.tieRate?.value == q[a].tieRate
                    && row.agreementWithConsensus?.value == q[a].agreementWithConsensus)
        }
        // Least reliable first; the spammers (j8, j9) before every diligent judge.
        #expect(
            zip(r.annotators, r.annotators.dropFirst()).allSatisfy {
                $0.reliability.value <= $1.reliability.value
            })
        #expect(Set(r.annotators.prefix(2).map(\.annotator)) == ["j8", "j9"])
        // The left-leaning judge is flagged with its position bias; no diligent judge is.
        let llm = r.annotators.first { $0.annotator == "j10" }!
        #expect(llm.flags.contains { $0.hasPrefix("position bias: when indifferent, picks the left") })
        #expect(
            r.annotators.filter { $0.flags.contains { $0.hasPrefix("position bias") } }.map(\.annotator) == [
                "j10"
            ])
        // Vendors: crowd pools 10 judges' votes; llm is its judge, fitted alone.
        #expect(r.vendors.map(\.vendor) == ["crowd", "llm"] && r.vendors.map(\.annotators) == [10, 1])
        #expect(
            r.vendors[0].labels == r.annotators.filter { $0.vendor == "crowd" }.reduce(0) { $0 + $1.labels })
        #expect(r.vendors[1].positionBias!.value > 0.8)
        let merged = PairwiseDawidSkene().fit(set.mergedByVendor())
        #expect(r.vendors[0].reliability.value == merged.reliability[0])
        #expect(r.vendors[1].orderPairs == llm.orderPairs)
    }

    @Test func consensusAgreementAndJudgesWrapCore() {
        let set = Self.set()
        let consensus = PairwiseDawidSkene().fit(set)
        let r = Self.report
        #expect(r.consensus.items == set.itemCount)
        #expect(r.consensus.firstBetter == consensus.outcomes.filter { $0 == 0 }.count)
        #expect(r.consensus.ties == consensus.outcomes.filter { $0 == 2 }.count)
        let within = PairwiseAgreement.within(set, bootstrap: 100, seed: 3)
        #expect(r.agreement.prefix(3).map(\.metric) == ["with_ties", "without_ties", "alpha"])
        #expect(r.agreement.prefix(3).map(\.value) == within.map(\.value))
        #expect(r.agreement[0].ciLow == within[0].low && r.agreement[0].pairs == within[0].pairs)
        // Within each vendor, then crowd vs llm.
        #expect(
            r.agreement.dropFirst(3).map { $0.group! } == Array(repeating: "crowd", count: 3)
                + Array(repeating: "llm", count: 3) + ["crowd vs llm", "crowd vs llm"])
        let llm = (0..<11).map { $0 == 10 }
        let crowd = llm.map { !$0 }
        let between = PairwiseAgreement.between(set, llm, crowd, bootstrap: 100, seed: 3)
        #expect(r.judges.map(\.vendor) == ["crowd", "llm"])
        #expect(
            r.judges[1].withTies?.value == between[0].value && r.judges[1].pairsWithTies == between[0].pairs)
        #expect(r.judges[1].withoutTies?.low == between[1].low)
        #expect(r.judges[1].annotators.map(\.annotator) == (0..<10).map { "j\($0)" })
        let transitivity = TransitivityReport.compute(set)
        #expect(
            r.transitivity.cycles == transitivity.cycleCount
                && r.transitivity.triangles == transitivity.triangles)
    }

    @Test func consensusRowsAreTheModelsPosteriors() {
        let set = Self.set()
        let consensus = PairwiseDawidSkene().fit(set)
        for i in [0, 7, 1_499] {
            let row = PairwiseConsensusRow(item: i, of: set, consensus: consensus)
            #expect(row.item == "p\(i)" && row.votes == 3 && row.method == "pds")
            #expect(
                [row.pFirst, row.pSecond, row.pTie] == Array(consensus.posteriors[(i * 3)..<(i * 3 + 3)]))
            #expect(row.confidence == consensus.confidence(ofItem: i))
            #expect(row.outcome == ["first", "second", "tie"][Int(consensus.outcomes[i])])
            #expect(
                row.preferred
                    == (row.outcome == "tie" ? nil : row.outcome == "first" ? row.first : row.second))
        }
    }

    /// Every key is written; a figure that does not exist is `null`, not missing.
    @Test func jsonShape() throws {
        let r = PairwiseReport.build(
            Self.set(positionsKnown: false), method: BradleyTerry(), bootstrap: 0, seed: 0)
        let json = try jsonObject(r)
        #expect(
            Set(json.keys) == [
                "type", "method", "method_notes", "consensus_method", "consensus_notes", "positions_known",
                "bootstrap", "seed", "summary", "objects", "interval_method", "tie_parameter", "consensus",
                "annotators", "vendors", "agreement", "transitivity", "judges",
            ])
        #expect(json["type"] as? String == "pairwise" && json["positions_known"] as? Bool == false)
        let card = (json["annotators"] as! [[String: Any]])[0]
        #expect(isNull(card, "position_bias") && isNull(card, "left_share") && isNull(card, "cost_per_label"))
        #expect((card["reliability"] as! [String: Any]).keys.sorted() == ["high", "low", "reason", "value"])
        let vendor = (json["vendors"] as! [[String: Any]])[0]
        #expect(isNull(vendor, "annotator"))
        let row = (json["agreement"] as! [[String: Any]])[0]
        #expect(row["n_pairs"] as? Int != nil && isNull(row, "class") && isNull(row, "ci_low"))
        let tie = PairwiseConsensusRow(
            item: 0, of: Self.set(), consensus: PairwiseDawidSkene().fit(Self.set()))
        #expect(try jsonObject(tie).keys.contains("preferred"))
        // The report decodes back from its JSON.
        let back = try JSONDecoder().decode(PairwiseReport.self, from: JSONEncoder().encode(r))
        #expect(
            back.objects.map(\.object) == r.objects.map(\.object)
                && back.annotators.count == r.annotators.count)
    }
}
