// Assay — quality control for human-labelled training data.

import AssayCore

/// What a delivery's values become in its project, once checked against it: the project index of
/// each of the delivery's classes (categorical, multilabel). Built by `DeliveryImport.values(in:)`
/// before a store writes anything.
public struct DeliveryValues: Sendable {
    /// Categorical: the project class index of each class of the delivery's set.
    public let classIndex: [Int32]
    /// Multilabel: the project class index of each class of the delivery's set.
    let classMap: [Int]
    /// Multilabel: the project's words per label.
    let projectWordsPerLabel: Int

    init(classIndex: [Int32] = [], classMap: [Int] = [], projectWordsPerLabel: Int = 1) {
        self.classIndex = classIndex
        self.classMap = classMap
        self.projectWordsPerLabel = projectWordsPerLabel
    }

    /// The class bits of labels `range` of `set` over the project's classes.
    /// - Complexity: O(labels × words), plus O(labels × classes) when the set's classes are not the
    ///   project's in the project's order.
    func projectWords(of set: MultiLabelSet, _ range: Range<Int>) -> [UInt64] {
        let w = set.wordsPerLabel
        if classMap == Array(0..<classMap.count) && w == projectWordsPerLabel {
            return Array(set.words[range.lowerBound * w..<range.upperBound * w])
        }
        let pw = projectWordsPerLabel
        var out = [UInt64](repeating: 0, count: range.count * pw)
        for (k, l) in range.enumerated() {
            for c in 0..<set.classCount where set.contains(label: l, class: c) {
                let p = classMap[c]
                out[k * pw + p >> 6] |= 1 << UInt64(p & 63)
            }
        }
        return out
    }
}

extension DeliveryImport {
    /// Checks the delivery's labels against project `p` and says what their values become there.
    /// Throws `StoreError.wrongType` when the labels are of another type than the project,
    /// `StoreError.unknownClass` for a class the project does not have (categorical, multilabel:
    /// any class of the set's table), `StoreError.invalidValue` for a rating off the project's
    /// scale (naming the item, the annotator and the scale).
    /// - Complexity: O(classes × project classes), plus O(labels) for ratings.
    public func values(in p: ProjectRecord) throws -> DeliveryValues {
        func indices(_ names: [String], _ classes: [String]) throws -> [Int] {
            try names.map { c in
                guard let k = classes.firstIndex(of: c) else {
                    throw StoreError.unknownClass(c, classes: classes)
                }
                return k
            }
        }
        switch (labels, p.type) {
        case (.categorical(let set), .categorical(let classes)):
            return DeliveryValues(classIndex: try indices(set.classes, classes).map { Int32($0) })
        case (.multilabel(let set), .multilabel(let classes)):
            return DeliveryValues(
                classMap: try indices(set.classes, classes),
                projectWordsPerLabel: MultiLabelSet.wordsPerLabel(classCount: classes.count))
        case (.rating(let set), .rating(let scale)):
            for l in 0..<set.count where scale.violation(of: set.value[l]) != nil {
                throw StoreError.invalidValue(
                    GoldValue.format(set.value[l]),
                    at: "item \(set.index.itemIDs[Int(set.index.item[l])]), annotator "
                        + "\(set.index.annotatorIDs[Int(set.index.annotator[l])]) of vendor \(vendor)",
                    expected: scale.expectation)
            }
            return DeliveryValues()
        case (.pairwise, .pairwise), (.text, .text):
            return DeliveryValues()
        default:
            throw StoreError.wrongType(
                project: p.name, type: p.taskType,
                expected: "\(p.taskType) labels, got \(labels.typeName) labels")
        }
    }
}
