// Assay — quality control for human-labelled training data.

extension PairwiseSet {
    /// The same comparisons with every vendor as one annotator (annotator `v` is vendor `v`, named
    /// after it): what a vendor's position bias and reliability are fitted on, so that a vendor of
    /// many judges gets one figure with one interval.
    /// - Complexity: O(labels + items + vendors).
    public func mergedByVendor() -> PairwiseSet {
        let vendors = index.vendorIDs
        let n = count
        var left = [Int32](repeating: 0, count: n)
        var right = [Int32](repeating: 0, count: n)
        var annotator = [Int32](repeating: 0, count: n)
        for l in 0..<n {
            let i = Int(index.item[l])
            left[l] = firstOnLeft[l] ? itemFirst[i] : itemSecond[i]
            right[l] = firstOnLeft[l] ? itemSecond[i] : itemFirst[i]
            annotator[l] = index.annotatorVendor[Int(index.annotator[l])]
        }
        // The columns come from a valid set: same pairs per item, outcomes and strengths in range.
        return try! PairwiseSet(
            objectIDs: objectIDs, itemIDs: index.itemIDs, annotatorIDs: vendors,
            annotatorVendor: vendors.indices.map { Int32($0) }, vendorIDs: vendors, item: index.item,
            annotator: annotator, left: left, right: right, outcome: outcome, strength: strength,
            flaggedInconsistent: flaggedInconsistent, positionsKnown: positionsKnown,
            positionUnknown: positionUnknown, extras: index.extras)
    }
}
