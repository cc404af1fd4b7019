// Assay — quality control for human-labelled training data.

import Foundation

/// The special functions behind the decisions' distributions: the regularized incomplete beta and
/// gamma functions, and the normal distribution's tail and quantile. Checked against SciPy 1.17
/// (`scipy.special.betainc`, `gammainc`, `gammaincc`, `scipy.stats.norm`) in `SpecialFunctionTests`.
public enum SpecialFunctions {
    /// I_x(a, b), the regularized incomplete beta function (the Beta(a, b) distribution function at
    /// x), by the continued fraction of Numerical Recipes §6.4 (modified Lentz), on the side of the
    /// mode where it converges fast. Relative accuracy about 1e-13 for a, b up to 10⁶.
    public static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let front = exp(
            lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
        if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a, b) / a }
        return 1 - front * betaFraction(1 - x, b, a) / b
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes `betacf`).
    private static func betaFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-15 { break }
        }
        return h
    }

    /// P(a, x), the regularized lower incomplete gamma function, by its series below a + 1 and the
    /// continued fraction of Q above (Numerical Recipes §6.2).
    public static func lowerGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x)
    }

    /// Q(a, x) = 1 − P(a, x), computed without cancellation in the upper tail.
    public static func upperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x)
    }

    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var ap = a
        var sum = 1 / a
        var del = sum
        for _ in 0..<100_000 {
            ap += 1
            del *= x / ap
            sum += del
            if abs(del) < abs(sum) * 1e-16 { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    private static func gammaFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }

    /// P(χ²_df ≥ x): the upper tail of the chi-square distribution.
    public static func chiSquareTail(_ x: Double, degrees df: Double) -> Double {
        upperGamma(df / 2, x / 2)
    }

    /// Φ(z), the standard normal distribution function.
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// 1 − Φ(z), without cancellation for large z.
    public static func normalTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Φ⁻¹(p), the standard normal quantile (Wichura's AS 241, PPND16: about 1e-16 relative).
    public static func normalQuantile(_ p: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num =
                ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608
            let den =
                ((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            let num =
                ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177)
                    * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055)
                    * r + 4.6303378461565452959) * r + 1.42343711074968357734
            let den =
                ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966)
                    * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494)
                    * r + 2.05319162663775882187) * r + 1
            value = num / den
        } else {
            r -= 5
            let num =
                ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                    + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123)
                    * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772
            let den =
                ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                    + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525)
                    * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1
            value = num / den
        }
        return q < 0 ? -value : value
    }
}
