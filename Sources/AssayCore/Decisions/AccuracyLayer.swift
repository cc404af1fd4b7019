// Assay — quality control for human-labelled training data.

import Foundation

/// The accuracy layer of `VendorHierarchy`: every annotator's accuracy as a random effect around
/// its vendor's, every vendor's around the pool's, estimated from leave-one-label-out agreement.
///
/// Expected counts cannot show how much annotators differ: each label pulls its item's posterior
/// toward itself, and a strongly shrunk annotator's labels are weighed as the vendor's, so the
/// spread they show shrinks with the very strength being learnt (measured: every strength ran to
/// its cap). Here each label is scored against its item's posterior without it, q (the "cavity":
/// the posterior divided by the label's own likelihood; a gold item's answer where known). With q
/// calibrated and errors spread evenly, the label agrees with probability
/// E[q(o)] = Q₀ + S·a, where S = Σ_t q_t² − Q₀ and Q₀ = (1 − Σ_t q_t²) / (K − 1), so
/// â = (Σ q(o) − Σ Q₀) / Σ S is an unbiased estimate of the annotator's accuracy a with the noise
/// variance Σ Var q(o) / (Σ S)², the variance taken under the vendor's accuracy. A vendor's spread
/// τ² and mean then come from the DerSimonian–Laird random-effects estimator (1986); the same
/// estimator over the vendors gives the pool's; each annotator's posterior is the normal–normal
/// one, its mean shrunk toward the vendor's by noise / (noise + τ²), with the uncertainty of the
/// vendor's mean carried along.
struct AccuracyLayer: Sendable {
    /// Per-annotator sums from the leave-one-out pass, `width` a annotator: Σ q(o), Σ Q₀, Σ S, and
    /// the terms of Σ Var q(o) as a function of the accuracy m: with P(o) = Q₀(o) + S(o)·m per
    /// class, E q = Q₀ + S m and E q² = γ + δ m, so Var = Σγ + m Σδ − ΣQ₀² − 2m ΣQ₀S − m² ΣS².
    struct Evidence: Sendable {
        static let width = 8
        var sums: [Double]

        init(annotators: Int) { sums = [Double](repeating: 0, count: annotators * Self.width) }

        /// Adds one label's terms (its cavity `q`, the class given) at `s`.
        @inline(__always)
        static func add(
            _ q: UnsafeMutablePointer<Double>, given o: Int, squares: Double, k: Int, spread: Double,
            to s: UnsafeMutablePointer<Double>
        ) {
            let chance = (1 - squares) * spread
            let slope = squares - chance
            var gamma = 0.0
            var delta = 0.0
            for t in 0..<k {
                let wrong = (1 - q[t]) * spread
                gamma += q[t] * q[t] * wrong
                delta += q[t] * q[t] * (q[t] - wrong)
            }
            s[0] += q[o]
            s[1] += chance
            s[2] += slope
            s[3] += gamma
            s[4] += delta
            s[5] += chance * chance
            s[6] += chance * slope
            s[7] += slope * slope
        }

        func agreement(_ a: Int) -> Double { sums[a * Self.width] }
        func chance(_ a: Int) -> Double { sums[a * Self.width + 1] }
        func slope(_ a: Int) -> Double { sums[a * Self.width + 2] }

        /// Σ Var q(o) over annotator `a`'s labels were its accuracy `m`.
        func noise(_ a: Int, at m: Double) -> Double {
            let s = sums[(a * Self.width)..<((a + 1) * Self.width)]
            let b = s.startIndex
            return max(s[b + 3] + m * s[b + 4] - s[b + 5] - 2 * m * s[b + 6] - m * m * s[b + 7], 1e-9)
        }
    }

