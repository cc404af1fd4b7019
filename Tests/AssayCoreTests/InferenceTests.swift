// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// A set from (item, annotator, class) triples with string ids i0…, a0…, and classes "0"…"K-1".
func makeSet(_ rows: [(Int, Int, Int)], classes k: Int) -> LabelSet {
    let items = (rows.map(\.0).max() ?? -1) + 1
    let annotators = (rows.map(\.1).max() ?? -1) + 1
    return LabelSet(
        itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: (0..<annotators).map { "a\($0)" },
        annotatorVendor: [Int32](repeating: 0, count: annotators), vendorIDs: [""],
        classes: (0..<k).map(String.init), item: rows.map { Int32($0.0) },
        annotator: rows.map { Int32($0.1) },
        value: rows.map { Int32($0.2) })
}

/// One simulated vendor's labels as a set (ids are the indices as text) and the simulated truth.
func simulatedSet(
    annotators: Int, accuracy: Double, items: Int, classes k: Int, overlap: Int, seed: UInt64
) -> (LabelSet, truth: [Int]) {
    let sim = Simulation(
        vendors: [.init(name: "A", annotators: annotators, accuracy: accuracy)], items: items, classes: k,
        overlap: overlap, goldRate: 0, seed: seed
    ).run()
    let set = LabelSet(
        itemIDs: (0..<items).map { "\($0)" }, annotatorIDs: (0..<annotators).map { "\($0)" },
        annotatorVendor: [Int32](repeating: 0, count: annotators), vendorIDs: ["A"],
        classes: (0..<k).map(String.init),
        item: sim.labels.map { Int32($0.item) }, annotator: sim.labels.map { Int32($0.annotator) },
        value: sim.labels.map { Int32($0.value) })
    return (set, sim.truth)
}

/// Three reliable annotators and one who always contradicts them, on 6 binary items.
let contrarian: [(Int, Int, Int)] = (0..<6).flatMap { i -> [(Int, Int, Int)] in
    let t = i % 2
    return [(i, 0, t), (i, 1, t), (i, 2, i == 5 ? 1 - t : t), (i, 3, 1 - t)]
}

@Suite struct InferenceTests {
    @Test func labelSetGroupsByItemAndAnnotator() {
        // Rows out of item order; the set sorts them stably and groups by annotator.
        let s = makeSet([(1, 0, 1), (0, 1, 0), (1, 1, 1), (0, 0, 0), (0, 0, 1)], classes: 2)
        #expect(s.item == [0, 0, 0, 1, 1])
        #expect(s.annotator == [1, 0, 0, 0, 1])
        #expect(s.itemOffsets == [0, 3, 5])
        #expect(Array(s.labels(ofAnnotator: 0)) == [1, 2, 3])
        #expect(s.repeatedPairs == 1)  // (item 0, annotator 0) twice
    }

    @Test(arguments: [1, 3, 7])
    func groupingThroughBucketsMatchesTheDirectScatter(shift: Int) {
        // 200,000 labels over 5,000 annotators, skewed (annotator 0 has a tenth of them, 17 and 4,999
        // none): grouped through buckets of 2^shift annotators, every group is the direct
        // scatter's, each in label order.
        var rng = SeededGenerator(seed: 3)
        let annotators = 5_000
        let column: [Int32] = (0..<200_000).map { _ in
            if Int.random(in: 0..<10, using: &rng) == 0 { return 0 }
            var a = Int.random(in: 1..<annotators - 1, using: &rng)
            if a == 17 { a = 18 }
            return Int32(a)
        }
        let direct = LabelSet.groupByAnnotator(column, annotators: annotators, shift: 0)
        let bucketed = LabelSet.groupByAnnotator(column, annotators: annotators, shift: shift)
        // First differing positions (nil when equal): comparing the arrays whole would make a
        // failure print 200,000 elements.
        #expect(bucketed.offsets.indices.first { bucketed.offsets[$0] != direct.offsets[$0] } == nil)
        #expect(bucketed.labels.indices.first { bucketed.labels[$0] != direct.labels[$0] } == nil)
        #expect(bucketed.labels.count == direct.labels.count)
        #expect(direct.offsets[18] == direct.offsets[17])
        #expect(direct.offsets[annotators] == direct.offsets[annotators - 1])
        for a in [0, 18, 4_998] {
            let group = direct.labels[direct.offsets[a]..<direct.offsets[a + 1]]
            #expect(group.count > 0)
            #expect(group.allSatisfy { column[Int($0)] == Int32(a) })
            #expect(zip(group, group.dropFirst()).allSatisfy { $0 < $1 })
        }
        #expect(LabelSet.groupingShift(labels: 10_000_000, annotators: 50_000) == 7)
        #expect(LabelSet.groupingShift(labels: 10_000_000, annotators: 1_000) == 0)
    }

