// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayReport

/// The text report holds exactly the Core figures it wraps.
@Suite struct TextReportTests {
    /// 300 items, 5 answers each, 40 writers in 2 vendors, with sloppy writers, copiers and pasters.
    static let output = TextSimulation(
        items: 300, answersPerItem: 5, writers: 40, vendors: 2, copierShare: 0.05, pasterShare: 0.05, seed: 6
    ).run()
    static let set = output.textSet()
    static let report = TextReport.build(set, method: .rover, bootstrap: 100, seed: 1)

    @Test func cardsAreTheCoreFigures() {
        let consensus = TextConsensus.Method.rover.run(Self.set)
        var options = NearDuplicates.Options()
        options.seed = 1
        let duplicates = NearDuplicates.find(Self.set, consensus: consensus, options: options)
        let q = TextAnnotatorQuality.measure(Self.set, consensus: consensus, nearDuplicates: duplicates)
        let r = Self.report
        #expect(r.method == "rover" && r.summary.answers == 1_500 && r.annotators.count == 40)
        #expect(
            zip(r.annotators, r.annotators.dropFirst()).allSatisfy { $0.wordErrorRate >= $1.wordErrorRate })
        for row in r.annotators {
            let a = Self.set.index.annotatorIDs.firstIndex(of: row.annotator!)!
            #expect(row.wordErrorRate == q.wordErrorRate[a] && row.errors == q.errors[a])
            #expect(
                row.medianLength == q.medianLength[a] && row.nearDuplicateShare == q.nearDuplicateShare[a])
            #expect(row.reliability == consensus.reliability[a])
        }
        #expect(r.vendors.map(\.vendor) == ["v0", "v1"])
        #expect(r.vendors.map(\.wordErrorRate) == q.vendorWordErrorRate)
        #expect(r.vendors.map(\.answers).reduce(0, +) == 1_500)
        // Pasters (the same text in every item) are flagged as copy-paste; careful writers are not.
        for row in r.annotators {
            let kind = Self.output.kind[Self.set.index.annotatorIDs.firstIndex(of: row.annotator!)!]
            let flagged = row.flags.contains { $0.hasPrefix("copy-paste") }
            if kind == .paster { #expect(flagged, "paster \(row.annotator!)") }
            if kind == .writer { #expect(!flagged, "writer \(row.annotator!)") }
        }
        #expect(r.nearDuplicates.pairs == duplicates.pairs.count)
        #expect(r.nearDuplicates.copyPaste == duplicates.pairs.filter(\.copyPaste).count)
        #expect(r.nearDuplicates.examples.count == min(50, duplicates.pairs.count))
        #expect(r.nearDuplicates.examples.first?.copyPaste == true)
    }

    @Test func agreementAndRowsWrapCore() {
        let r = Self.report
        let e = TextAgreement.estimate(Self.set, bootstrap: 100, seed: 1)
        #expect(r.agreement[0].metric == "mean_pairwise_wer" && r.agreement[0].value == e.meanPairwiseWER)
        #expect(r.agreement[0].ciLow == e.ciLow && r.agreement[0].pairs == e.pairs)
        #expect(r.agreement.dropFirst().map { $0.group! } == ["v0", "v1"])
        let consensus = TextConsensus.Method.rover.run(Self.set)
        for i in [0, 150, 299] {
            let row = TextConsensusRow(item: i, of: Self.set, consensus: consensus)
            #expect(
                row.text == consensus.text(ofItem: i, in: Self.set)
                    && row.confidence == consensus.confidence[i])
            #expect(row.answers == 5 && row.method == "rover")
            #expect((row.sourceAnnotator == nil) == (consensus.source[i] < 0))
        }
        // Central answer: the consensus is always one of the answers.
        let central = TextReport.build(Self.set, method: .central, bootstrap: 0, seed: 0)
        #expect(central.method == "central" && central.consensus.assembledItems == 0)
    }

    @Test func jsonShape() throws {
        let json = try jsonObject(Self.report)
        #expect(
            Set(json.keys) == [
                "type", "method", "iterations", "bootstrap", "seed", "summary", "consensus", "annotators",
                "vendors",
                "near_duplicates", "agreement",
            ])
        let vendor = (json["vendors"] as! [[String: Any]])[0]
        #expect(isNull(vendor, "annotator") && isNull(vendor, "reliability"))
        let pair = ((json["near_duplicates"] as! [String: Any])["examples"] as! [[String: Any]])[0]
        #expect(pair["copy_paste"] as? Bool == true && pair["first_item"] is String)
        let row = TextConsensusRow(item: 0, of: Self.set, consensus: TextConsensus.Method.rover.run(Self.set))
        #expect(try jsonObject(row).keys.contains("source_annotator"))
        _ = try JSONDecoder().decode(TextReport.self, from: JSONEncoder().encode(Self.report))
    }
}
