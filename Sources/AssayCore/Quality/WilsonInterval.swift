// Assay — quality control for human-labelled training data.

/// The Wilson score interval for a binomial proportion (Wilson 1927), which stays inside [0, 1]
/// and behaves at 0 and n successes, unlike the normal approximation.
public enum WilsonInterval {
    /// The interval for `successes` of `trials` at normal quantile `z` (1.96 for 95%).
    public static func interval(successes: Int, trials: Int, z: Double = 1.959963984540054) -> (
        low: Double, high: Double
    )? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }
}
