// Assay — quality control for human-labelled training data.

/// The Benjamini–Hochberg step-up procedure (1995), which keeps the expected share of false
/// discoveries among the rejected hypotheses at most q.
public enum BenjaminiHochberg {
    /// Adjusted p-values (q-values) in the input order: p_(i) · m / i, made monotone from the
    /// largest down and capped at 1. A hypothesis is rejected at level q when its value is ≤ q.
    /// - Complexity: O(m log m).
    public static func adjust(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m - 1, through: 0, by: -1) {
            let j = order[rank]
            running = min(running, p[j] * Double(m) / Double(rank + 1))
            adjusted[j] = min(running, 1)
        }
        return adjusted
    }
}
