// Assay — quality control for human-labelled training data.

import AssayCore

/// The labels of one vendor as a set of its own type, with the same id tables (items and
/// annotators of other vendors keep their indices and have no labels): what within-vendor
/// agreement is computed on.
enum VendorSubsets {
    /// Vendors that gave at least one label, in the vendor table's order.
    /// - Complexity: O(annotators).
    static func vendors(_ index: LabelIndex) -> [Int] {
        var has = [Bool](repeating: false, count: index.vendorIDs.count)
        for a in 0..<index.annotatorCount where index.annotatorOffsets[a + 1] > index.annotatorOffsets[a] {
            has[Int(index.annotatorVendor[a])] = true
        }
        return has.indices.filter { has[$0] }
    }

    /// Per annotator: whether it belongs to vendor `v`.
    static func mask(_ index: LabelIndex, vendor v: Int) -> [Bool] {
        (0..<index.annotatorCount).map { Int(index.annotatorVendor[$0]) == v }
    }

    /// Vendor `v`'s ratings.
    /// - Complexity: O(labels).
    static func ratings(_ set: RatingSet, vendor v: Int) -> RatingSet {
        let idx = set.index
        return set.subset { Int(idx.annotatorVendor[Int(idx.annotator[$0])]) == v }
    }

    /// Vendor `v`'s answers (tokenised again).
    /// - Complexity: O(labels + answer bytes).
    static func texts(_ set: TextSet, vendor v: Int) -> TextSet {
        let idx = set.index
        let kept = (0..<set.count).filter { Int(idx.annotatorVendor[Int(idx.annotator[$0])]) == v }
        return TextSet.build(
            itemIDs: idx.itemIDs, annotatorIDs: idx.annotatorIDs, annotatorVendor: idx.annotatorVendor,
            vendorIDs: idx.vendorIDs, item: kept.map { idx.item[$0] },
            annotator: kept.map { idx.annotator[$0] },
            answers: kept.map { set.answers[$0] })
    }

    /// Vendor `v`'s label sets.
    /// - Complexity: O(labels × words per label).
    static func multiLabels(_ set: MultiLabelSet, vendor v: Int) -> MultiLabelSet {
        let idx = set.index
        let w = set.wordsPerLabel
        let kept = (0..<set.count).filter { Int(idx.annotatorVendor[Int(idx.annotator[$0])]) == v }
        return MultiLabelSet(
            itemIDs: idx.itemIDs, annotatorIDs: idx.annotatorIDs, annotatorVendor: idx.annotatorVendor,
            vendorIDs: idx.vendorIDs, classes: set.classes, item: kept.map { idx.item[$0] },
            annotator: kept.map { idx.annotator[$0] },
            words: kept.flatMap { set.words[($0 * w)..<($0 * w + w)] })
    }
}
