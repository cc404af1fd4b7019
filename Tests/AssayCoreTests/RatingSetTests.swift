// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

@Suite struct RatingSetTests {
    @Test func likertScaleChecksRangeAndStep() throws {
        let s = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        #expect(s.stepCount == 5)
        #expect(s.violation(of: 3) == nil)
        #expect(s.violation(of: 3.5) == .offStep)
        #expect(s.violation(of: 0) == .belowMinimum)
        #expect(s.violation(of: 6) == .aboveMaximum)
        #expect(s.violation(of: .nan) == .notFinite)
        #expect(s.stepIndex(of: 4) == 3)
        #expect(s.stepIndex(of: 4.5) == nil)
        #expect(s.nearestStep(to: 9) == 4)
        #expect(s.expectation == "a number from 1 to 5 in steps of 1")
    }

    @Test func severityAndPenaltyScales() throws {
        // convabuse's severities −3..1; an MQM penalty scale in tenths with no lower bound.
        let severity = try RatingScale(minimum: -3, maximum: 1, step: 1, level: .ordinal)
        #expect(severity.stepIndex(of: -3) == 0 && severity.stepIndex(of: 1) == 4)
        let tenths = try RatingScale(minimum: -100, maximum: 0, step: 0.1)
        #expect(tenths.violation(of: -81.4) == nil)  // not an exact binary fraction
        #expect(tenths.stepIndex(of: -81.4) == 186)
        #expect(tenths.violation(of: -81.45) == .offStep)
        let mqm = try RatingScale(minimum: -.infinity, maximum: 0)
        #expect(mqm.violation(of: -1e6) == nil && mqm.violation(of: 0.1) == .aboveMaximum)
        #expect(mqm.expectation == "a number up to 0")
        #expect(try RatingScale(minimum: 0, maximum: 100).expectation == "a number from 0 to 100")
    }

    @Test func inconsistentDeclarationsAreRejected() {
        #expect(throws: RatingScale.DeclarationError.self) { try RatingScale(minimum: 5, maximum: 1) }
        #expect(throws: RatingScale.DeclarationError.self) {
            try RatingScale(minimum: 1, maximum: 5, step: 0)
        }
        #expect(throws: RatingScale.DeclarationError.self) {
            try RatingScale(minimum: 1, maximum: 5, step: 3)
        }
        #expect(throws: RatingScale.DeclarationError.self) {
            try RatingScale(minimum: -.infinity, maximum: 0, step: 1)
        }
    }

    @Test func valuesFollowTheirRowsThroughTheSort() throws {
        let scale = try RatingScale(minimum: 0, maximum: 10)
        // Rows out of item order; each value must stay with its (item, annotator).
        let set = RatingSet(
            ratings: [(2, 0, 7.5), (0, 1, 1), (1, 0, 3), (0, 0, 2), (2, 1, 9)], items: 3, annotators: 2,
            scale: scale)
        #expect(set.index.item == [0, 0, 1, 2, 2])
        #expect(set.index.annotator == [1, 0, 0, 0, 1])
        #expect(set.value == [1, 2, 3, 7.5, 9])
        let kept = set.subset { set.value[$0] > 2 }
        #expect(kept.value == [3, 7.5, 9] && kept.itemCount == 3)
    }
}
