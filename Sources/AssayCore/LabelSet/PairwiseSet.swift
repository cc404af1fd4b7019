// Assay — quality control for human-labelled training data.

/// A columnar set of pairwise preferences: annotators shown two objects say which is better, or
/// that they tie.
///
/// An item is one shown pair (the two objects, and whatever context the reader folds into the item
/// id, such as MT-bench's question and turn). Each item has a canonical orientation: `itemFirst` is
/// the lower object index of its two objects, `itemSecond` the higher. Each label records which of
/// the two was shown on the left (`firstOnLeft`), the outcome relative to what was shown (`outcome`:
/// left better, right better, tie), and optionally a strength and a flag the source set when the
/// judge's verdicts in both display orders disagreed.
///
/// When `positionsKnown` is false (files of `worker,winner,loser`, where the display order is lost),
/// "left" and "right" are only the order the reader was given; every model then ignores them, so
/// results do not depend on that order, and position bias is reported as unknown. Single labels can
/// be marked position-unknown too (`positionUnknown`), for example a judge's verdicts that are
/// already consolidated over both display orders beside human votes whose order is known.
///
/// Labels are sorted by item and grouped by annotator through `index` (a `LabelIndex`); every
/// per-label column here is in the index's label order. About 14 bytes a label (item, annotator, the
/// annotator grouping, side, outcome) plus 16 an item (offsets, the two objects).
public struct PairwiseSet: Sendable {
    /// An outcome relative to what was shown.
    public enum Outcome: UInt8, Sendable, CaseIterable {
        /// The object shown on the left is better.
        case left = 0
        /// The object shown on the right is better.
        case right = 1
        /// Neither is better.
        case tie = 2
    }

    /// Canonical outcome codes (relative to the item's canonical orientation), as
    /// `canonicalOutcome(_:)` returns them and posteriors are laid out.
    public static let firstBetter: UInt8 = 0
    /// The item's second object is better.
    public static let secondBetter: UInt8 = 1
    /// Neither object is better.
    public static let tie: UInt8 = 2

    /// Items, annotators, vendors and the label order: item `i` is one shown pair.
    public let index: LabelIndex
    /// External object ids; `itemFirst`, `itemSecond` index this table.
    public let objectIDs: [String]
    /// Per item: the canonical first object (the lower object index of the pair).
    public let itemFirst: [Int32]
    /// Per item: the canonical second object (the higher object index).
    public let itemSecond: [Int32]
    /// Per label: whether the item's first object was shown on the left.
    public let firstOnLeft: [Bool]
    /// Per label: the outcome relative to what was shown (`Outcome.rawValue`).
    public let outcome: [UInt8]
    /// Per label: strength of the stated preference in [0, 1] (1 = the strongest the scale allows;
    /// NaN where the row had none); empty when the input had no strength column.
    public let strength: [Float]
    /// Per label: the source marked this label as its judge's verdicts in both display orders
    /// disagreeing (MT-bench's `tie (inconsistent)`); empty when the input had no such marks.
    public let flaggedInconsistent: [Bool]
    /// Whether the display order of the labels is known (false: of none of them).
    public let positionsKnown: Bool
    /// Per label: the display order of this label is unknown although the set's is known; empty when
    /// every label follows `positionsKnown`.
    public let positionUnknown: [Bool]

    /// Whether label `l`'s display order is known.
    @inlinable public func isPositionKnown(_ l: Int) -> Bool {
        positionsKnown && (positionUnknown.isEmpty || !positionUnknown[l])
    }

    /// Number of labels (comparisons).
    public var count: Int { index.count }
    /// Number of items (shown pairs).
    public var itemCount: Int { index.itemCount }
    /// Number of annotators.
    public var annotatorCount: Int { index.annotatorCount }
    /// Number of objects.
    public var objectCount: Int { objectIDs.count }

    /// The label's outcome in the item's canonical orientation: `firstBetter`, `secondBetter` or `tie`.
    @inlinable public func canonicalOutcome(_ l: Int) -> UInt8 {
        let o = outcome[l]
        return o == Outcome.tie.rawValue || firstOnLeft[l] ? o : 1 - o
    }

    /// Object shown on the left in label `l` (the reader's first-given object when positions are
    /// unknown).
    public func leftObject(_ l: Int) -> Int32 {
        let i = Int(index.item[l])
        return firstOnLeft[l] ? itemFirst[i] : itemSecond[i]
    }

