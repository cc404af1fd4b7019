// Assay — quality control for human-labelled training data.

/// A columnar set of categorical labels: the shape every analysis in Assay runs on.
///
/// Labels are stored as three parallel `[Int32]` columns (`item`, `annotator`, `value`) sorted by
/// item, with offsets that group them by item and a permutation that groups them by annotator.
/// Ids are interned once, at the edge: `itemIDs`, `annotatorIDs`, `vendorIDs` and `classes` map the
/// integer indices back to the strings the input held. About 16 bytes a label plus the id tables.
public struct LabelSet: Sendable {
    /// External item ids; `item[l]` indexes this table.
    public let itemIDs: [String]
    /// External annotator ids (unique within their vendor); `annotator[l]` indexes this table.
    public let annotatorIDs: [String]
    /// The vendor index of each annotator (parallel to `annotatorIDs`).
    public let annotatorVendor: [Int32]
    /// Vendor names; index 0 is the empty name when the input had no vendor column.
    public let vendorIDs: [String]
    /// Class names in their canonical order (numeric order when every class is a number).
    public let classes: [String]
    /// Item index of each label, non-decreasing.
    public let item: [Int32]
    /// Annotator index of each label.
    public let annotator: [Int32]
    /// Class index of each label.
    public let value: [Int32]
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
    /// Number of classes.
    public var classCount: Int { classes.count }

    /// Builds a label set from unsorted columns of interned indices.
    ///
    /// Sorts the labels by item with a stable counting sort (file order is kept within an item),
    /// computes both groupings and counts repeated (item, annotator) pairs.
    /// - Complexity: O(n + items + annotators) time; peak extra memory about 12 bytes a label.
    /// - Precondition: every index is within its table.
    public init(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        classes: [String], item rawItem: consuming [Int32], annotator rawAnnotator: consuming [Int32],
        value rawValue: consuming [Int32], extras rawExtras: consuming LabelExtras = LabelExtras()
    ) {
        let n = rawItem.count
        let sameLength = n == rawAnnotator.count && n == rawValue.count
        precondition(sameLength, "label columns differ in length")
        precondition(annotatorVendor.count == annotatorIDs.count)
        let nItems = itemIDs.count
        var offsets = [Int](repeating: 0, count: nItems + 1)
        for l in 0..<n { offsets[Int(rawItem[l]) + 1] += 1 }
        for i in 0..<nItems { offsets[i + 1] += offsets[i] }

        // Destination index of each label, by a stable counting sort on item.
        var order = [Int32](repeating: 0, count: n)
        do {
            var next = offsets
            for l in 0..<n {
                let i = Int(rawItem[l])
                order[l] = Int32(next[i])
                next[i] += 1
            }
        }
        let sortedAnnotator = Self.permute(rawAnnotator, order)
        rawAnnotator = []
        let sortedValue = Self.permute(rawValue, order)
        rawValue = []
        let sortedExtras = rawExtras.permuted(by: order)
        order = []
        rawItem = []
        var sortedItem = [Int32](repeating: 0, count: n)
        for i in 0..<nItems {
            for l in offsets[i]..<offsets[i + 1] { sortedItem[l] = Int32(i) }
        }

        let grouping = Self.groupByAnnotator(sortedAnnotator, annotators: annotatorIDs.count)
        self.itemIDs = itemIDs
        self.annotatorIDs = annotatorIDs
        self.annotatorVendor = annotatorVendor
        self.vendorIDs = vendorIDs
        self.classes = classes
        self.item = sortedItem
        self.annotator = sortedAnnotator
        self.value = sortedValue
        self.itemOffsets = offsets
        self.byAnnotator = grouping.labels
        self.annotatorOffsets = grouping.offsets
        self.extras = sortedExtras
        self.repeatedPairs = Self.countRepeatedPairs(
            itemOffsets: offsets, annotator: sortedAnnotator, annotators: annotatorIDs.count)
    }

    /// Labels of item `i` as a range into the label columns.
    @inlinable public func labels(ofItem i: Int) -> Range<Int> { itemOffsets[i]..<itemOffsets[i + 1] }

    /// Label indices of annotator `a`.
    public func labels(ofAnnotator a: Int) -> ArraySlice<Int32> {
        byAnnotator[annotatorOffsets[a]..<annotatorOffsets[a + 1]]
    }

    static func permute<T>(_ source: [T], _ order: [Int32]) -> [T] where T: BitwiseCopyable {
        [T](unsafeUninitializedCapacity: source.count) { buffer, initialized in
            source.withUnsafeBufferPointer { src in
                order.withUnsafeBufferPointer { ord in
                    for l in 0..<src.count { buffer[Int(ord[l])] = src[l] }
                }
            }
            initialized = source.count
        }
    }

    private static func groupByAnnotator(_ annotator: [Int32], annotators: Int) -> (
        labels: [Int32], offsets: [Int]
    ) {
        var offsets = [Int](repeating: 0, count: annotators + 1)
        for a in annotator { offsets[Int(a) + 1] += 1 }
        for a in 0..<annotators { offsets[a + 1] += offsets[a] }
        var next = offsets
        var labels = [Int32](repeating: 0, count: annotator.count)
        for l in 0..<annotator.count {
            let a = Int(annotator[l])
            labels[next[a]] = Int32(l)
            next[a] += 1
        }
        return (labels, offsets)
    }

    private static func countRepeatedPairs(itemOffsets: [Int], annotator: [Int32], annotators: Int)
        -> Int
    {
        var lastItem = [Int32](repeating: -1, count: annotators)
        var repeated = 0
        for i in 0..<(itemOffsets.count - 1) {
            for l in itemOffsets[i]..<itemOffsets[i + 1] {
                let a = Int(annotator[l])
                if lastItem[a] == Int32(i) { repeated += 1 } else { lastItem[a] = Int32(i) }
            }
        }
        return repeated
    }
}
