// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// Rows `(annotator, left, right, outcome)` with items the unordered pairs.
func pairRows(_ rows: [(String, String, String, PairwiseSet.Outcome)]) -> [PairwiseSet.Row] {
    rows.map { PairwiseSet.Row(annotator: $0.0, left: $0.1, right: $0.2, outcome: $0.3) }
}

@Suite struct PairwiseSetTests {
    /// Interned columns: items sorted, canonical orientation = lower object index, outcomes kept as
    /// shown and turned into the canonical frame by `canonicalOutcome`.
    @Test func buildsFromInternedColumns() throws {
        // Objects x(0), y(1), z(2). Rows in input order:
        // r0: item 1, ann 0, shown z | x, left better   -> canonical (x, z): second better
        // r1: item 0, ann 1, shown x | y, tie
        // r2: item 1, ann 1, shown x | z, right better  -> canonical second better
        // r3: item 0, ann 0, shown y | x, right better  -> canonical first better (x)
        let set = try PairwiseSet(
            objectIDs: ["x", "y", "z"], itemIDs: ["xy", "xz"], annotatorIDs: ["a", "b"],
            annotatorVendor: [0, 0],
            vendorIDs: [""], item: [1, 0, 1, 0], annotator: [0, 1, 1, 0], left: [2, 0, 0, 1],
            right: [0, 1, 2, 0],
            outcome: [0, 2, 1, 1], strength: [0.5, .nan, 1, 0], positionsKnown: true)
        #expect(set.itemFirst == [0, 0])
        #expect(set.itemSecond == [1, 2])
        #expect(set.index.item == [0, 0, 1, 1])
        // Stable within an item: r1, r3 then r0, r2.
        #expect(set.outcome == [2, 1, 0, 1])
        #expect(set.firstOnLeft == [true, false, false, true])
        #expect((0..<4).map { set.canonicalOutcome($0) } == [2, 0, 1, 1])
        #expect(
            set.strength[0].isNaN && set.strength[1] == 0 && set.strength[2] == 0.5 && set.strength[3] == 1)
        #expect((0..<4).map { set.leftObject($0) } == [0, 1, 2, 0])
        #expect(set.flaggedInconsistent.isEmpty)
    }

    /// Rows that cannot be a comparison are errors naming the row, field, value and expectation.
    @Test func rejectsBadRows() {
        func build(item: [Int32]?, left: [Int32], right: [Int32], outcome: [UInt8], strength: [Float] = [])
            -> PairwiseSetError?
        {
            do {
                _ = try PairwiseSet(
                    objectIDs: ["x", "y", "z"], itemIDs: ["i"], annotatorIDs: ["a"], annotatorVendor: [0],
                    vendorIDs: [""], item: item, annotator: [Int32](repeating: 0, count: left.count),
                    left: left,
                    right: right, outcome: outcome, strength: strength, positionsKnown: true)
                return nil
            } catch { return error }
        }
        #expect(build(item: [0, 0], left: [0, 1], right: [1, 1], outcome: [0, 0])?.row == 1)
        #expect(build(item: [0, 0], left: [0, 1], right: [1, 1], outcome: [0, 0])?.field == "right")
        let mismatch = build(item: [0, 0], left: [0, 0], right: [1, 2], outcome: [0, 0])
        #expect(mismatch?.row == 1 && mismatch?.field == "item")
        #expect(mismatch?.description.contains("(x, y)") == true)
        #expect(build(item: [0], left: [0], right: [1], outcome: [3])?.field == "outcome")
        #expect(build(item: [0], left: [0], right: [1], outcome: [0], strength: [1.5])?.field == "strength")
        #expect(build(item: [0], left: [0], right: [1], outcome: [0], strength: [.nan]) == nil)
        // Without an item column the same objects in either order are one item.
        #expect(build(item: nil, left: [0, 1], right: [1, 0], outcome: [0, 1]) == nil)
    }

    /// Items from pairs: one per unordered pair, numbered by (lower, higher) object.
    @Test func itemsFromPairs() {
        let (item, ids) = PairwiseSet.itemsFromPairs(
            left: [2, 0, 1, 0, 2], right: [0, 1, 0, 2, 1], objectIDs: ["x", "y", "z"])
        #expect(ids == ["x|y", "x|z", "y|z"])
        #expect(item == [1, 0, 0, 1, 2])
    }

    /// String rows: ids in byte order whatever the row order, vendors scoping annotators, flags kept.
    @Test func buildsFromStringRows() throws {
        let rows = [
            PairwiseSet.Row(item: "q2", annotator: "h1", vendor: "V", left: "b", right: "a", outcome: .left),
            PairwiseSet.Row(item: "q1", annotator: "h1", vendor: "W", left: "a", right: "c", outcome: .tie),
            PairwiseSet.Row(
                item: "q1", annotator: "g", vendor: "V", left: "c", right: "a", outcome: .tie,
                flaggedInconsistent: true),
        ]
        let set = try PairwiseSet(rows: rows, positionsKnown: true)
        let reversed = try PairwiseSet(rows: rows.reversed(), positionsKnown: true)
        #expect(set.objectIDs == ["a", "b", "c"])
        #expect(set.index.itemIDs == ["q1", "q2"])
        #expect(set.index.vendorIDs == ["V", "W"])
        #expect(set.index.annotatorIDs == ["g", "h1", "h1"])
        #expect(set.index.annotatorVendor == [0, 0, 1])
        #expect(set.flaggedInconsistent == [false, true, false])
        #expect(set.strength.isEmpty)
        #expect(reversed.objectIDs == set.objectIDs && reversed.index.annotatorIDs == set.index.annotatorIDs)
        // q2 shows b | a with b better: canonical (a, b), second better.
        #expect(set.canonicalOutcome(2) == PairwiseSet.secondBetter)
    }
}
