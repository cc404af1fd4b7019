// Assay — quality control for human-labelled training data.

/// An exponentially weighted moving average control chart with limits for unequal samples and an
/// estimated centre line (Roberts 1959; Montgomery §9.2).
///
/// z₀ = μ̂ (the baseline), z_t = λ x_t + (1 − λ) z_{t−1}. With x_t's variance σ_t² (for a
/// proportion, μ̂(1 − μ̂) / n_t) and the baseline's own variance V, z_t − μ̂ has variance
/// Σ_j [λ(1 − λ)^{t−j}]² σ_j² + (1 − (1 − λ)^t)² V, and the limits are μ̂ ± L times its square
/// root. Points without data (σ_t² infinite) carry z over unchanged.
public struct EWMAChart: Sendable {
    /// Smoothing weight λ of the newest point.
    public var lambda: Double
    /// Width of the limits in standard deviations.
    public var width: Double

    /// A chart.
    public init(lambda: Double = 0.3, width: Double = 3) {
        self.lambda = lambda
        self.width = width
    }

    /// One charted point.
    public struct Point: Sendable, Codable, Equatable {
        /// The smoothed value (nil before the first point with data).
        public var ewma: Double?
        /// Lower control limit.
        public var lower: Double?
        /// Upper control limit.
        public var upper: Double?
    }

    /// Charts `values` with variances `variances` (∞ or NaN values: no data) around `centre`, whose
    /// own variance is `centreVariance`.
    /// - Complexity: O(points).
    public func chart(_ values: [Double], variances: [Double], centre: Double, centreVariance: Double)
        -> [Point]
    {
        var z = centre
        var spread = 0.0
        var decay = 1.0  // (1 − λ)^t over points with data
        var seen = false
        var out: [Point] = []
        for (x, v) in zip(values, variances) {
            if x.isFinite && v.isFinite {
                z = lambda * x + (1 - lambda) * z
                spread = (1 - lambda) * (1 - lambda) * spread + lambda * lambda * v
                decay *= 1 - lambda
                seen = true
            }
            guard seen else {
                out.append(Point(ewma: nil, lower: nil, upper: nil))
                continue
            }
            let total = spread + (1 - decay) * (1 - decay) * centreVariance
            let half = width * total.squareRoot()
            out.append(Point(ewma: z, lower: centre - half, upper: centre + half))
        }
        return out
    }
}
