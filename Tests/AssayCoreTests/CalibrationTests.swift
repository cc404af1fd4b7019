// Assay — quality control for human-labelled training data.

import Foundation
import Testing

@testable import AssayCore

/// Nine classes a…i; three careful annotators (0–2) always give the truth. Annotator 3 is sloppy
/// between b (1) and c (2): of the six items whose truth is c it labels four b, of the six whose
/// truth is b it labels three b and three c. Item 12 has one label: annotator 3 says b. Dawid–Skene
/// reads annotator 3's b as more likely a c (4 of its 7 b's were c's) and labels item 12 c at
/// 0.57, as `ds` and `auto` (the defaults of `export` and `infer`) did before `cds`.
let sloppyNineClass: [(Int, Int, Int)] = {
    var rows: [(Int, Int, Int)] = []
    for i in 0..<12 {
        let truth = i < 6 ? 2 : 1
        for a in 0..<3 { rows.append((i, a, truth)) }
        let says = truth == 2 ? (i < 4 ? 1 : 2) : (i < 9 ? 1 : 2)
        rows.append((i, 3, says))
    }
    rows.append((12, 3, 1))
    return rows
}()

/// A simulated campaign (three vendors, one with spammers, one with constant answerers) as a label
/// set, with its truth.
func simulatedCampaign(items: Int, classes k: Int, overlap: Int, seed: UInt64) -> (LabelSet, GoldAnswers) {
    let sizes = [30, 30, 20]
    let sim = Simulation(
        vendors: [
            .init(name: "A", annotators: sizes[0], accuracy: 0.85),
            .init(name: "B", annotators: sizes[1], accuracy: 0.7, spammerShare: 0.2),
            .init(name: "C", annotators: sizes[2], accuracy: 0.6, constantShare: 0.1),
        ], items: items, classes: k, overlap: overlap, goldRate: 0, seed: seed
    ).run()
    let offset = [0, sizes[0], sizes[0] + sizes[1]]
    let n = sizes.reduce(0, +)
    let set = LabelSet(
        itemIDs: (0..<items).map { "\($0)" }, annotatorIDs: (0..<n).map { "\($0)" },
        annotatorVendor: (0..<n).map { Int32($0 < offset[1] ? 0 : $0 < offset[2] ? 1 : 2) },
        vendorIDs: ["A", "B", "C"], classes: (0..<k).map(String.init),
        item: sim.labels.map { Int32($0.item) },
        annotator: sim.labels.map { Int32(offset[$0.vendor] + $0.annotator) },
        value: sim.labels.map { Int32($0.value) })
    return (set, GoldAnswers(answer: sim.truth.map { Int32($0) }))
}

/// The same campaign with items that mislead everyone alike, by degrees: item `i` has a strength
/// `m = u⁴` (`u` uniform), and each of its labels is replaced with probability `m` by one wrong
/// class shared by the item's annotators. Most items are untouched, some split, a few are
/// labelled wrong by nearly everyone.
func misleadingCampaign(items: Int, overlap: Int = 7, power: Int = 4, seed: UInt64) -> (LabelSet, GoldAnswers)
{
    let (s, truth) = simulatedCampaign(items: items, classes: 4, overlap: overlap, seed: seed)
    var rng = SeededGenerator(seed: seed ^ 77)
    var value = s.value
    for i in 0..<s.itemCount {
        let u = rng.nextUnit()
        let strength = pow(u, Double(power))
        let wrong = (truth.answer[i] + 1 + Int32(rng.next() % 3)) % 4
        for l in s.labels(ofItem: i) where rng.nextUnit() < strength { value[l] = wrong }
    }
    let set = LabelSet(
        itemIDs: s.itemIDs, annotatorIDs: s.annotatorIDs, annotatorVendor: s.annotatorVendor,
        vendorIDs: s.vendorIDs, classes: s.classes, item: s.item, annotator: s.annotator, value: value)
    return (set, truth)
}

