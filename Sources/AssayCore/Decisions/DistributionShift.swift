// Assay — quality control for human-labelled training data.

import Foundation

/// How far one distribution of labels over classes moved from a reference: the population
/// stability index and Pearson's χ² test of homogeneity of the two count vectors.
public struct DistributionShift: Sendable, Codable, Equatable {
    /// PSI = Σ (p − q) ln(p / q) over classes, shares smoothed by half a label per class (below 0.1:
    /// no shift; 0.1–0.25: moderate; above 0.25: major, by the usual reading).
    public var psi: Double
    /// Pearson's χ² statistic of the 2 × K table (classes with no label in either dropped).
    public var chiSquare: Double
    /// Its degrees of freedom (classes used − 1).
    public var degrees: Int
    /// P(χ²_df ≥ statistic); 1 with no degrees of freedom.
    public var p: Double

    /// The shift of `counts` from `reference` (labels per class in each).
    /// - Complexity: O(K).
    public static func between(_ counts: [Double], reference: [Double]) -> DistributionShift {
        let n = counts.reduce(0, +)
        let m = reference.reduce(0, +)
        let k = Double(counts.count)
        var psi = 0.0
        var chi = 0.0
        var used = 0
        for (x, y) in zip(counts, reference) {
            let p = (x + 0.5) / (n + 0.5 * k)
            let q = (y + 0.5) / (m + 0.5 * k)
            psi += (p - q) * log(p / q)
            guard x + y > 0, n > 0, m > 0 else { continue }
            used += 1
            let total = n + m
            let ex = n * (x + y) / total
            let ey = m * (x + y) / total
            chi += (x - ex) * (x - ex) / ex + (y - ey) * (y - ey) / ey
        }
        let df = max(used - 1, 0)
        let p = df > 0 ? SpecialFunctions.chiSquareTail(chi, degrees: Double(df)) : 1
        return DistributionShift(psi: psi, chiSquare: chi, degrees: df, p: p)
    }
}
