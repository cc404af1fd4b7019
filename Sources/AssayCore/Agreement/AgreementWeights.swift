// Assay — quality control for human-labelled training data.

/// Agreement weights between classes: 1 on the diagonal, partial credit off it.
public enum AgreementWeights: String, CaseIterable, Sendable {
    /// Only identical classes agree.
    case identity
    /// 1 − |x_k − x_l| / (max − min).
    case linear
    /// 1 − (x_k − x_l)² / (max − min)².
    case quadratic

    /// The K × K weight matrix for classes with values `x` (class indices when nil), row-major.
    public func matrix(classes k: Int, values x: [Double]? = nil) -> [Double] {
        let v = x ?? (0..<k).map(Double.init)
        let range = (v.max() ?? 0) - (v.min() ?? 0)
        var w = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in 0..<k {
                switch self {
                case .identity: w[a * k + b] = a == b ? 1 : 0
                case .linear: w[a * k + b] = range > 0 ? 1 - abs(v[a] - v[b]) / range : (a == b ? 1 : 0)
                case .quadratic:
                    w[a * k + b] =
                        range > 0 ? 1 - (v[a] - v[b]) * (v[a] - v[b]) / (range * range) : (a == b ? 1 : 0)
                }
            }
        }
        return w
    }
}
