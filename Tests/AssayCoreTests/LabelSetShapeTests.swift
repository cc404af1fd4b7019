// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct LabelSetShapeTests {
    /// A set with `labels` labels spread over `classes` class names.
    static func set(labels: Int, classes: Int, names: (Int) -> String = { "c\($0)" }) -> LabelSet {
        LabelSet(
            itemIDs: (0..<labels).map { "i\($0)" }, annotatorIDs: ["a"], annotatorVendor: [0],
            vendorIDs: [""],
            classes: (0..<classes).map(names), item: (0..<labels).map { Int32($0) },
            annotator: [Int32](repeating: 0, count: labels), value: (0..<labels).map { Int32($0 % classes) })
    }

    @Test func categoriesPass() {
        #expect(Self.set(labels: 1000, classes: 5).notCategoricalReason() == nil)
        // 60 classes with 10 labels each is a large but real scheme.
        #expect(Self.set(labels: 600, classes: 60).notCategoricalReason() == nil)
    }

    /// crowdspeech read as categorical: 72,026 classes among 77,882 labels.
    @Test func freeTextIsRefusedAndNamed() throws {
        let reason = try #require(Self.set(labels: 2_000, classes: 1_900).notCategoricalReason())
        #expect(reason.contains("text project"))
        #expect(reason.contains("1900 distinct labels"))
    }

    @Test func numbersPointToRatings() throws {
        let reason = try #require(
            Self.set(labels: 3_000, classes: 1_500, names: { "\(Double($0) / 10)" }).notCategoricalReason())
        #expect(reason.contains("rating project"))
        // Beyond the class limit even when each class has many labels.
        #expect(Self.set(labels: 5_000, classes: 1_001).notCategoricalReason() != nil)
    }
}
