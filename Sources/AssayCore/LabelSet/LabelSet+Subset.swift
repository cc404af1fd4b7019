// Assay — quality control for human-labelled training data.

extension LabelSet {
    /// The labels for which `keep(l)` is true, with the same id tables (items and annotators keep
    /// their indices, even when they lose every label).
    /// - Complexity: O(labels).
    public func subset(_ keep: (Int) -> Bool) -> LabelSet {
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        var created: [Double] = []
        var duration: [Double] = []
        var cost: [Double] = []
        for l in 0..<count where keep(l) {
            item.append(self.item[l])
            annotator.append(self.annotator[l])
            value.append(self.value[l])
            if !extras.createdAt.isEmpty { created.append(extras.createdAt[l]) }
            if !extras.durationSeconds.isEmpty { duration.append(extras.durationSeconds[l]) }
            if !extras.cost.isEmpty { cost.append(extras.cost[l]) }
        }
        return LabelSet(
            itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
            vendorIDs: vendorIDs,
            classes: classes, item: item, annotator: annotator, value: value,
            extras: LabelExtras(createdAt: created, durationSeconds: duration, cost: cost))
    }
}
