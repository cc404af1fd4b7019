// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayReport

/// The multi-label report holds exactly the Core figures it wraps.
@Suite struct MultiLabelReportTests {
    /// 4 classes, 10 annotators (one spammer, one lazy), 4 an item; annotators 0–4 are vendor A.
    static let set: MultiLabelSet = {
        var annotators = (0..<8).map { _ in
            MultiLabelSimulation.Annotator(sensitivity: 0.85, specificity: 0.95)
        }
        annotators.append(.init(sensitivity: 0.5, specificity: 0.5, isSpammer: true))
        annotators.append(.init(sensitivity: 0.3, specificity: 0.99, isLazy: true))
        let s = MultiLabelSimulation(
            prevalence: [0.5, 0.3, 0.2, 0.1], items: 300, overlap: 4, annotators: annotators, seed: 4
        ).run().set
        return MultiLabelSet(
            index: LabelIndex.build(
                itemIDs: s.index.itemIDs, annotatorIDs: s.index.annotatorIDs,
                annotatorVendor: (0..<10).map { $0 < 5 ? 0 : 1 }, vendorIDs: ["A", "B"], item: s.index.item,
                annotator: s.index.annotator
            ).index, classes: ["toxic", "spam", "off-topic", "other"], words: s.words)
    }()
    static let report = MultiLabelReport.build(set, method: DawidSkene(), bootstrap: 100, seed: 7)

    @Test func classesCardsAndAgreementWrapCore() {
        let consensus = BinaryRelevance(method: DawidSkene()).infer(Self.set)
        let card = MultiLabelScorecard.score(Self.set, against: consensus)
        let r = Self.report
        #expect(r.method == "ds" && r.classes == ["toxic", "spam", "off-topic", "other"])
        #expect(
            r.perClass.map(\.consensusItems)
                == (0..<4).map { c in
                    (0..<300).filter { consensus.contains(item: $0, class: c) }.count
                })
        for c in 0..<4 {
            let alpha = Agreement.estimate(
                Self.set.binaryView(ofClass: c), metric: "alpha", level: .nominal, bootstrap: 100, seed: 7)
            #expect(r.perClass[c].alpha?.value == alpha.value && r.perClass[c].alpha?.low == alpha.ciLow)
            #expect(r.agreement[c].className == r.classes[c] && r.agreement[c].value == alpha.value)
        }
        let jaccard = MultiLabelAgreement.setAlphaEstimate(
            Self.set, distance: .jaccard, bootstrap: 100, seed: 7)
        #expect(r.agreement[4].metric == "alpha_jaccard" && r.agreement[4].value == jaccard.value)
        #expect(r.agreement[4].ciHigh == jaccard.ciHigh && r.agreement[5].metric == "alpha_masi")
        for row in r.annotators {
            let a = Self.set.index.annotatorIDs.firstIndex(of: row.annotator!)!
            for c in 0..<4 {
                let cell = card.cell(annotator: a, class: c)
                #expect(
                    row.perClass[c].agreed == cell.agreed
                        && row.perClass[c].precision?.value == cell.precision)
                #expect(row.perClass[c].recall?.low == cell.recallInterval?.low)
            }
        }
        // The lazy annotator misses classes, and comes first (lowest mean recall).
        let lazy = Self.set.index.annotatorIDs[9]
        #expect(
            r.annotators[0].annotator == lazy && r.annotators[0].flags.contains { $0.hasPrefix("misses") })
        #expect(r.vendors.map(\.vendor) == ["A", "B"] && r.vendors.map(\.annotators) == [5, 5])
        #expect(
            r.vendors[0].perClass[0].marked
                == r.annotators.filter { $0.vendor == "A" }.reduce(0) {
                    $0 + $1.perClass[0].marked
                })
    }

    @Test func consensusRowsAndJSON() throws {
        let consensus = BinaryRelevance(method: DawidSkene()).infer(Self.set)
        for i in [0, 299] {
            let row = MultiLabelConsensusRow(item: i, of: Self.set, consensus: consensus)
            #expect(row.classes == consensus.classes(ofItem: i).map { Self.set.classes[$0] })
            #expect(row.posterior["spam"] == consensus.posterior[i * 4 + 1] && row.labels == 4)
        }
        let json = try jsonObject(Self.report)
        #expect(
            Set(json.keys) == [
                "type", "method", "threshold", "classes", "bootstrap", "seed", "summary", "per_class",
                "annotators",
                "vendors", "agreement",
            ])
        let cls = (json["per_class"] as! [[String: Any]])[0]
        #expect(cls["class"] as? String == "toxic" && isNull(cls, "alpha_undefined_reason"))
        let cell = ((json["annotators"] as! [[String: Any]])[0]["per_class"] as! [[String: Any]])[0]
        #expect(Set(cell.keys) == ["class", "marked", "relevant", "agreed", "precision", "recall"])
        _ = try JSONDecoder().decode(MultiLabelReport.self, from: JSONEncoder().encode(Self.report))
    }
}