    /// Each annotator's unshrunk estimate â and its noise variance (NaN and ∞ without evidence).
    var direct: [Double]
    var directNoise: [Double]
    /// Posterior mean and variance of each annotator's accuracy.
    var mean: [Double]
    var variance: [Double]
    /// How much of each annotator's posterior mean is the vendor's mean (noise / (noise + τ²)).
    var leaning: [Double]
    /// Per vendor: mean accuracy (shrunk toward the pool), its variance, the spread τ² of its
    /// annotators, the Dirichlet strength m(1 − m) / τ² − 1 and whether τ² was learnt from it.
    var vendorMean: [Double]
    var vendorMeanVariance: [Double]
    var spread: [Double]
    var strength: [Double]
    var learnt: [Bool]
    /// The pool's strength (from the vendors' spread; 2 with fewer than three vendors).
    var poolStrength: Double

    /// Annotators need this much evidence (Σ S, about labels' worth) to enter the estimators.
    static let minimumEvidence = 0.5

    /// Fits the layer.
    /// - Complexity: O(annotators).
    static func fit(_ e: Evidence, set: LabelSet, options: VendorHierarchy.Options) -> AccuracyLayer {
        let nA = set.annotatorCount
        let nV = max(set.vendorIDs.count, 1)
        var estimate = [Double](repeating: .nan, count: nA)
        for a in 0..<nA where e.slope(a) >= minimumEvidence {
            estimate[a] = (e.agreement(a) - e.chance(a)) / e.slope(a)
        }
        var members = [[Int]](repeating: [], count: nV)
        for a in 0..<nA where !estimate[a].isNaN { members[Int(set.annotatorVendor[a])].append(a) }
        // Noise variances at the vendor's accuracy (not the annotator's own estimate, which would
        // tie the weights to the estimates): first at the pooled agreement, then at the mean.
        func clamp(_ m: Double) -> Double { min(max(m, 0.02), 0.995) }
        var noise = [Double](repeating: .infinity, count: nA)
        for v in 0..<nV where !members[v].isEmpty {
            var level = 0.8
            for _ in 0..<2 {
                for a in members[v] { noise[a] = e.noise(a, at: clamp(level)) / (e.slope(a) * e.slope(a)) }
                level = randomEffects(members[v].map { estimate[$0] }, members[v].map { noise[$0] }).mean
            }
        }
        // Level 1: annotators around their vendor.
        var spread = [Double](repeating: .nan, count: nV)
        var rawMean = [Double](repeating: .nan, count: nV)
        var rawVariance = [Double](repeating: .nan, count: nV)
        for v in 0..<nV where !members[v].isEmpty {
            let fit = randomEffects(members[v].map { estimate[$0] }, members[v].map { noise[$0] })
            rawMean[v] = fit.mean
            rawVariance[v] = fit.meanVariance
            if members[v].count >= 2 { spread[v] = fit.spread }
        }
        let highest = options.maximumStrength
        let lowest = options.minimumStrength
        func strength(mean m: Double, spread tau2: Double) -> Double {
            let q = min(max(m, 0.01), 0.99)
            return tau2 > 0 ? min(max(q * (1 - q) / tau2 - 1, lowest), highest) : highest
        }
        var learnt = [Bool](repeating: false, count: nV)
        var strengths = [Double](repeating: .nan, count: nV)
        for v in 0..<nV where !spread[v].isNaN {
            strengths[v] = strength(mean: rawMean[v], spread: spread[v])
            learnt[v] = true
        }
        // A vendor whose annotators cannot show their spread borrows the others' (geometric mean
        // of their strengths, back to a spread at its own mean).
        let known = strengths.filter { !$0.isNaN }
        let borrowed =
            known.isEmpty
            ? options.defaultStrength : exp(known.map { log($0) }.reduce(0, +) / Double(known.count))
        for v in 0..<nV where strengths[v].isNaN {
            strengths[v] = borrowed
            let m = rawMean[v].isNaN ? 0.8 : min(max(rawMean[v], 0.01), 0.99)
            spread[v] = m * (1 - m) / (borrowed + 1)
        }
        // Level 2: vendors around the pool (three vendors or more), their means shrunk toward it.
        var vendorMean = rawMean
        var vendorMeanVariance = rawVariance
        var poolStrength = 2.0
        let withData = (0..<nV).filter { !rawMean[$0].isNaN }
        if withData.count >= 3 {
            let pool = randomEffects(withData.map { rawMean[$0] }, withData.map { rawVariance[$0] })
            poolStrength = strength(mean: pool.mean, spread: pool.spread)
            if pool.spread > 0 {
                for v in withData {
                    let w = 1 / rawVariance[v]
                    let w0 = 1 / pool.spread
                    vendorMean[v] = (w * rawMean[v] + w0 * pool.mean) / (w + w0)
                    let lean = w0 / (w + w0)
                    vendorMeanVariance[v] = 1 / (w + w0) + lean * lean * pool.meanVariance
                }
            } else {
                for v in withData {
                    vendorMean[v] = pool.mean
                    vendorMeanVariance[v] = pool.meanVariance
                }
            }
        }
        let fallback = withData.isEmpty ? 0.8 : withData.map { vendorMean[$0] }.reduce(0, +) / Double(withData.count)
        for v in 0..<nV where vendorMean[v].isNaN {
            vendorMean[v] = fallback
            vendorMeanVariance[v] = fallback * (1 - fallback) / 3
        }
        // Each annotator: normal–normal posterior around the vendor, its noise taken at its own
        // posterior mean (twice: at the vendor's first).
        var mean = [Double](repeating: 0, count: nA)
        var variance = [Double](repeating: 0, count: nA)
        var leaning = [Double](repeating: 1, count: nA)
        var ownNoise = noise
        for a in 0..<nA {
            let v = Int(set.annotatorVendor[a])
            let tau2 = max(spread[v], 1e-8)
            for round in 0..<2 {
                if round == 1 && noise[a].isFinite {
                    ownNoise[a] = e.noise(a, at: clamp(mean[a])) / (e.slope(a) * e.slope(a))
                }
                let n = ownNoise[a]
                let lean = n.isFinite ? n / (n + tau2) : 1
                let m = n.isFinite ? lean * vendorMean[v] + (1 - lean) * estimate[a] : vendorMean[v]
                leaning[a] = lean
                mean[a] = min(max(m, 1e-4), 1 - 1e-4)
                variance[a] = n.isFinite ? 1 / (1 / n + 1 / tau2) : tau2
            }
        }
        return AccuracyLayer(
            direct: estimate, directNoise: ownNoise, mean: mean, variance: variance, leaning: leaning, vendorMean: vendorMean,
            vendorMeanVariance: vendorMeanVariance, spread: spread, strength: strengths, learnt: learnt,
            poolStrength: poolStrength)
    }