@Suite struct CalibrationTests {
    @Test func defaultMethodIsACalibratedMethod() throws {
        #expect(Methods.names.contains(Methods.defaultName))
        let m = try #require(Methods.make(Methods.defaultName))
        #expect(m.name == Methods.defaultName)
    }

    /// An item whose only label is b must not come out as another class with confidence > 0.5.
    @Test func singleLabelIsNotOverruledByAClassNobodyGave() throws {
        let s = makeSet(sloppyNineClass, classes: 9)
        // The defect this guards against: Dawid–Skene labels item 12 c at 0.57.
        let ds = DawidSkene().infer(s, gold: nil)
        #expect(ds.labels[12] == 2 && ds.confidence(ofItem: 12) > 0.5)
        let r = try #require(Methods.make(Methods.defaultName)).infer(s, gold: nil)
        #expect(r.labels[12] == 1 || r.confidence(ofItem: 12) <= 0.5)
        #expect(r.labels[12] == 1)
        // The careful annotators still decide the other items.
        #expect(Array(r.labels[0..<12]) == (0..<12).map { $0 < 6 ? 2 : 1 })
        checkInvariants(r, s)
    }

    /// Hand computation on one item of five classes whose labels gave classes 0, 2 and 4 (web's
    /// item 177: votes 3, 3, 1, 5, 1, 3 came out 2 at 0.84). Posterior (0.03, 0.84, 0.10, 0.02,
    /// 0.01): the best class, 1, was given by nobody, so classes 1 and 3 are multiplied by 0.1:
    /// (0.03, 0.084, 0.10, 0.002, 0.01) / 0.226 — class 2 wins at 0.10 / 0.226 = 0.4425. With
    /// (0.01, 0.95, 0.03, 0.005, 0.005) class 1 has 31.7 : 1 odds on the best given class, so it
    /// keeps the label at 0.095 / 0.1405 = 0.6762: strong evidence may still win.
    @Test func unseenClassNeedsStrongEvidence() {
        let s = makeSet([(0, 0, 2), (0, 1, 2), (0, 2, 0), (0, 3, 4), (0, 4, 0), (0, 5, 2)], classes: 5)
        var weak = [0.03, 0.84, 0.10, 0.02, 0.01]
        #expect(UnseenClassRule.apply(&weak, set: s) == 1)
        #expect(Posteriors.argmax(weak, classes: 5) == [2])
        #expect(abs(weak[2] - 0.10 / 0.226) < 1e-12)
        #expect(abs(weak.reduce(0, +) - 1) < 1e-12)
        var strong = [0.01, 0.95, 0.03, 0.005, 0.005]
        #expect(UnseenClassRule.apply(&strong, set: s) == 1)
        #expect(Posteriors.argmax(strong, classes: 5) == [1])
        #expect(abs(strong[1] - 0.095 / 0.1405) < 1e-12)
        // A gold item is left alone (its row is clamped to the answer), and so is an item whose
        // best class was given.
        var clamped = [0.03, 0.84, 0.10, 0.02, 0.01]
        #expect(UnseenClassRule.apply(&clamped, set: s, gold: GoldAnswers(answer: [1])) == 0)
        #expect(clamped == [0.03, 0.84, 0.10, 0.02, 0.01])
        var given = [0.1, 0.2, 0.6, 0.05, 0.05]
        #expect(UnseenClassRule.apply(&given, set: s) == 0)
        #expect(given == [0.1, 0.2, 0.6, 0.05, 0.05])
    }

