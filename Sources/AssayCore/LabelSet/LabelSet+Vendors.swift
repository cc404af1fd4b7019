// Assay — quality control for human-labelled training data.

extension LabelSet {
    /// The labels of each vendor as a set of its own, holding only the items, annotators and
    /// vendor that its labels use (classes are kept whole, in order). Vendors without labels are
    /// left out; the order is the vendor table's.
    /// - Complexity: O(labels + items + annotators) per vendor.
    public func splitByVendor() -> [(vendor: String, labels: LabelSet)] {
        var parts: [(vendor: String, labels: LabelSet)] = []
        for v in vendorIDs.indices {
            let annotators = (0..<annotatorCount).filter { annotatorVendor[$0] == Int32(v) }
            guard annotators.contains(where: { annotatorOffsets[$0 + 1] > annotatorOffsets[$0] }) else {
                continue
            }
            var annotatorIndex = [Int32](repeating: -1, count: annotatorCount)
            for (j, a) in annotators.enumerated() { annotatorIndex[a] = Int32(j) }
            var itemIndex = [Int32](repeating: -1, count: itemCount)
            var keptItems: [String] = []
            var item: [Int32] = []
            var annotator: [Int32] = []
            var value: [Int32] = []
            var rows: [Int] = []
            for l in 0..<count where annotatorIndex[Int(self.annotator[l])] >= 0 {
                let i = Int(self.item[l])
                if itemIndex[i] < 0 {
                    itemIndex[i] = Int32(keptItems.count)
                    keptItems.append(itemIDs[i])
                }
                item.append(itemIndex[i])
                annotator.append(annotatorIndex[Int(self.annotator[l])])
                value.append(self.value[l])
                rows.append(l)
            }
            func column(_ c: [Double]) -> [Double] { c.isEmpty ? [] : rows.map { c[$0] } }
            let part = LabelSet(
                itemIDs: keptItems, annotatorIDs: annotators.map { annotatorIDs[$0] },
                annotatorVendor: [Int32](repeating: 0, count: annotators.count), vendorIDs: [vendorIDs[v]],
                classes: classes, item: item, annotator: annotator, value: value,
                extras: LabelExtras(
                    createdAt: column(extras.createdAt), durationSeconds: column(extras.durationSeconds),
                    cost: column(extras.cost)))
            parts.append((vendorIDs[v], part))
        }
        return parts
    }
}
