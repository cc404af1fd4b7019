// Assay — quality control for human-labelled training data.

/// The sum of independent Bernoulli variables with their own probabilities: the null distribution
/// of a count of coincidences (shared wrong answers, labels made within a minute of each other)
/// over items that differ in how likely a coincidence is.
public enum PoissonBinomial {
    /// P(X ≥ `observed`) for X the sum of Bernoulli(`p[i]`): exact by dynamic programming over
    /// the distribution's first `observed` + 1 cells when there are at most `exactUpTo`
    /// probabilities, else the normal approximation with continuity correction.
    /// - Complexity: O(n × min(observed, n)) exact, O(n) otherwise.
    public static func upperTail(_ observed: Int, _ p: [Double], exactUpTo: Int = 2_000) -> Double {
        guard observed > 0 else { return 1 }
        guard observed <= p.count else { return 0 }
        if p.count <= exactUpTo {
            // P(X = j) for j < observed; the tail is what is left.
            var cells = [Double](repeating: 0, count: observed)
            cells[0] = 1
            var reach = 0
            for q in p {
                reach = min(reach + 1, observed - 1)
                var j = reach
                while j > 0 {
                    cells[j] = cells[j] * (1 - q) + cells[j - 1] * q
                    j -= 1
                }
                cells[0] *= 1 - q
            }
            let below = cells.reduce(0, +)
            return min(max(1 - below, 0), 1)
        }
        var mean = 0.0
        var variance = 0.0
        for q in p {
            mean += q
            variance += q * (1 - q)
        }
        guard variance > 0 else { return Double(observed) <= mean ? 1 : 0 }
        return SpecialFunctions.normalTail((Double(observed) - 0.5 - mean) / variance.squareRoot())
    }
}
