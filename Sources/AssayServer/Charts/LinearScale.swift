// Assay — quality control for human-labelled training data.

/// A map from a domain of values to a range of SVG coordinates, with round tick values.
struct LinearScale: Sendable {
    /// The values shown.
    var domain: ClosedRange<Double>
    /// Where they go (may run backwards, as a y axis does).
    var range: (Double, Double)

    /// A scale; an empty domain is widened so that it has a length.
    init(domain: ClosedRange<Double>, range: (Double, Double)) {
        self.domain =
            domain.upperBound > domain.lowerBound
            ? domain : (domain.lowerBound - 0.5)...(domain.upperBound + 0.5)
        self.range = range
    }

    /// The coordinate of `x`.
    func callAsFunction(_ x: Double) -> Double {
        let t = (x - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        return range.0 + t * (range.1 - range.0)
    }

    /// Round values inside the domain, about `count` of them (steps of 1, 2 or 5 × 10^k).
    func ticks(_ count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        let raw = span / Double(max(1, count))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var out: [Double] = []
        var k = (domain.lowerBound / step - 1e-9).rounded(.up)
        while k * step <= domain.upperBound + step * 1e-9 {
            // k × step, rounded to 12 digits so that 3 × 0.2 reads 0.6.
            let t = ((k * step) * 1e12).rounded() / 1e12
            out.append(t == 0 ? 0 : t)
            k += 1
        }
        return out
    }

    /// The domain covering `values` (and `including`), padded by 5% on each side and widened to
    /// round ends; clipped to `clip` when given (accuracies stay within 0…1).
    static func domain(
        of values: [Double], including: [Double] = [], clip: ClosedRange<Double>? = nil
    ) -> ClosedRange<Double> {
        let all = (values + including).filter(\.isFinite)
        guard var lo = all.min(), var hi = all.max() else { return clip ?? 0...1 }
        let pad = max((hi - lo) * 0.05, abs(hi) * 0.02, 1e-9)
        lo -= pad
        hi += pad
        if let clip {
            lo = max(lo, clip.lowerBound)
            hi = min(hi, clip.upperBound)
        }
        return lo...max(hi, lo)
    }
}
