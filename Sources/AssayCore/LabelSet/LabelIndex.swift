// Assay — quality control for human-labelled training data.

/// The shape every typed label set shares: who labelled which item, sorted by item and grouped by
/// annotator, with the id tables and the optional per-label columns.
///
/// Categorical labels live in `LabelSet` (whose hot paths pack the class into the sort); the other
/// project types (pairwise comparisons, ratings, label sets, texts) keep their value columns beside
/// a `LabelIndex` and permute them with the `order` it is built with, so that label `l` of the index
/// and entry `l` of every value column describe the same label.
public struct LabelIndex: Sendable {
    /// External item ids; `item[l]` indexes this table.
    public let itemIDs: [String]
    /// External annotator ids (unique within their vendor); `annotator[l]` indexes this table.
    public let annotatorIDs: [String]
    /// The vendor index of each annotator (parallel to `annotatorIDs`).
    public let annotatorVendor: [Int32]
    /// Vendor names; index 0 is the empty name when the input had no vendor column.
    public let vendorIDs: [String]
    /// Item index of each label, non-decreasing.
    public let item: [Int32]
    /// Annotator index of each label.
    public let annotator: [Int32]
    /// `itemOffsets[i] ..< itemOffsets[i + 1]` are the labels of item `i`; `itemIDs.count + 1` entries.
    public let itemOffsets: [Int]
    /// Label indices grouped by annotator (in item order within an annotator).
    public let byAnnotator: [Int32]
    /// `byAnnotator[annotatorOffsets[a] ..< annotatorOffsets[a + 1]]` are annotator `a`'s labels.
    public let annotatorOffsets: [Int]
    /// Optional per-label columns (NaN where a row had no value), parallel to `item`.
    public let extras: LabelExtras
    /// Number of labels whose (item, annotator) pair occurred earlier in the set.
    public let repeatedPairs: Int

    /// Number of labels.
    public var count: Int { item.count }
    /// Number of items.
    public var itemCount: Int { itemIDs.count }
    /// Number of annotators.
    public var annotatorCount: Int { annotatorIDs.count }

    /// Builds an index from unsorted columns of interned indices and returns, with it, the order
    /// in which the input rows now stand: row `order[l]` of the input is label `l` of the index.
    /// Value columns are brought into the index's order with `LabelIndex.permute(_:by:)`.
    ///
    /// The sort is stable: rows of one item keep their input order.
    /// - Complexity: O(n + items + annotators) time and about 12 bytes a label of scratch memory.
    /// - Precondition: every index is within its table; `annotatorVendor` is parallel to `annotatorIDs`.
    public static func build(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        item rawItem: [Int32], annotator rawAnnotator: [Int32], extras rawExtras: LabelExtras = LabelExtras()
    ) -> (index: LabelIndex, order: [Int32]) {
        let n = rawItem.count
        precondition(n == rawAnnotator.count, "label columns differ in length")
        precondition(annotatorVendor.count == annotatorIDs.count)
        precondition(n < Int(Int32.max), "more than 2^31 labels")
        let sorted = LabelSet.sortByItem(
            item: rawItem, annotator: rawAnnotator, value: [Int32](repeating: 0, count: n),
            items: itemIDs.count, annotators: annotatorIDs.count, classes: 1, keepOrder: true)
        let grouping = LabelSet.groupByAnnotator(sorted.annotator, annotators: annotatorIDs.count)
        let index = LabelIndex(
            itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
            vendorIDs: vendorIDs, item: sorted.item, annotator: sorted.annotator, itemOffsets: sorted.offsets,
            byAnnotator: grouping.labels, annotatorOffsets: grouping.offsets,
            extras: rawExtras.isEmpty ? LabelExtras() : rawExtras.permuted(by: sorted.order),
            repeatedPairs: LabelSet.countRepeatedPairs(
                itemOffsets: sorted.offsets, annotator: sorted.annotator, annotators: annotatorIDs.count))
        // `sorted.order` scatters (input row -> position); callers gather (position -> input row).
        var gather = [Int32](repeating: 0, count: n)
        for (row, position) in sorted.order.enumerated() { gather[Int(position)] = Int32(row) }
        return (index, gather)
    }

    private init(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        item: [Int32], annotator: [Int32], itemOffsets: [Int], byAnnotator: [Int32], annotatorOffsets: [Int],
        extras: LabelExtras, repeatedPairs: Int
    ) {
        self.itemIDs = itemIDs
        self.annotatorIDs = annotatorIDs
        self.annotatorVendor = annotatorVendor
        self.vendorIDs = vendorIDs
        self.item = item
        self.annotator = annotator
        self.itemOffsets = itemOffsets
        self.byAnnotator = byAnnotator
        self.annotatorOffsets = annotatorOffsets
        self.extras = extras
        self.repeatedPairs = repeatedPairs
    }

    /// Labels of item `i` as a range into the label columns.
    @inlinable public func labels(ofItem i: Int) -> Range<Int> { itemOffsets[i]..<itemOffsets[i + 1] }

    /// Label indices of annotator `a`.
    public func labels(ofAnnotator a: Int) -> ArraySlice<Int32> {
        byAnnotator[annotatorOffsets[a]..<annotatorOffsets[a + 1]]
    }

    /// A value column brought into the index's label order: entry `l` of the result is
    /// `column[order[l]]`, where `order` is what `build` returned.
    /// - Complexity: O(n).
    public static func permute<T>(_ column: [T], by order: [Int32]) -> [T] where T: BitwiseCopyable {
        precondition(column.count == order.count, "column length differs from the index")
        return [T](unsafeUninitializedCapacity: column.count) { buffer, initialized in
            column.withUnsafeBufferPointer { src in
                order.withUnsafeBufferPointer { ord in
                    for l in 0..<src.count { buffer[l] = src[Int(ord[l])] }
                }
            }
            initialized = column.count
        }
    }

    /// A value column of non-trivial elements (for example strings) in the index's label order.
    /// - Complexity: O(n).
    public static func permute<T>(_ column: [T], by order: [Int32]) -> [T] {
        precondition(column.count == order.count, "column length differs from the index")
        return order.map { column[Int($0)] }
    }
}
