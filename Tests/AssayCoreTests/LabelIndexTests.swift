// Assay — quality control for human-labelled training data.

import AssayCore
import Testing

@Suite struct LabelIndexTests {
    /// Rows given out of item order come back sorted by item, stable within an item, with the value
    /// column following its rows through `order` and the annotator grouping pointing at them.
    @Test func sortsStablyAndCarriesValueColumns() {
        // Rows: (item, annotator, value): the value names the row so that its place can be checked.
        let item: [Int32] = [2, 0, 1, 0, 2, 1, 0]
        let annotator: [Int32] = [0, 1, 0, 0, 1, 1, 2]
        let value = ["r0", "r1", "r2", "r3", "r4", "r5", "r6"]
        let (index, order) = LabelIndex.build(
            itemIDs: ["a", "b", "c"], annotatorIDs: ["x", "y", "z"], annotatorVendor: [0, 0, 0],
            vendorIDs: [""], item: item, annotator: annotator,
            extras: LabelExtras(durationSeconds: [0, 1, 2, 3, 4, 5, 6]))
        let sortedValue = LabelIndex.permute(value, by: order)
        #expect(index.item == [0, 0, 0, 1, 1, 2, 2])
        #expect(sortedValue == ["r1", "r3", "r6", "r2", "r5", "r0", "r4"])
        #expect(index.annotator == [1, 0, 2, 0, 1, 0, 1])
        #expect(index.extras.durationSeconds == [1, 3, 6, 2, 5, 0, 4])
        #expect(LabelIndex.permute([Int32](0..<7), by: order) == [1, 3, 6, 2, 5, 0, 4])
        #expect(index.itemOffsets == [0, 3, 5, 7])
        // Annotator x (0) labelled items a, b, c: rows r3, r2, r0 in item order.
        #expect(index.labels(ofAnnotator: 0).map { sortedValue[Int($0)] } == ["r3", "r2", "r0"])
        #expect(index.labels(ofAnnotator: 2).map { sortedValue[Int($0)] } == ["r6"])
        #expect(index.repeatedPairs == 0)
    }

    /// A repeated (item, annotator) pair is counted once.
    @Test func countsRepeatedPairs() {
        let (index, _) = LabelIndex.build(
            itemIDs: ["a"], annotatorIDs: ["x"], annotatorVendor: [0], vendorIDs: [""],
            item: [0, 0, 0], annotator: [0, 0, 0])
        #expect(index.repeatedPairs == 2)
    }

    /// Large enough for the two-core sort path: every row lands after the rows of earlier items and
    /// after earlier rows of its own item.
    @Test func largeSetStaysStable() {
        var rng = SeededGenerator(seed: 11)
        let n = 150_000
        let item = (0..<n).map { _ in Int32(rng.next() % 5_000) }
        let (index, order) = LabelIndex.build(
            itemIDs: (0..<5_000).map { "i\($0)" }, annotatorIDs: ["x"], annotatorVendor: [0], vendorIDs: [""],
            item: item, annotator: [Int32](repeating: 0, count: n))
        let rows = LabelIndex.permute([Int32](0..<Int32(n)), by: order)
        for l in 1..<n {
            let (a, b) = (rows[l - 1], rows[l])
            #expect(item[Int(a)] < item[Int(b)] || (item[Int(a)] == item[Int(b)] && a < b))
            if !(item[Int(a)] < item[Int(b)] || (item[Int(a)] == item[Int(b)] && a < b)) { break }
        }
        #expect(index.item == rows.map { item[Int($0)] })
    }
}