    @Test func majorityVoteCountsAndBreaksTiesToLowerClass() {
        let s = makeSet([(0, 0, 1), (0, 1, 1), (0, 2, 0), (1, 0, 2), (1, 1, 1)], classes: 3)
        let r = MajorityVote().infer(s, gold: nil)
        #expect(r.labels == [1, 1])  // item 1: tie between 1 and 2 → 1
        #expect(abs(r.posteriors[0 * 3 + 1] - 2.0 / 3) < 1e-12)
        #expect(abs(r.confidence(ofItem: 1) - 0.5) < 1e-12)
    }

    @Test func wawaWeightsByAgreementWithMajority() {
        // Hand computation: MV labels are item0=0, item1=0, item2=1 (tie 0/1 on item2 broken? no: 2 vs 1).
        let s = makeSet(
            [(0, 0, 0), (0, 1, 0), (0, 2, 1), (1, 0, 0), (1, 1, 0), (1, 2, 1), (2, 0, 1), (2, 2, 0)],
            classes: 2)
        let r = Wawa().infer(s, gold: nil)
        // Annotator 0 agrees with MV on 3/3... item 2 is a 1–1 tie → MV says 0, so a0 agrees 2/3, a2 1/3.
        #expect(abs(r.annotatorSkill[0] - 2.0 / 3) < 1e-12)
        #expect(abs(r.annotatorSkill[2] - 1.0 / 3) < 1e-12)
        #expect(r.labels[2] == 1)  // weighted vote: a0 (2/3) for 1 beats a2 (1/3) for 0
    }

    @Test func mmsrSpectralSignsSplitTheContrarianOff() {
        // Annotators 0–2 agree with each other (c > 0), annotator 3 disagrees with all (c < 0): the
        // signed graph's two-colouring puts 3 alone, and most signs are positive.
        let s = makeSet(contrarian, classes: 2)
        let graph = AgreementGraph(s)
        let c = graph.agreement.map { 2 * $0 - 1 }
        #expect(MMSR.spectralSigns(graph: graph, chanceCorrected: c, seed: 0) == [1, 1, 1, -1])
        #expect(MMSR.spectralSigns(graph: graph, chanceCorrected: c, seed: 9) == [1, 1, 1, -1])
    }

    @Test(arguments: ["ds", "ods", "glad", "mace", "mmsr", "zbs", "wawa", "kos", "auto", "cds"])
    func methodsRecoverTruthDespiteContrarian(name: String) throws {
        let s = makeSet(contrarian, classes: 2)
        let r = try #require(Methods.make(name, seed: 1)).infer(s, gold: nil)
        #expect(r.labels == (0..<6).map { Int32($0 % 2) }, "\(name)")
        checkInvariants(r, s)
    }

    @Test func dawidSkeneLearnsConfusion() {
        let r = DawidSkene().infer(makeSet(contrarian, classes: 2), gold: nil)
        // Annotator 3 always says the opposite: P(says 1 | truth 0) near 1.
        #expect(r.confusion[(3 * 2 + 0) * 2 + 1] > 0.95)
        #expect(r.annotatorSkill[0] > 0.95)
        #expect(r.annotatorSkill[3] < 0.05)
    }

    @Test func goldIsClampedAndAnchorsConfusion() {
        // Two annotators disagree on every item; gold on item 0 says annotator 1 is right.
        let rows = (0..<4).flatMap { i in [(i, 0, 0), (i, 1, 1)] }
        let s = makeSet(rows, classes: 2)
        let plain = DawidSkene().infer(s, gold: nil)
        #expect(plain.labels == [0, 0, 0, 0])  // symmetric: ties to class 0
        let gold = GoldAnswers(answer: [1, -1, -1, -1])
        let r = DawidSkene().infer(s, gold: gold)
        #expect(r.posteriors[0] == 0 && r.posteriors[1] == 1)
        #expect(r.labels == [1, 1, 1, 1])
        #expect(r.notes.contains { $0.contains("gold") })
    }

    @Test(arguments: ["mv", "wawa", "zbs", "ds", "ods", "glad", "mace", "mmsr", "auto", "cds"])
    func degenerateInputsGiveNoNaN(name: String) throws {
        let cases: [LabelSet] = [
            makeSet([(0, 0, 0)], classes: 1),  // one label, one class
            // One annotator, one class used, two classes unused.
            makeSet([(0, 0, 0), (1, 0, 0), (2, 0, 0)], classes: 3),
            makeSet([(0, 0, 1), (1, 1, 0), (2, 2, 2)], classes: 3),  // single labels per item
            makeSet([(0, 0, 0), (0, 1, 0), (1, 0, 0), (1, 1, 0)], classes: 2),  // everyone says the same
        ]
        for s in cases {
            let r = try #require(Methods.make(name)).infer(s, gold: nil)
            checkInvariants(r, s)
        }
    }

    @Test func deterministicUnderSeed() {
        let s = makeSet(contrarian, classes: 2)
        for name in ["mace", "kos", "mmsr", "auto", "cds"] {
            let a = Methods.make(name, seed: 3)!.infer(s, gold: nil)
            let b = Methods.make(name, seed: 3)!.infer(s, gold: nil)
            #expect(a.posteriors == b.posteriors, "\(name)")
        }
    }

