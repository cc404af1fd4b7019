// Assay — quality control for human-labelled training data.

extension LabelIndex {
    /// Contiguous item ranges balanced by label count: two from `minimumLabels` labels, else one.
    /// The split depends only on the data, never on the machine, so parallel passes that reduce
    /// their parts in range order give the same bits everywhere.
    /// - Complexity: O(log items).
    func itemChunks(minimumLabels: Int = 200_000) -> [Range<Int>] {
        let n = itemCount
        guard count >= minimumLabels, n >= 2 else { return [0..<n] }
        // First item whose start offset reaches half of the labels.
        var lo = 0
        var hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if itemOffsets[mid] < count / 2 { lo = mid + 1 } else { hi = mid }
        }
        let split = min(max(lo, 1), n - 1)
        return [0..<split, split..<n]
    }
}