    /// Hand computation: two classes, prior (0.5, 0.5), one annotator with P(o | t) = 0.8 when o = t.
    /// Three labels of class 0: scores differ by 3 ln 4. With ρ = 0.5 the item's temperature is
    /// 1 + 2 · 0.5 = 2, so p(0) = 1 / (1 + 4^(−1.5)) = 8/9; with ε = 0.1 it is 0.9 · 8/9 + 0.05 = 0.85.
    /// An item with one label is not tempered: p(0) = 0.8 whatever ρ.
    @Test func temperingMatchesHandComputation() {
        let s = makeSet([(0, 0, 0), (0, 0, 0), (0, 0, 0), (1, 0, 0)], classes: 2)
        let e = ItemEvidence(s, confusion: [0.8, 0.2, 0.2, 0.8], prior: [0.5, 0.5])
        #expect(abs(e.score[0] - e.score[1] - 3 * log(4.0)) < 1e-12)
        let p = e.posteriors(rho: 0.5, epsilon: 0)
        #expect(abs(p[0] - 8.0 / 9) < 1e-12)
        #expect(abs(p[2] - 0.8) < 1e-12)
        #expect(abs(e.posteriors(rho: 0.5, epsilon: 0.1)[0] - 0.85) < 1e-12)
        #expect(abs(e.posteriors(rho: 0, epsilon: 0)[0] - 64.0 / 65) < 1e-12)
    }

    /// An item whose true class no annotator gave is scored, as a wrong prediction with
    /// probability 0 (items 1 and 3 here); before, `eval` dropped it (emotion: 565 of 700 items
    /// scored). Hand computation, two classes, posteriors (0.8, 0.2), (0.6, 0.4), (0.3, 0.7),
    /// (0.95, 0.05), truth 0, unseen, 1, unseen:
    /// accuracy 2/4; log loss (−ln 0.8 − ln 1e-12 − ln 0.7 − ln 1e-12) / 4; Brier (0.08 + (0.36 +
    /// 0.16 + 1) + 0.18 + (0.9025 + 0.0025 + 1)) / 4; confidences 0.8, 0.6, 0.7, 0.95 fall in bins
    /// 12, 9, 10 and 14 of 15, one item each: ECE (|1 − 0.8| + 0.6 + |1 − 0.7| + 0.95) / 4.
    @Test func evalScoresEveryItemWithTruth() {
        let u = GoldAnswers.classNoLabelUses
        let truth = GoldAnswers(answer: [0, u, 1, u])
        #expect(truth.knownCount == 2)  // never gold
        let labels: [Int32] = [0, 0, 1, 0]
        let acc = Accuracy.score(labels, truth: truth)
        #expect(acc.scored == 4 && acc.correct == 2)
        let p = [0.8, 0.2, 0.6, 0.4, 0.3, 0.7, 0.95, 0.05]
        let c = Calibration.score(p, classes: 2, truth: truth)
        #expect(c.scored == 4)
        #expect(abs(c.logLoss - (-log(0.8) - log(0.7) - 2 * log(1e-12)) / 4) < 1e-12)
        #expect(abs(c.brier - (0.08 + 1.52 + 0.18 + 1.905) / 4) < 1e-12)
        #expect(abs(c.expectedCalibrationError - (0.2 + 0.6 + 0.3 + 0.95) / 4) < 1e-12)
        #expect(c.confident == 0)
        // Excluding an item (as gold) removes it from every figure.
        let gold = GoldAnswers(answer: [0, -1, -1, -1])
        #expect(Accuracy.score(labels, truth: truth, excluding: gold).scored == 3)
        #expect(Calibration.score(p, classes: 2, truth: truth, excluding: gold).scored == 3)
        // A gold sample never hands out an unseen class.
        #expect(Accuracy.sampleGold(from: truth, share: 0.99, seed: 1).answer.allSatisfy { $0 >= -1 })
    }

    /// Hand computation of the confident count and of ECE bins shared by several items: three
    /// items at confidence 0.995 (bin 14), two right; one at 0.5 (bin 7), right. ECE =
    /// (3 · |2/3 − 0.995| + 1 · |1 − 0.5|) / 4.
    @Test func confidentItemsAndSharedBins() {
        let p = [0.995, 0.005, 0.005, 0.995, 0.995, 0.005, 0.5, 0.5]
        let truth = GoldAnswers(answer: [0, 1, 1, 0])
        let c = Calibration.score(p, classes: 2, truth: truth)
        #expect(c.confident == 3 && c.confidentCorrect == 2)
        #expect(abs(c.expectedCalibrationError - (abs(2 - 3 * 0.995) + 0.5) / 4) < 1e-12)
    }

