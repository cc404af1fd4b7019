// Assay — quality control for human-labelled training data.

extension LabelSet {
    /// A seeded random share of the items with all their labels, renumbered from 0 in item order
    /// (annotators and classes keep their indices): about `maxLabels` labels, or the set itself
    /// when it holds no more than that. For choices that need many fits but not every item.
    /// - Complexity: O(labels).
    public func itemSample(maxLabels: Int, seed: UInt64) -> LabelSet {
        guard count > maxLabels, maxLabels > 0 else { return self }
        let share = Double(maxLabels) / Double(count)
        var rng = SeededGenerator(seed: seed)
        var ids: [String] = []
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        item.reserveCapacity(maxLabels + maxLabels / 8)
        annotator.reserveCapacity(maxLabels + maxLabels / 8)
        value.reserveCapacity(maxLabels + maxLabels / 8)
        for i in 0..<itemCount where rng.nextUnit() < share {
            let index = Int32(ids.count)
            ids.append(itemIDs[i])
            for l in labels(ofItem: i) {
                item.append(index)
                annotator.append(self.annotator[l])
                value.append(self.value[l])
            }
        }
        return LabelSet(
            itemIDs: ids, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor, vendorIDs: vendorIDs,
            classes: classes, item: item, annotator: annotator, value: value)
    }
}