    @Test func kosRefusesNonBinary() {
        #expect(KOS().unsupportedReason(makeSet([(0, 0, 2)], classes: 3)) != nil)
        #expect(KOS().unsupportedReason(makeSet([(0, 0, 1)], classes: 2)) == nil)
    }

    @Test func parallelPassMatchesAcrossChunkings() {
        // A set large enough to be split into chunks gives posteriors that sum to one and the
        // simulated truth on most items.
        let (s, truth) = simulatedSet(
            annotators: 50, accuracy: 0.8, items: 60_000, classes: 4, overlap: 4, seed: 5)
        #expect(ParallelRanges(s).ranges.count == 2)
        let r = DawidSkene().infer(s, gold: nil)
        checkInvariants(r, s)
        let acc = Accuracy.score(r.labels, truth: GoldAnswers(answer: truth.map { Int32($0) }))
        #expect(acc.value > 0.9)
    }

    @Test(arguments: [ConfusionEM.Model.full, .oneCoin])
    func mStepSplitOverAnnotatorsChangesNothing(model: ConfusionEM.Model) {
        // The M-step written back into the pass's table, with the annotators in one, two or seven
        // parts (on both cores): every posterior and error rate is the same to the bit.
        let (s, _) = simulatedSet(
            annotators: 90, accuracy: 0.7, items: 3_000, classes: 3, overlap: 3, seed: 11)
        let outputs = [1, 2, 7].map { parts in
            var em = ConfusionEM(set: s, model: model, gold: nil, maxIterations: 100, tolerance: 1e-7)
            em.mStepParts = parts
            return em.run()
        }
        #expect(outputs[0].iterations > 2)
        for o in outputs.dropFirst() {
            #expect(o.posteriors == outputs[0].posteriors)
            #expect(o.errors == outputs[0].errors)
            #expect(o.skill == outputs[0].skill)
            #expect(o.iterations == outputs[0].iterations)
        }
    }

    /// Hand computation: three items, two classes. Item 0 (truth 0) has posterior (0.8, 0.2): log
    /// loss −ln 0.8, Brier 0.2² + 0.2² = 0.08. Item 1 (truth 1) has (1, 0): the floor gives
    /// −ln 1e-12, Brier 2. Item 2 is excluded as gold; item 3 has no truth.
    @Test func calibrationScoresMatchHandComputation() {
        let posteriors = [0.8, 0.2, 1.0, 0.0, 0.5, 0.5, 0.3, 0.7]
        let truth = GoldAnswers(answer: [0, 1, 1, -1])
        let gold = GoldAnswers(answer: [-1, -1, 1, -1])
        let c = Calibration.score(posteriors, classes: 2, truth: truth, excluding: gold)
        #expect(c.scored == 2)
        #expect(abs(c.logLoss - (-log(0.8) - log(1e-12)) / 2) < 1e-12)
        #expect(abs(c.brier - (0.08 + 2) / 2) < 1e-12)
        let all = Calibration.score(posteriors, classes: 2, truth: truth)
        #expect(all.scored == 3 && abs(all.brier - (0.08 + 2 + 0.5) / 3) < 1e-12)
        #expect(Calibration.score([], classes: 2, truth: GoldAnswers(answer: [])).scored == 0)
    }

    @Test func digammaMatchesKnownValues() {
        // ψ(1) = −γ, ψ(0.5) = −γ − 2 ln 2, ψ(10) = H_9 − γ.
        let gamma = 0.57721566490153286
        #expect(abs(digamma(1) + gamma) < 1e-10)
        #expect(abs(digamma(0.5) - (-gamma - 2 * 0.69314718055994531)) < 1e-10)
        let h9 = (1...9).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(digamma(10) - (h9 - gamma)) < 1e-10)
    }
}

func checkInvariants(_ r: InferenceResult, _ s: LabelSet) {
    let k = r.classCount
    #expect(r.posteriors.count == s.itemCount * k)
    #expect(r.labels.count == s.itemCount)
    #expect(r.annotatorSkill.count == s.annotatorCount)
    #expect(!r.posteriors.contains { !$0.isFinite })
    #expect(!r.annotatorSkill.contains { !$0.isFinite })
    for i in 0..<s.itemCount {
        let sum = r.posterior(ofItem: i).reduce(0, +)
        #expect(abs(sum - 1) < 1e-9)
    }
}

@Suite struct SmoothingTests {
    /// Add-one smoothing on the contrarian set: annotator 3 contradicts the truth on all 6 items
    /// (3 per class), so with smoothing s its P(says 1 | truth 0) tends to (3 + s) / (3 + 2s):
    /// 1 at s = 0, 0.8 at s = 1 — pulled toward uniform, never past it.
    @Test func smoothingShrinksConfusionTowardUniform() {
        let s = makeSet(contrarian, classes: 2)
        var ds = DawidSkene()
        let mle = ds.infer(s, gold: nil).confusion[(3 * 2 + 0) * 2 + 1]
        ds.smoothing = 1
        let map = ds.infer(s, gold: nil).confusion[(3 * 2 + 0) * 2 + 1]
        #expect(mle > 0.95)
        #expect(map < mle && map > 0.5)
        #expect(abs(map - 0.8) < 0.05)
    }
}