    /// Simulated campaigns (independent annotators, the model's own assumption): the calibrated
    /// method's ECE stays within 0.03 on 2,000 items (Dawid–Skene's own: about 0.03–0.04 there, from
    /// its over-sharp maximum-likelihood confusion matrices).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func calibratedOnASimulatedCampaign(seed: UInt64) throws {
        let (s, truth) = simulatedCampaign(items: 2_000, classes: 4, overlap: 5, seed: seed)
        let r = try #require(Methods.make(Methods.defaultName, seed: seed)).infer(s, gold: nil)
        let c = Calibration.score(r.posteriors, classes: 4, truth: truth)
        #expect(c.expectedCalibrationError < 0.03)
        #expect(r.warnings.isEmpty)
        let ds = Calibration.score(DawidSkene().infer(s, gold: nil).posteriors, classes: 4, truth: truth)
        #expect(c.expectedCalibrationError < ds.expectedCalibrationError)
    }

    /// Above its label budget the method fixes the pseudo-count and picks the correlation by
    /// leave-one-label-out likelihood under one fit: still calibrated on a simulated campaign, and
    /// the same for the same seed.
    @Test func largeSetPathIsCalibratedToo() {
        let (s, truth) = simulatedCampaign(items: 2_000, classes: 4, overlap: 5, seed: 6)
        var method = CalibratedDawidSkene(seed: 2)
        method.labelBudget = 3_000
        let r = method.infer(s, gold: nil)
        #expect(r.notes.first?.contains("leave-one-label-out") == true)
        #expect(r.notes.first?.contains("pseudo-count 1 ") == true)
        let ece = Calibration.score(r.posteriors, classes: 4, truth: truth).expectedCalibrationError
        let ds = Calibration.score(DawidSkene().infer(s, gold: nil).posteriors, classes: 4, truth: truth)
        #expect(ece < 0.035)
        #expect(ece < ds.expectedCalibrationError)
        #expect(method.infer(s, gold: nil).posteriors == r.posteriors)
        checkInvariants(r, s)
    }

    /// Items that mislead everyone alike (600 items, 20 labels each): the labels show it, so the
    /// default method warns; with 5% gold it recalibrates instead, and its ECE on the other items
    /// falls (measured 0.21 → below 0.1).
    @Test func warnsWhenAnnotatorsErrTogether() throws {
        let (s, truth) = misleadingCampaign(items: 600, overlap: 20, power: 4, seed: 1)
        let method = try #require(Methods.make(Methods.defaultName, seed: 1))
        let r = method.infer(s, gold: nil)
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.contains("gold") == true)
        let plain = Calibration.score(r.posteriors, classes: 4, truth: truth)
        let gold = Accuracy.sampleGold(from: truth, share: 0.05, seed: 1)
        let g = method.infer(s, gold: gold)
        #expect(g.warnings.isEmpty)
        #expect(g.notes.contains { $0.contains("recalibrated on") })
        let anchored = Calibration.score(g.posteriors, classes: 4, truth: truth, excluding: gold)
        #expect(anchored.expectedCalibrationError < 0.1)
        #expect(anchored.expectedCalibrationError < plain.expectedCalibrationError - 0.05)
        // The same campaign without misleading items gives no warning.
        let (clean, _) = simulatedCampaign(items: 600, classes: 4, overlap: 20, seed: 1)
        #expect(method.infer(clean, gold: nil).warnings.isEmpty)
    }

    @Test func goldRecalibrationNeedsTwoGoldItems() {
        let s = makeSet(contrarian, classes: 2)
        let one = GoldAnswers(answer: [0, -1, -1, -1, -1, -1])
        #expect(GoldRecalibration(seed: 0).fit(s, gold: one, pseudoCount: 1, around: 0) == nil)
        let two = GoldAnswers(answer: [0, 1, -1, -1, -1, -1])
        let fit = GoldRecalibration(seed: 0).fit(s, gold: two, pseudoCount: 1, around: 0)
        #expect(fit?.goldItems == 2)
    }
}
