// Assay — quality control for human-labelled training data.

import Foundation

extension SeededGenerator {
    /// A Gamma(`shape`, 1) draw by Marsaglia and Tsang's squeeze method ("A simple method for
    /// generating gamma variables", ACM TOMS 26, 2000); shapes below 1 are boosted by U^(1/shape).
    /// - Complexity: O(1) expected (about 1.03 normal draws at shape ≥ 1).
    public mutating func nextGamma(_ shape: Double) -> Double {
        guard shape > 0 else { return 0 }
        if shape < 1 {
            return nextGamma(shape + 1) * pow(nextOpenUnit(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextOpenUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Beta(`a`, `b`) draw as a ratio of gamma draws.
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        let x = nextGamma(a)
        let y = nextGamma(b)
        return x + y > 0 ? x / (x + y) : a / (a + b)
    }
}
