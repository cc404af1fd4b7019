// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// A multi-label set from (item, annotator, classes) rows over `classes` classes.
func makeMultiLabelSet(_ rows: [(Int, Int, [Int32])], items: Int, annotators: Int, classes: Int)
    -> MultiLabelSet
{
    var offsets = [0]
    for r in rows { offsets.append(offsets.last! + r.2.count) }
    return MultiLabelSet(
        itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: (0..<annotators).map { "a\($0)" },
        annotatorVendor: [Int32](repeating: 0, count: annotators), vendorIDs: [""],
        classes: (0..<classes).map { "c\($0)" }, item: rows.map { Int32($0.0) },
        annotator: rows.map { Int32($0.1) },
        words: MultiLabelSet.words(classLists: rows.flatMap(\.2), offsets: offsets, classCount: classes))
}

@Suite struct MultiLabelTests {
    @Test func setsFollowTheirRowsAndViewsAreBinary() {
        // 70 classes: two words a label. Rows out of item order; the empty set is an answer.
        let set = makeMultiLabelSet(
            [(1, 0, [0, 65]), (0, 1, []), (0, 0, [3]), (1, 1, [65, 65])], items: 2, annotators: 2, classes: 70
        )
        #expect(set.wordsPerLabel == 2)
        #expect(set.index.item == [0, 0, 1, 1])
        #expect(set.classes(ofLabel: 0) == [] && set.classes(ofLabel: 1) == [3])
        #expect(set.classes(ofLabel: 2) == [0, 65] && set.classes(ofLabel: 3) == [65])
        #expect(set.size(ofLabel: 2) == 2)
        let view = set.binaryView(ofClass: 65)
        #expect(view.classes == ["0", "1"] && view.value == [0, 0, 1, 1])
    }

