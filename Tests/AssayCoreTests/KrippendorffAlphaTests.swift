// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers ×
/// 12 units with missing values (0 = missing). The paper prints α nominal 0.743, ordinal 0.815,
/// interval 0.849, ratio 0.797.
let krippendorffExample: [[Int]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
    [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
]

func exampleSet() -> LabelSet {
    var rows: [(Int, Int, Int)] = []
    for (observer, values) in krippendorffExample.enumerated() {
        for (unit, v) in values.enumerated() where v > 0 { rows.append((unit, observer, v - 1)) }
    }
    return makeSet(rows, classes: 5)
}

@Suite struct KrippendorffAlphaTests {
    @Test(arguments: [
        (MeasurementLevel.nominal, 0.743), (.ordinal, 0.815), (.interval, 0.849), (.ratio, 0.797),
    ])
    func workedExample(level: MeasurementLevel, printed: Double) {
        let r = KrippendorffAlpha.compute(exampleSet(), level: level, numericValues: [1, 2, 3, 4, 5])
        let value = r.value ?? .nan
        #expect(abs(value - printed) < 0.0005, "\(level): \(value)")
        #expect(r.pairableItems == 11)  // unit 12 has a single value
    }

    @Test func perfectAgreementIsOne() {
        let s = makeSet([(0, 0, 0), (0, 1, 0), (1, 0, 1), (1, 1, 1)], classes: 2)
        #expect(KrippendorffAlpha.compute(s, level: .nominal).value == 1)
    }

    @Test func allSameCategoryIsUndefined() {
        let s = makeSet([(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)], classes: 2)
        let r = KrippendorffAlpha.compute(s, level: .nominal)
        #expect(r.value == nil)
        #expect(r.undefinedReason?.contains("same") == true)
    }

    @Test func singleValuedItemsAreNotPairable() {
        let s = makeSet([(0, 0, 0), (1, 0, 1), (1, 1, 1), (2, 0, 0), (2, 1, 0)], classes: 2)
        let r = KrippendorffAlpha.compute(s, level: .nominal)
        #expect(r.pairableItems == 2)
        #expect(r.value == 1)
    }
}

@Suite struct CoefficientTests {
    /// Two annotators on 10 items, hand computation: joint counts (a, b) =
    /// (0,0)×4, (1,1)×3, (0,1)×2, (1,0)×1. p_o = 0.7; marginals a = (0.6, 0.4), b = (0.5, 0.5);
    /// p_e = 0.6·0.5 + 0.4·0.5 = 0.5; κ = 0.2 / 0.5 = 0.4. Scott's π: pooled shares (0.55, 0.45),
    /// p_e = 0.505, π = 0.195 / 0.495 = 0.393939…; Gwet's AC1: p_e = 2·0.55·0.45 / 1 = 0.495,
    /// AC1 = 0.205 / 0.505 = 0.405940…; Brennan–Prediger: p_e = 0.5, 0.4.
    static let twoRaters: LabelSet = {
        let pairs = [(0, 0), (0, 0), (0, 0), (0, 0), (1, 1), (1, 1), (1, 1), (0, 1), (0, 1), (1, 0)]
        var rows: [(Int, Int, Int)] = []
        for (i, (a, b)) in pairs.enumerated() { rows += [(i, 0, a), (i, 1, b)] }
        return makeSet(rows, classes: 2)
    }()

    @Test func handComputedTwoRaterCoefficients() {
        let s = Self.twoRaters
        func v(_ m: String) -> Double { Agreement.estimate(s, metric: m, level: .nominal).value ?? .nan }
        #expect(abs(v("cohen") - 0.4) < 1e-12)
        #expect(abs(v("scott") - 0.195 / 0.495) < 1e-12)
        #expect(abs(v("fleiss") - 0.195 / 0.495) < 1e-12)
        #expect(abs(v("ac1") - 0.205 / 0.505) < 1e-12)
        #expect(abs(v("bp") - 0.4) < 1e-12)
        #expect(abs(v("percent") - 0.7) < 1e-12)
    }

    @Test func weightedCohenOnThreeOrderedClasses() {
        // Pairs (0,1), (1,2), (2,2), (0,0): linear weights 1 − |i−j|/2.
        // p_o = (0.5 + 0.5 + 1 + 1)/4 = 0.75; marginals a = (.5, .25, .25), b = (.25, .25, .5);
        // p_e = Σ w_ij a_i b_j = .5·(.25 + .125 + 0) + .25·(.125 + .25 + .25) + .25·(0 + .125 + .5) = 0.5
        // → κ_w = 0.25 / 0.5 = 0.5 (unweighted: p_o = 0.5, p_e = .125 + .0625 + .125, κ = 0.2727…).
        let s = makeSet(
            [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 2), (2, 0, 2), (2, 1, 2), (3, 0, 0), (3, 1, 0)],
            classes: 3)
        let r = Agreement.estimate(s, metric: "cohen", level: .ordinal)
        #expect(abs((r.value ?? .nan) - 0.5) < 1e-12)
        let plain = Agreement.estimate(s, metric: "cohen", level: .nominal)
        #expect(abs((plain.value ?? .nan) - 0.1875 / 0.6875) < 1e-12)
    }

    /// `rows` repeated `times` times on fresh items.
    static func repeated(_ rows: [(Int, Int, Int)], items: Int, times: Int) -> [(Int, Int, Int)] {
        (0..<times).flatMap { t in rows.map { ($0.0 + t * items, $0.1, $0.2) } }
    }

    @Test func bootstrapIntervalBracketsTheValueAndIsSeeded() {
        // The worked example three times over: 33 pairable items (≥ Bootstrap.minimumUnits).
        var rows: [(Int, Int, Int)] = []
        for (observer, values) in krippendorffExample.enumerated() {
            for (unit, v) in values.enumerated() where v > 0 { rows.append((unit, observer, v - 1)) }
        }
        let s = makeSet(Self.repeated(rows, items: 12, times: 3), classes: 5)
        let a = Agreement.estimate(s, metric: "alpha", level: .nominal, bootstrap: 300, seed: 9)
        let b = Agreement.estimate(s, metric: "alpha", level: .nominal, bootstrap: 300, seed: 9)
        #expect(a.items == 33 && a.intervalReason == nil)
        #expect(a.ciLow == b.ciLow && a.ciHigh == b.ciHigh)
        #expect(a.ciLow! <= a.value! && a.value! <= a.ciHigh! && a.ciLow! < a.ciHigh!)
        // The two raters' 10 pairs four times over: the same proportions, so κ is still 0.4.
        let pairs = [(0, 0), (0, 0), (0, 0), (0, 0), (1, 1), (1, 1), (1, 1), (0, 1), (0, 1), (1, 0)]
        let twoRaters = pairs.enumerated().flatMap { i, p in [(i, 0, p.0), (i, 1, p.1)] }
        let forty = makeSet(Self.repeated(twoRaters, items: 10, times: 4), classes: 2)
        let c = Agreement.estimate(forty, metric: "cohen", level: .nominal, bootstrap: 300, seed: 9)
        #expect(abs(c.value! - 0.4) < 1e-12)
        #expect(c.ciLow != nil && c.ciLow! < 0.4 && c.ciHigh! > 0.4)
    }

    /// Fewer items than `Bootstrap.minimumUnits` carry a value but no interval, and say why.
    @Test func noIntervalFromTooFewItems() {
        let example = Agreement.estimate(
            exampleSet(), metric: "alpha", level: .nominal, bootstrap: 300, seed: 9)
        #expect(example.value != nil && example.ciLow == nil && example.ciHigh == nil)
        #expect(example.intervalReason == "too few items (11)")
        let cohen = Agreement.estimate(Self.twoRaters, metric: "cohen", level: .nominal, bootstrap: 300)
        #expect(cohen.value != nil && cohen.ciLow == nil && cohen.intervalReason == "too few items (10)")
        // No interval asked for: no reason either.
        #expect(Agreement.estimate(exampleSet(), metric: "alpha", level: .nominal).intervalReason == nil)
    }

    @Test func versusOthersComparesWithTheMajority() {
        // Annotator 0 labels items 0–2 with 0, 1, 0; the others' majorities there are 0, 0 (a 1–1
        // tie goes to the lower class) and 1: agreement on 1 item of 3.
        let s = makeSet(
            [
                (0, 0, 0), (0, 1, 0), (0, 2, 0), (1, 0, 1), (1, 1, 1), (1, 2, 0), (2, 0, 0), (2, 1, 1),
                (2, 2, 1), (3, 1, 0),
            ],
            classes: 2)
        let v = s.versusOthers(0)
        #expect(v.annotatorCount == 2 && v.itemCount == s.itemCount)
        #expect(Array(v.value) == [0, 0, 1, 0, 0, 1])
        #expect(abs((Agreement.estimate(v, metric: "percent", level: .nominal).value ?? 0) - 1.0 / 3) < 1e-12)
    }
}
