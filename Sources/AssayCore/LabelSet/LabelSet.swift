// Assay — quality control for human-labelled training data.

import Dispatch

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
        precondition(n < Int(Int32.max), "more than 2^31 labels")
        let nItems = itemIDs.count
        let hasExtras = !rawExtras.isEmpty
        let sorted = Self.sortByItem(
            item: rawItem, annotator: rawAnnotator, value: rawValue, items: nItems,
            annotators: annotatorIDs.count,
            classes: classes.count, keepOrder: hasExtras)
        let offsets = sorted.offsets
        let sortedAnnotator = sorted.annotator
        let sortedValue = sorted.value
        let sortedExtras = hasExtras ? rawExtras.permuted(by: sorted.order) : LabelExtras()
        let sortedItem = sorted.item

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

    /// Label rows split in two halves (one when small), each sorted on its own core.
    static func halves(_ n: Int) -> [Range<Int>] {
        n >= 1 << 16 ? [0..<n / 2, n / 2..<n] : [0..<n]
    }

    /// Stable sort of the label columns by item: (item, row) pairs are scattered by the item's
    /// high bits into at most a few thousand runs, each run is sorted by the low 11 bits in a small
    /// buffer that stays in cache (a plain counting sort over millions of items misses the cache on
    /// every label), then the other columns are gathered by row, one column per core. When no label
    /// order is kept and annotator and class fit in 32 bits together, the pairs carry those two
    /// instead of the row and no gather is needed.
    /// - Complexity: O(n + items) time; 8 bytes a label of scratch memory. The item column is
    ///   released as soon as the pairs hold it.
    static func sortByItem(
        item consumedItem: consuming [Int32], annotator consumedAnnotator: consuming [Int32],
        value consumedValue: consuming [Int32], items: Int, annotators: Int, classes: Int, keepOrder: Bool
    ) -> (item: [Int32], annotator: [Int32], value: [Int32], offsets: [Int], order: [Int32]) {
        var item = consume consumedItem
        var annotator = consume consumedAnnotator
        var value = consume consumedValue
        let n = item.count
        // When the label order is not needed and annotator and class fit in 32 bits together, the
        // pairs carry them instead of the row, and the sorted columns are unpacked in one sequential
        // pass instead of gathered by row (two reads a label at random places).
        var bitsForClasses = 0
        while (1 << bitsForClasses) < classes { bitsForClasses += 1 }
        let valueBits = bitsForClasses
        let packed = !keepOrder && annotators <= (1 << (32 - valueBits))
        let valueMask = UInt64((1 << valueBits) - 1)
        var bits = 0
        while (1 << bits) < items { bits += 1 }
        let lowBits = min(bits, 11)
        let highBits = bits - lowBits
        let parts = halves(n)
        let partCount = parts.count
        let keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
            let to = SharedPointer(base: buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
            // Pass 1: stable scatter by the high bits (one run when there are none).
            let runs = 1 << highBits
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: runs * partCount)
            counts.initialize(repeating: 0, count: runs * partCount)
            defer { counts.deallocate() }
            let next = SharedPointer(base: counts)
            item.withUnsafeBufferPointer { it in
                let from = SharedConstBuffer(base: it.baseAddress)
                runParts(partCount) { h in
                    let c = next.base + h * runs
                    for l in parts[h] { c[Int(from.base![l]) >> lowBits] += 1 }
                }
                var start = 0
                for r in 0..<runs {
                    for h in 0..<partCount {
                        let c = counts[h * runs + r]
                        counts[h * runs + r] = start
                        start += c
                    }
                }
                annotator.withUnsafeBufferPointer { an in
                    value.withUnsafeBufferPointer { va in
                        let payload = SharedConstBuffer(base: packed ? an.baseAddress : nil)
                        let classOf = SharedConstBuffer(base: packed ? va.baseAddress : nil)
                        runParts(partCount) { h in
                            let c = next.base + h * runs
                            for l in parts[h] {
                                let i = from.base![l]
                                let r = Int(i) >> lowBits
                                let low =
                                    packed
                                    ? UInt64(UInt32(bitPattern: payload.base![l])) << valueBits
                                        | UInt64(UInt32(bitPattern: classOf.base![l])) : UInt64(l)
                                to.base[c[r]] = UInt64(UInt32(bitPattern: i)) << 32 | low
                                c[r] += 1
                            }
                        }
                    }
                }
            }
            initialized = n
            // Run r now ends at counts[(partCount - 1) * runs + r]; pass 2 sorts each run by the
            // low bits, half of the runs on each core.
            var ends = [Int](repeating: 0, count: runs)
            for r in 0..<runs { ends[r] = counts[(partCount - 1) * runs + r] }
            let bounds = ends
            let radix = 1 << lowBits
            let mask = UInt64(radix - 1)
            runParts(runs >= 2 && n >= 1 << 16 ? 2 : 1) { h in
                let split = runs / 2
                let mine = runs >= 2 && n >= 1 << 16 ? (h == 0 ? 0..<split : split..<runs) : 0..<runs
                var scratch: [UInt64] = []
                var slot = [Int](repeating: 0, count: radix)
                for r in mine {
                    let lo = r == 0 ? 0 : bounds[r - 1]
                    let hi = bounds[r]
                    if hi - lo < 2 { continue }
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: UnsafeBufferPointer(start: to.base + lo, count: hi - lo))
                    for d in 0..<radix { slot[d] = 0 }
                    for key in scratch { slot[Int((key >> 32) & mask)] += 1 }
                    var start = lo
                    for d in 0..<radix {
                        let c = slot[d]
                        slot[d] = start
                        start += c
                    }
                    for key in scratch {
                        let d = Int((key >> 32) & mask)
                        to.base[slot[d]] = key
                        slot[d] += 1
                    }
                }
            }
        }
        item = []
        if packed {
            annotator = []
            value = []
        }
        var offsets = [Int](repeating: 0, count: items + 1)
        var sortedItem = [Int32](repeating: 0, count: n)
        var sortedAnnotator = [Int32](repeating: 0, count: n)
        var sortedValue = [Int32](repeating: 0, count: n)
        keys.withUnsafeBufferPointer { k in
            sortedItem.withUnsafeMutableBufferPointer { out in
                sortedAnnotator.withUnsafeMutableBufferPointer { sa in
                    sortedValue.withUnsafeMutableBufferPointer { sv in
                        var i = 0
                        for l in 0..<n {
                            let key = k[l]
                            let it = Int(key >> 32)
                            out[l] = Int32(it)
                            if packed {
                                sa[l] = Int32(truncatingIfNeeded: (key & 0xFFFF_FFFF) >> valueBits)
                                sv[l] = Int32(truncatingIfNeeded: key & valueMask)
                            }
                            while i < it {
                                i += 1
                                offsets[i] = l
                            }
                        }
                        while i < items {
                            i += 1
                            offsets[i] = n
                        }
                    }
                }
            }
        }
        if packed { return (sortedItem, sortedAnnotator, sortedValue, offsets, []) }
        var order = keepOrder ? [Int32](repeating: 0, count: n) : []
        keys.withUnsafeBufferPointer { k in
            annotator.withUnsafeBufferPointer { an in
                value.withUnsafeBufferPointer { va in
                    sortedAnnotator.withUnsafeMutableBufferPointer { sa in
                        sortedValue.withUnsafeMutableBufferPointer { sv in
                            order.withUnsafeMutableBufferPointer { ord in
                                let rows = SharedConstBuffer(base: k.baseAddress)
                                let columns = [
                                    (
                                        SharedConstBuffer(base: an.baseAddress),
                                        SharedPointer(
                                            base: sa.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                                    ),
                                    (
                                        SharedConstBuffer(base: va.baseAddress),
                                        SharedPointer(
                                            base: sv.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                                    ),
                                ]
                                let inverse = SharedPointer(
                                    base: ord.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                                runParts(n >= 1 << 16 ? 2 : 1) { c in
                                    for column in (n >= 1 << 16 ? c...c : 0...1) {
                                        let (source, target) = columns[column]
                                        for l in 0..<n {
                                            target.base[l] =
                                                source.base![Int(UInt32(truncatingIfNeeded: rows.base![l]))]
                                        }
                                    }
                                    if keepOrder && c == 0 {
                                        for l in 0..<n {
                                            inverse.base[Int(UInt32(truncatingIfNeeded: rows.base![l]))] =
                                                Int32(l)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (sortedItem, sortedAnnotator, sortedValue, offsets, order)
    }

    /// Runs `body(part)` for `count` parts, concurrently when there are two or more.
    static func runParts(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }

    static func countRepeatedPairs(itemOffsets: [Int], annotator: [Int32], annotators: Int)
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
