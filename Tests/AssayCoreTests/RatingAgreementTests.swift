// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

@Suite struct RatingAgreementTests {
    /// The same ratings as a categorical set whose classes are the distinct values (numeric order).
    static func asCategorical(_ set: RatingSet) -> (LabelSet, [Double]) {
        let distinct = Array(Set(set.value)).sorted()
        let value = set.value.map { v in Int32(distinct.firstIndex(of: v)!) }
        let labels = LabelSet(
            itemIDs: set.index.itemIDs, annotatorIDs: set.index.annotatorIDs,
            annotatorVendor: set.index.annotatorVendor, vendorIDs: set.index.vendorIDs,
            classes: distinct.map { "\($0)" }, item: set.index.item, annotator: set.index.annotator,
            value: value)
        return (labels, distinct)
    }

    @Test func matchesTheCoincidenceMatrixComputation() throws {
        // Simulated slider ratings (many distinct values, some items with one rating) and a
        // hand-made set with ties: the matrix-free α equals the categorical coincidence-matrix α.
        let sim = RatingSimulation(
            scale: try RatingScale(minimum: 0, maximum: 100, step: 1), items: 120, overlap: 3,
            raters: RatingSimulation.mix(raters: 9, severitySD: 5, noise: 10, seed: 8), truthRange: 10...90,
            seed: 8
        ).run()
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1)
        let small = RatingSet(
            ratings: [
                (0, 0, 1), (0, 1, 2), (0, 2, 2), (1, 0, 5), (1, 1, 5), (2, 0, 3), (3, 0, 4), (3, 2, 2),
            ], items: 4,
            annotators: 3, scale: scale)
        // The same ratings on a continuous scale take the sorting path of the ordinal mid-ranks.
        let continuous = RatingSet(
            index: sim.set.index, value: sim.set.value.enumerated().map { $1 + Double($0 % 7) / 10 },
            scale: try RatingScale(minimum: 0, maximum: 101))
        for set in [sim.set, small, continuous] {
            let (labels, values) = Self.asCategorical(set)
            for level in [MeasurementLevel.nominal, .ordinal, .interval] {
                let direct = try #require(KrippendorffAlpha.compute(set, level: level).value)
                let matrix = try #require(
                    KrippendorffAlpha.compute(labels, level: level, numericValues: values).value)
                #expect(abs(direct - matrix) < 1e-12, "\(level): \(direct) vs \(matrix)")
            }
        }
    }

    @Test func intervalAlphaByHand() throws {
        // Two items: (1, 3) and (2, 2, 5). n = 5, mean 13/5 = 2.6; SS = 2.56 + 0.36 + 0.36 + 0.36 +
        // 5.76 = 9.2. Item 0: m = 2, SS = 2 → 2 · 2 / 1 = 4; item 1: m = 3, mean 3, SS = 6 →
        // 3 · 6 / 2 = 9. α = 1 − 4 · 13 / (5 · 9.2) = −0.130434…
        let set = RatingSet(
            ratings: [(0, 0, 1), (0, 1, 3), (1, 0, 2), (1, 1, 2), (1, 2, 5)], items: 2, annotators: 3,
            scale: try RatingScale(minimum: 0, maximum: 10))
        let alpha = try #require(KrippendorffAlpha.compute(set, level: .interval).value)
        #expect(abs(alpha - (1 - 4.0 * 13 / (5 * 9.2))) < 1e-12)
        #expect(KrippendorffAlpha.compute(set, level: .ratio).value == nil)
        let constant = RatingSet(
            ratings: [(0, 0, 2), (0, 1, 2)], items: 1, annotators: 2,
            scale: try RatingScale(minimum: 0, maximum: 10))
        #expect(KrippendorffAlpha.compute(constant, level: .interval).value == nil)
    }
}