    /// The DerSimonian–Laird random-effects fit of `values` with known noise `variances`: the
    /// between-unit variance τ² = max(0, (Q − (n − 1)) / (Σw − Σw² / Σw)) with w = 1 / variance and
    /// Q = Σ w (x − x̄_w)², the mean weighted by 1 / (variance + τ²) and that mean's variance.
    /// - Complexity: O(n).
    static func randomEffects(_ values: [Double], _ variances: [Double]) -> (
        mean: Double, meanVariance: Double, spread: Double
    ) {
        var sw = 0.0
        var sw2 = 0.0
        var swx = 0.0
        for (x, s) in zip(values, variances) {
            let w = 1 / s
            sw += w
            sw2 += w * w
            swx += w * x
        }
        let fixed = swx / sw
        var q = 0.0
        for (x, s) in zip(values, variances) { q += (x - fixed) * (x - fixed) / s }
        let denominator = sw - sw2 / sw
        let tau2 = denominator > 0 ? max(0, (q - Double(values.count - 1)) / denominator) : 0
        var sr = 0.0
        var srx = 0.0
        for (x, s) in zip(values, variances) {
            let w = 1 / (s + tau2)
            sr += w
            srx += w * x
        }
        return (srx / sr, 1 / sr, tau2)
    }
}
