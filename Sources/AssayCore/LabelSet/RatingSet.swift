// Assay — quality control for human-labelled training data.

/// A columnar set of ratings: who rated which item with which number on a declared scale.
///
/// The shape is a `LabelIndex` (labels sorted by item, grouped by annotator, id tables) plus one
/// `[Double]` value column in the index's label order: label `l` is `index.item[l]` rated
/// `value[l]` by `index.annotator[l]`. About 20 bytes a label plus the id tables.
public struct RatingSet: Sendable {
    /// Who rated which item, sorted by item and grouped by annotator.
    public let index: LabelIndex
    /// The rating of each label, parallel to `index.item`.
    public let value: [Double]
    /// The project's declared scale.
    public let scale: RatingScale

    /// Number of labels.
    public var count: Int { index.count }
    /// Number of items.
    public var itemCount: Int { index.itemCount }
    /// Number of annotators.
    public var annotatorCount: Int { index.annotatorCount }

    /// Builds a rating set from unsorted columns of interned indices (what a reader or a store
    /// produces): rows are sorted by item (stably) and the value column follows them.
    /// - Complexity: O(n + items + annotators).
    /// - Precondition: every index is within its table, the columns have one entry per row, and
    ///   every value is finite (readers reject the others with `RatingScale.violation(of:)`).
    public init(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        scale: RatingScale, item: [Int32], annotator: [Int32], value: [Double],
        extras: LabelExtras = LabelExtras()
    ) {
        precondition(value.count == item.count, "value column differs in length from the item column")
        let (index, order) = LabelIndex.build(
            itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
            vendorIDs: vendorIDs, item: item, annotator: annotator, extras: extras)
        self.init(index: index, value: LabelIndex.permute(value, by: order), scale: scale)
    }

    /// A rating set from an index and a value column already in the index's order.
    /// - Precondition: `value.count == index.count`; every value finite.
    public init(index: LabelIndex, value: [Double], scale: RatingScale) {
        precondition(value.count == index.count, "value column differs in length from the index")
        precondition(value.allSatisfy(\.isFinite), "a rating is NaN or infinite")
        self.index = index
        self.value = value
        self.scale = scale
    }

    /// A rating set for small hand-made or simulated data: `(item, annotator, value)` triples over
    /// `items` items and `annotators` annotators, with generated ids ("i0", "a0", …) and one vendor.
    /// - Complexity: O(n + items + annotators).
    public init(
        ratings: [(item: Int, annotator: Int, value: Double)], items: Int, annotators: Int, scale: RatingScale
    ) {
        self.init(
            itemIDs: (0..<items).map { "i\($0)" }, annotatorIDs: (0..<annotators).map { "a\($0)" },
            annotatorVendor: [Int32](repeating: 0, count: annotators), vendorIDs: [""], scale: scale,
            item: ratings.map { Int32($0.item) }, annotator: ratings.map { Int32($0.annotator) },
            value: ratings.map(\.value))
    }

    /// The labels for which `keep(l)` is true, with the same id tables and scale (items and
    /// annotators keep their indices even when they lose every label).
    /// - Complexity: O(labels).
    public func subset(_ keep: (Int) -> Bool) -> RatingSet {
        var item: [Int32] = []
        var annotator: [Int32] = []
        var kept: [Double] = []
        for l in 0..<count where keep(l) {
            item.append(index.item[l])
            annotator.append(index.annotator[l])
            kept.append(value[l])
        }
        return RatingSet(
            itemIDs: index.itemIDs, annotatorIDs: index.annotatorIDs, annotatorVendor: index.annotatorVendor,
            vendorIDs: index.vendorIDs, scale: scale, item: item, annotator: annotator, value: kept)
    }

    /// The same labels with `transform(l, value)` as value (for invariance checks and rescaling).
    /// - Complexity: O(labels).
    public func mapValues(_ transform: (Int, Double) -> Double) -> RatingSet {
        RatingSet(index: index, value: (0..<count).map { transform($0, value[$0]) }, scale: scale)
    }
}