    /// Builds a set from unsorted columns of interned indices: what a reader calls.
    ///
    /// Row `r` says annotator `annotator[r]`, shown `left[r]` on the left and `right[r]` on the right
    /// as item `item[r]`, chose `outcome[r]` (`Outcome.rawValue`). `strength`, `flaggedInconsistent`,
    /// `positionUnknown` and the extras are empty or have one entry a row. Pass `item: nil` when the input has no item
    /// column: items are then the unordered object pairs (`itemsFromPairs`), and `itemIDs` is ignored.
    ///
    /// - Throws: `PairwiseSetError` naming the first offending row (0-based, in input order): an
    ///   object compared with itself, an item shown with two different pairs of objects, an outcome
    ///   that is not 0, 1 or 2, a strength outside [0, 1].
    /// - Complexity: O(n + items + annotators + objects).
    /// - Precondition: every index is within its table; columns have one entry a row.
    public init(
        objectIDs: [String], itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32],
        vendorIDs: [String], item rawItem: [Int32]?, annotator rawAnnotator: [Int32], left: [Int32],
        right: [Int32], outcome rawOutcome: [UInt8], strength rawStrength: [Float] = [],
        flaggedInconsistent rawFlags: [Bool] = [], positionsKnown: Bool,
        positionUnknown rawUnknown: [Bool] = [],
        extras: LabelExtras = LabelExtras()
    ) throws(PairwiseSetError) {
        let n = rawAnnotator.count
        precondition(left.count == n && right.count == n && rawOutcome.count == n, "columns differ in length")
        precondition(rawStrength.isEmpty || rawStrength.count == n, "strength column differs in length")
        precondition(rawFlags.isEmpty || rawFlags.count == n, "flag column differs in length")
        precondition(rawUnknown.isEmpty || rawUnknown.count == n, "position column differs in length")
        for r in 0..<n {
            if left[r] == right[r] {
                throw PairwiseSetError(
                    row: r, field: "right", value: objectIDs[Int(right[r])],
                    expected: "an object other than the left one (\(objectIDs[Int(left[r])]))")
            }
            if rawOutcome[r] > 2 {
                throw PairwiseSetError(
                    row: r, field: "outcome", value: String(rawOutcome[r]),
                    expected: "0 (left better), 1 (right better) or 2 (tie)")
            }
            if !rawStrength.isEmpty, !rawStrength[r].isNaN, !(0...1).contains(rawStrength[r]) {
                throw PairwiseSetError(
                    row: r, field: "strength", value: String(rawStrength[r]),
                    expected: "a strength in [0, 1] (the reader normalises the file's scale)")
            }
        }
        let items: [Int32]
        let ids: [String]
        if let rawItem {
            precondition(rawItem.count == n, "item column differs in length")
            items = rawItem
            ids = itemIDs
        } else {
            (items, ids) = Self.itemsFromPairs(left: left, right: right, objectIDs: objectIDs)
        }
        // Each item's canonical pair, checked against every row of it.
        var first = [Int32](repeating: -1, count: ids.count)
        var second = [Int32](repeating: -1, count: ids.count)
        for r in 0..<n {
            let i = Int(items[r])
            let lo = min(left[r], right[r])
            let hi = max(left[r], right[r])
            if first[i] < 0 {
                first[i] = lo
                second[i] = hi
            } else if first[i] != lo || second[i] != hi {
                throw PairwiseSetError(
                    row: r, field: "item", value: ids[i],
                    expected: "the objects this item was first shown with (\(objectIDs[Int(first[i])]), "
                        + "\(objectIDs[Int(second[i])])), not (\(objectIDs[Int(lo)]), \(objectIDs[Int(hi)]))")
            }
        }
        let (index, order) = LabelIndex.build(
            itemIDs: ids, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor, vendorIDs: vendorIDs,
            item: items, annotator: rawAnnotator, extras: extras)
        var onLeft = [Bool](repeating: true, count: n)
        var shown = [UInt8](repeating: 0, count: n)
        order.withUnsafeBufferPointer { ord in
            for l in 0..<n {
                let r = Int(ord[l])
                onLeft[l] = left[r] < right[r]
                shown[l] = rawOutcome[r]
            }
        }
        self.index = index
        self.objectIDs = objectIDs
        // Items never used by a row keep no pair; give them a harmless one so that every index is valid.
        self.itemFirst = first.map { max($0, 0) }
        self.itemSecond = second.map { max($0, 0) }
        self.firstOnLeft = onLeft
        self.outcome = shown
        self.strength = rawStrength.isEmpty ? [] : LabelIndex.permute(rawStrength, by: order)
        self.flaggedInconsistent = rawFlags.isEmpty ? [] : LabelIndex.permute(rawFlags, by: order)
        self.positionsKnown = positionsKnown
        self.positionUnknown =
            positionsKnown && rawUnknown.contains(true) ? LabelIndex.permute(rawUnknown, by: order) : []
    }

    /// Items for input without an item column: one item per unordered object pair, numbered in
    /// order of (lower object, higher object), with ids `first|second` (the objects' ids).
    /// - Complexity: O(n + objects) (two stable counting sorts).
    public static func itemsFromPairs(left: [Int32], right: [Int32], objectIDs: [String]) -> (
        item: [Int32], itemIDs: [String]
    ) {
        let n = left.count
        let m = objectIDs.count
        // Rows sorted by (lower, higher) object: a counting sort by the higher, then a stable one
        // by the lower.
        func countingSort(_ rows: [Int32], key: (Int) -> Int) -> [Int32] {
            var start = [Int](repeating: 0, count: m + 1)
            for r in rows { start[key(Int(r)) + 1] += 1 }
            for o in 0..<m { start[o + 1] += start[o] }
            var out = [Int32](repeating: 0, count: rows.count)
            for r in rows {
                let k = key(Int(r))
                out[start[k]] = r
                start[k] += 1
            }
            return out
        }
        let byHigh = countingSort(Array(0..<Int32(n))) { Int(max(left[$0], right[$0])) }
        let sorted = countingSort(byHigh) { Int(min(left[$0], right[$0])) }
        var item = [Int32](repeating: 0, count: n)
        var ids: [String] = []
        var last: (Int32, Int32) = (-1, -1)
        for r in sorted {
            let r = Int(r)
            let pair = (min(left[r], right[r]), max(left[r], right[r]))
            if pair != last {
                ids.append(objectIDs[Int(pair.0)] + "|" + objectIDs[Int(pair.1)])
                last = pair
            }
            item[r] = Int32(ids.count - 1)
        }
        return (item, ids)
    }
}

/// A row a `PairwiseSet` cannot hold, named so that a reader can point at the file and line.
public struct PairwiseSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending row, 0-based in the order the columns were given.
    public var row: Int
    /// The field that is wrong.
    public var field: String
    /// Its value.
    public var value: String
    /// What was expected instead.
    public var expected: String

    /// `row R, field F: value "V"; expected E`.
    public var description: String { "row \(row), field \(field): value \"\(value)\"; expected \(expected)" }
}
