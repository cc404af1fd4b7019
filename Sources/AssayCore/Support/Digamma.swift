// Assay — quality control for human-labelled training data.

import Foundation

/// The digamma function ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series.
/// Accurate to about 1e-12.
func digamma(_ x0: Double) -> Double {
    var x = x0
    var result = 0.0
    while x < 6 {
        result -= 1 / x
        x += 1
    }
    let f = 1 / (x * x)
    let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
    return result + log(x) - 0.5 / x - series
}
