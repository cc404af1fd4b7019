// Assay — quality control for human-labelled training data.

/// Cross-validation folds over labels, for choices made by held-out label likelihood.
enum LabelFolds {
    /// One fold per label: an item's labels go to consecutive folds from a seeded offset (so its
    /// labels spread over different folds and every fold's training part keeps some of them);
    /// labels of items with a single label get -1 and are never held out.
    /// - Complexity: O(labels).
    static func assign(_ set: LabelSet, folds: Int, seed: UInt64) -> [Int8] {
        var rng = SeededGenerator(seed: seed)
        var fold = [Int8](repeating: -1, count: set.count)
        for i in 0..<set.itemCount {
            let r = set.labels(ofItem: i)
            guard r.count >= 2 else { continue }
            let offset = Int(rng.next() % UInt64(folds))
            for (j, l) in r.enumerated() { fold[l] = Int8((offset + j) % folds) }
        }
        return fold
    }
}
