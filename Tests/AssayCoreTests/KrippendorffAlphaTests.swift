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
