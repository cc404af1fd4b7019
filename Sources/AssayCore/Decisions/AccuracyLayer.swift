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
/// τ² and mean then come from the Paule–Mandel random-effects estimator (1982); the same
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
        // Level 1: annotators around their vendor, the spread τ² integrated over its posterior
        // (one point, a borrowed spread, for a vendor whose annotators cannot show it).
        var grids = [SpreadPosterior?](repeating: nil, count: nV)
        var spread = [Double](repeating: .nan, count: nV)
        var rawMean = [Double](repeating: .nan, count: nV)
        var rawVariance = [Double](repeating: .nan, count: nV)
        for v in 0..<nV where members[v].count >= 2 {
            let g = SpreadPosterior(members[v].map { estimate[$0] }, members[v].map { noise[$0] })
            grids[v] = g
            (rawMean[v], rawVariance[v]) = g.mixture(g.mean, g.meanVariance)
            spread[v] = g.expectedSpread
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
            var m = 0.8
            if !members[v].isEmpty {
                m = min(
                    max(
                        randomEffects(members[v].map { estimate[$0] }, members[v].map { noise[$0] }).mean,
                        0.01), 0.99)
            }
            spread[v] = m * (1 - m) / (borrowed + 1)
            if !members[v].isEmpty {
                let g = SpreadPosterior(
                    members[v].map { estimate[$0] }, members[v].map { noise[$0] }, fixed: spread[v])
                grids[v] = g
                (rawMean[v], rawVariance[v]) = g.mixture(g.mean, g.meanVariance)
            }
        }
        // Level 2: vendors around the pool (three vendors or more), every point of each vendor's
        // grid shrunk toward it.
        var poolStrength = 2.0
        let withData = (0..<nV).filter { !rawMean[$0].isNaN }
        if withData.count >= 3 {
            let pool = randomEffects(withData.map { rawMean[$0] }, withData.map { rawVariance[$0] })
            poolStrength = strength(mean: pool.mean, spread: pool.spread)
            for v in withData {
                grids[v]!.shrink(toward: pool.mean, spread: pool.spread, meanVariance: pool.meanVariance)
            }
        }
        var vendorMean = rawMean
        var vendorMeanVariance = rawVariance
        for v in withData {
            (vendorMean[v], vendorMeanVariance[v]) = grids[v]!.mixture(grids[v]!.mean, grids[v]!.meanVariance)
        }
        let fallback =
            withData.isEmpty ? 0.8 : withData.map { vendorMean[$0] }.reduce(0, +) / Double(withData.count)
        for v in 0..<nV where vendorMean[v].isNaN {
            vendorMean[v] = fallback
            vendorMeanVariance[v] = fallback * (1 - fallback) / 3
        }
        // Each annotator: the normal–normal posterior around its vendor at every grid point,
        // mixed by the spread's posterior; its noise taken at its own posterior mean (twice: at
        // the vendor's first). The variance includes the vendor mean's, as far as it leans on it.
        var mean = [Double](repeating: 0, count: nA)
        var variance = [Double](repeating: 0, count: nA)
        var leaning = [Double](repeating: 1, count: nA)
        var ownNoise = noise
        for a in 0..<nA {
            let v = Int(set.annotatorVendor[a])
            guard let g = grids[v] else {
                mean[a] = vendorMean[v]
                variance[a] = max(spread[v], 1e-8) + vendorMeanVariance[v]
                continue
            }
            for round in 0..<2 {
                if round == 1 && noise[a].isFinite {
                    ownNoise[a] = e.noise(a, at: clamp(mean[a])) / (e.slope(a) * e.slope(a))
                }
                let n = ownNoise[a]
                var m1 = 0.0
                var m2 = 0.0
                var lean = 0.0
                for j in g.spread.indices {
                    let tau2 = max(g.spread[j], 1e-10)
                    let l = n.isFinite ? n / (n + tau2) : 1
                    let m = n.isFinite ? l * g.mean[j] + (1 - l) * estimate[a] : g.mean[j]
                    let v = (n.isFinite ? 1 / (1 / n + 1 / tau2) : tau2) + l * l * g.meanVariance[j]
                    m1 += g.weight[j] * m
                    m2 += g.weight[j] * (v + m * m)
                    lean += g.weight[j] * l
                }
                leaning[a] = lean
                mean[a] = min(max(m1, 1e-4), 1 - 1e-4)
                variance[a] = max(m2 - m1 * m1, 1e-10)
            }
        }
        return AccuracyLayer(
            direct: estimate, directNoise: ownNoise, mean: mean, variance: variance, leaning: leaning,
            vendorMean: vendorMean,
            vendorMeanVariance: vendorMeanVariance, spread: spread, strength: strengths, learnt: learnt,
            poolStrength: poolStrength)
    }

    /// The posterior of a random-effects model's spread τ² on a grid: the restricted likelihood of
    /// τ² (the mean integrated out), −½ Σ ln(v + τ²) − ½ ln Σ w − ½ Σ w (x − x̄_w)² with
    /// w = 1 / (v + τ²), under a uniform prior on τ (Gelman 2006); at each point the mean and its
    /// variance given τ². Plugging in one estimate of τ² (Paule–Mandel's was tried) made the
    /// annotators' 90% intervals cover 57–95% by campaign (79% over fifteen): with a few dozen
    /// annotators of a handful of labels, τ² is often estimated near 0 and every annotator is
    /// pulled onto the vendor's mean; integrating over τ² widens the intervals where the spread is
    /// uncertain.
    struct SpreadPosterior: Sendable {
        /// Grid of τ².
        var spread: [Double]
        /// Posterior weight of each point.
        var weight: [Double]
        /// The mean at each point, and its variance.
        var mean: [Double]
        var meanVariance: [Double]
        /// E[τ²].
        var expectedSpread: Double { zip(weight, spread).reduce(0) { $0 + $1.0 * $1.1 } }

        /// The grid posterior (48 points, τ² from 10⁻⁶ to 0.25 evenly in log), or one point at
        /// `fixed` τ².
        init(_ x: [Double], _ v: [Double], fixed: Double? = nil) {
            let grid =
                fixed.map { [$0] }
                ?? (0..<48).map { exp(log(1e-6) + (log(0.25) - log(1e-6)) * Double($0) / 47) }
            var logs: [Double] = []
            spread = grid
            mean = []
            meanVariance = []
            for tau2 in grid {
                let f = AccuracyLayer.weightedFit(x, v, tau2)
                let logDet = v.reduce(0.0) { $0 + log($1 + tau2) }
                mean.append(f.mean)
                meanVariance.append(1 / f.weight)
                // Uniform on τ: density ∝ τ on a grid even in ln τ².
                logs.append(-0.5 * logDet - 0.5 * log(f.weight) - 0.5 * f.squares + 0.5 * log(tau2))
            }
            let top = logs.max() ?? 0
            let raw = logs.map { exp($0 - top) }
            let z = raw.reduce(0, +)
            weight = raw.map { $0 / z }
        }

        /// Mean and variance of a mixture of normals with these means and variances.
        func mixture(_ m: [Double], _ v: [Double]) -> (Double, Double) {
            var m1 = 0.0
            var m2 = 0.0
            for j in weight.indices {
                m1 += weight[j] * m[j]
                m2 += weight[j] * (v[j] + m[j] * m[j])
            }
            return (m1, max(m2 - m1 * m1, 1e-12))
        }

        /// Shrinks the mean at every point toward a pool's mean (normal–normal), carrying the
        /// pool mean's own variance as far as the point leans on it.
        mutating func shrink(toward pool: Double, spread tau0: Double, meanVariance v0: Double) {
            for j in mean.indices {
                guard tau0 > 0 else {
                    mean[j] = pool
                    meanVariance[j] = v0
                    continue
                }
                let w = 1 / meanVariance[j]
                let w0 = 1 / tau0
                let lean = w0 / (w + w0)
                mean[j] = (w * mean[j] + w0 * pool) / (w + w0)
                meanVariance[j] = 1 / (w + w0) + lean * lean * v0
            }
        }
    }

    /// The mean of `values` weighted by w = 1 / (variance + τ²), the weights' sum Σ w and the
    /// weighted squares Σ w (x − x̄_w)².
    /// - Complexity: O(n).
    static func weightedFit(_ values: [Double], _ variances: [Double], _ tau2: Double) -> (
        mean: Double, weight: Double, squares: Double
    ) {
        var sw = 0.0
        var swx = 0.0
        for (x, s) in zip(values, variances) {
            let w = 1 / (s + tau2)
            sw += w
            swx += w * x
        }
        let mean = swx / sw
        var q = 0.0
        for (x, s) in zip(values, variances) { q += (x - mean) * (x - mean) / (s + tau2) }
        return (mean, sw, q)
    }

    /// The Paule–Mandel random-effects fit of `values` with known noise `variances`: the
    /// between-unit variance τ² at which the weighted squares Σ w (x − x̄_w)², w = 1 / (variance
    /// + τ²), equal their expectation n − 1 (0 when they fall short already at τ² = 0), found by
    /// bisection; the mean weighted by those w and that mean's variance 1 / Σ w. DerSimonian and
    /// Laird's one-step moment estimate, tried first, ran low here (annotators' 90% intervals
    /// covered 79% on simulated vendors): its weights 1 / variance let the few busiest annotators
    /// speak for the spread of all; Paule–Mandel's weights include τ² (Veroniki et al. 2016
    /// recommend it).
    /// - Complexity: O(n × 60).
    static func randomEffects(_ values: [Double], _ variances: [Double]) -> (
        mean: Double, meanVariance: Double, spread: Double
    ) {
        func fit(_ tau2: Double) -> (mean: Double, weight: Double, squares: Double) {
            weightedFit(values, variances, tau2)
        }
        let target = Double(values.count - 1)
        var tau2 = 0.0
        if values.count >= 2, fit(0).squares > target {
            var lo = 0.0
            var hi = 1.0
            while fit(hi).squares > target && hi < 1e6 { hi *= 4 }
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if fit(mid).squares > target { lo = mid } else { hi = mid }
            }
            tau2 = (lo + hi) / 2
        }
        let f = fit(tau2)
        return (f.mean, 1 / f.weight, tau2)
    }
}
