// Assay — quality control for human-labelled training data.

public import AssayCore

/// The two objects of a pairwise item as both stores keep them (`item_pair`: the lower store id
/// first). An item is one shown pair for the project's whole life: a delivery that shows it with
/// another pair is refused.
public enum ItemPair {
    /// The store ids of item `i`'s two objects in `set`, the lower first.
    /// - Precondition: item `i` has comparisons; `objectIDs` maps the set's objects to store ids.
    public static func pair(_ set: PairwiseSet, item i: Int, objectIDs: [Int64]) -> (Int64, Int64) {
        let a = objectIDs[Int(set.itemFirst[i])]
        let b = objectIDs[Int(set.itemSecond[i])]
        return (min(a, b), max(a, b))
    }

    /// The error for item `i` of `set`, whose stored pair has the objects `stored`.
    public static func conflict(_ set: PairwiseSet, item i: Int, stored: [String]) -> StoreError {
        .invalidValue(
            "\(set.objectIDs[Int(set.itemFirst[i])]), \(set.objectIDs[Int(set.itemSecond[i])])",
            at: "objects of item \(set.index.itemIDs[i])",
            expected: "the objects this item was shown with before (\(stored.joined(separator: ", ")))")
    }
}