    @Test func binaryRelevanceRecoversSimulatedSets() {
        // 6 classes, 12 annotators (2 spammers, 1 lazy), 5 per item.
        var annotators = (0..<9).map { _ in
            MultiLabelSimulation.Annotator(sensitivity: 0.85, specificity: 0.95)
        }
        annotators += [
            .init(sensitivity: 0, specificity: 0, isSpammer: true),
            .init(sensitivity: 0, specificity: 0, isSpammer: true),
        ]
        annotators += [.init(sensitivity: 0, specificity: 1, isLazy: true)]
        let sim = MultiLabelSimulation(
            prevalence: [0.5, 0.3, 0.2, 0.1, 0.05, 0.4], items: 400, overlap: 5, annotators: annotators,
            seed: 3
        ).run()
        let consensus = BinaryRelevance().infer(sim.set)
        let majority = BinaryRelevance(method: MajorityVote()).infer(sim.set)
        func exact(_ c: MultiLabelConsensus) -> Int {
            (0..<400).filter { i in
                (0..<6).allSatisfy { k in
                    c.contains(item: i, class: k) == (sim.truth[i] >> UInt64(k) & 1 == 1)
                }
            }.count
        }
        #expect(exact(consensus) >= 340, "exact sets \(exact(consensus)) of 400")
        #expect(exact(consensus) >= exact(majority))
        #expect(consensus.posterior.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Per-annotator precision and recall: diligent raters high, spammers' precision low, the lazy
        // annotator's recall 0 with precision undefined.
        let card = MultiLabelScorecard.score(sim.set, against: consensus)
        #expect(
            card.cell(annotator: 0, class: 0).recall! > 0.75
                && card.cell(annotator: 0, class: 0).precision! > 0.85)
        #expect(card.cell(annotator: 9, class: 3).precision! < 0.3)
        #expect(
            card.cell(annotator: 11, class: 0).recall == 0
                && card.cell(annotator: 11, class: 0).precision == nil)
    }

    @Test func scorecardCountsByHand() {
        // Item 0: consensus {0}; item 1: consensus {} (posterior set by hand).
        let set = makeMultiLabelSet(
            [(0, 0, [0, 1]), (1, 0, [1]), (0, 1, [0]), (1, 1, [])], items: 2, annotators: 2, classes: 2)
        let consensus = MultiLabelConsensus(
            method: "hand", classCount: 2, posterior: [0.9, 0.2, 0.1, 0.3], words: [0b01, 0b00],
            wordsPerItem: 1,
            threshold: 0.5, perClass: [])
        let card = MultiLabelScorecard.score(set, against: consensus)
        // Annotator 0, class 1: marked twice, never in the consensus: precision 0, recall undefined.
        #expect(card.cell(annotator: 0, class: 1) == .init(marked: 2, relevant: 0, agreed: 0))
        #expect(
            card.cell(annotator: 0, class: 1).precision == 0
                && card.cell(annotator: 0, class: 1).recall == nil)
        #expect(card.cell(annotator: 1, class: 0) == .init(marked: 1, relevant: 1, agreed: 1))
    }

    @Test func setAlphaByHand() throws {
        // Item 0: {0} and {0, 1} (Jaccard distance 1/2; MASI 1 − 1/2 · 2/3 = 2/3).
        // Item 1: {1} and {1}. Item 2: {} and {0} (distance 1 for both).
        // Observed: Σ_u Σ_{i≠j} δ / (m − 1) = 2·δ_0 + 0 + 2·1. Distinct sets among the 6 values:
        // {0}×1, {0,1}×1, {1}×2, {}×1... with {0} twice ({0} on item 0 and on item 2):
        // n_{0} = 2, n_{0,1} = 1, n_{1} = 2, n_{} = 1.
        let set = makeMultiLabelSet(
            [(0, 0, [0]), (0, 1, [0, 1]), (1, 0, [1]), (1, 1, [1]), (2, 0, []), (2, 1, [0])], items: 3,
            annotators: 2,
            classes: 2)
        func handAlpha(_ d: (String, String) -> Double, _ d01: Double) -> Double {
            let sets: [(String, Double)] = [("0", 2), ("01", 1), ("1", 2), ("", 1)]
            var expected = 0.0
            for (s, ns) in sets { for (t, nt) in sets where t != s { expected += ns * nt * d(s, t) } }
            let observed = 2 * d01 + 2 * 1
            return 1 - 5 * observed / expected
        }
        func jaccard(_ a: String, _ b: String) -> Double {
            let x = Set(a)
            let y = Set(b)
            return x.union(y).isEmpty ? 0 : 1 - Double(x.intersection(y).count) / Double(x.union(y).count)
        }
        func masi(_ a: String, _ b: String) -> Double {
            let x = Set(a)
            let y = Set(b)
            if x.union(y).isEmpty { return 0 }
            let m =
                x == y
                ? 1 : (x.isSubset(of: y) || y.isSubset(of: x)) ? 2.0 / 3 : x.isDisjoint(with: y) ? 0 : 1.0 / 3
            return 1 - Double(x.intersection(y).count) / Double(x.union(y).count) * m
        }
        let j = try #require(MultiLabelAgreement.setAlpha(set, distance: .jaccard).value)
        #expect(abs(j - handAlpha(jaccard, 0.5)) < 1e-12)
        let m = try #require(MultiLabelAgreement.setAlpha(set, distance: .masi).value)
        #expect(abs(m - handAlpha(masi, 2.0 / 3)) < 1e-12)
        // With singleton or empty sets only, Jaccard α is the nominal α of the sets as classes.
        let singletons = makeMultiLabelSet(
            [(0, 0, [0]), (0, 1, [0]), (1, 0, [1]), (1, 1, []), (2, 0, [1]), (2, 1, [1]), (2, 2, [0])],
            items: 3,
            annotators: 3, classes: 2)
        let nominal = makeSet(
            [(0, 0, 1), (0, 1, 1), (1, 0, 2), (1, 1, 0), (2, 0, 2), (2, 1, 2), (2, 2, 1)], classes: 3)
        #expect(
            abs(
                try #require(MultiLabelAgreement.setAlpha(singletons).value)
                    - (try #require(KrippendorffAlpha.compute(nominal, level: .nominal).value))) < 1e-12)
        // Per class: the binary views' nominal α.
        let perClass = MultiLabelAgreement.perClassAlpha(set)
        #expect(perClass.count == 2)
        #expect(
            perClass[0].value == KrippendorffAlpha.compute(set.binaryView(ofClass: 0), level: .nominal).value)
    }
}
