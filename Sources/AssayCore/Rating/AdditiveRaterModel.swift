// Assay — quality control for human-labelled training data.

import Dispatch
import Foundation

/// The additive rater model: rating = item value + rater severity + noise, the noise normal with
/// a variance of each rater's own. Fitted by alternating least squares on the posterior mode
/// (each step solves one block exactly given the others: item values, severities, noise
/// variances), with weak priors:
///
/// - severities ~ N(0, s²), s² learnt from the data (an EM step on the hierarchical prior): a
///   rater with few ratings is pulled towards the others; with `severityPrior: .flat` it is not;
/// - noise variances: ν pseudo-ratings at the pooled noise variance, so a rater with one or two
///   ratings gets about the pooled noise instead of zero; ν is learnt from the raters (a moment
///   estimate: ν = 2 · pooled² / τ², τ² the spread of the raters' variances beyond their sampling
///   spread 2σ⁴/df, between 2 and 10⁴), so that raters whose noise does not really differ are
///   weighted alike: weights from 20 ratings are otherwise noisy enough (relative sd √(2/df)) to
///   narrow the item intervals below their coverage;
/// - item values: flat (an item without ratings gets the mean of all ratings, shifted with the
///   anchor, and an interval of ± 1.96 sd of all ratings).
///
/// Item values and severities are identified only up to a common shift; `anchor` fixes it (by
/// default the severities of the raters with ratings average to 0; or one rater's severity is 0).
/// Residual degrees of freedom are counted with each rating's leverage on its item's value, so a
/// rater whose items nobody else rated does not look noise-free.
///
/// Intervals (95%, normal): a severity's variance is that of a precision-weighted mean of its
/// residuals against item values fitted without it, Var(b_a) = 1 / (Σ_l 1/(σ_a² + v_i⁽⁻ᵃ⁾) + 1/s²)
/// where v_i⁽⁻ᵃ⁾ is item i's variance from the other raters; an item value's variance is
/// 1 / (Σ_l 1/(σ_a² + Var(b_a)) + prior precision). Coverage measured on simulated raters is in the
/// tests (`RatingModelTests`).
public struct AdditiveRaterModel: RatingMethod {
    /// How the common shift between item values and severities is fixed.
    public enum Anchor: Sendable, Equatable {
        /// The severities of the raters with ratings average to 0.
        case meanZero
        /// This rater's severity is 0 (an expert or reference rater).
        case rater(Int)
    }

    /// The prior on severities.
    public enum SeverityPrior: Sendable, Equatable {
        /// N(0, s²) with s² learnt from the raters (empirical Bayes).
        case empirical
        /// No prior: every severity is its least-squares value.
        case flat
        /// N(0, sd²) with a stated sd in scale units.
        case normal(sd: Double)
    }

    /// `additive`.
    public let name = "additive"
    /// The identifiability anchor.
    public var anchor = Anchor.meanZero
    /// The prior on severities.
    public var severityPrior = SeverityPrior.empirical
    /// Pseudo-ratings at the pooled noise variance added to each rater's noise estimate; nil:
    /// learnt from the raters (2 with fewer than 3 raters).
    public var noisePriorWeight: Double? = nil
    /// Iteration cap.
    public var maxIterations = 1000
    /// Stop when no item value or severity moves by more than this many sds of all ratings.
    public var tolerance = 1e-6

    /// The model with its usual settings.
    public init() {}

    /// The model with a stated anchor and severity prior.
    public init(anchor: Anchor, severityPrior: SeverityPrior = .empirical) {
        self.anchor = anchor
        self.severityPrior = severityPrior
    }

    /// Why the model cannot run: an anchor rater outside the set.
    public func unsupportedReason(_ set: RatingSet) -> String? {
        if case .rater(let k) = anchor, !(0..<set.annotatorCount).contains(k) {
            return "anchor rater \(k) is not among the set's \(set.annotatorCount) raters"
        }
        return nil
    }

    /// - Complexity: O(iterations × labels), item halves in parallel on large sets; O(items +
    ///   annotators) memory besides the set.
    public func infer(_ set: RatingSet) -> RatingConsensus {
        precondition(unsupportedReason(set) == nil, unsupportedReason(set) ?? "")
        var fit = Fit(model: self, set: set)
        fit.run()
        return fit.result()
    }
}

/// The state of one fit of `AdditiveRaterModel`.
private struct Fit {
    let model: AdditiveRaterModel
    let set: RatingSet
    let nI: Int
    let nA: Int
    /// Mean and variance of all ratings; `unit` is their sd (or the step, or 1, when they are constant).
    let grandMean: Double
    /// Centre of the item prior: the grand mean, moved with every anchoring shift.
    var priorCentre: Double
    let totalVariance: Double
    let unit: Double
    /// Noise variance when nothing else is known, and the smallest noise variance allowed.
    let fallbackVariance: Double
    let floorVariance: Double
    let itemPrecision: Double
    let ratingsOf: [Int]
    var value: [Double]
    var severity: [Double]
    var noiseVariance: [Double]
    var pooledVariance: Double
    /// 1 / s² (0 for a flat prior).
    var severityPrecision: Double
    /// ν: pseudo-ratings at the pooled variance in each noise estimate.
    var noiseWeight: Double
    /// Squares and degrees of freedom of the last pass, per rater.
    var lastSquares: [Double] = []
    var lastFreedom: [Double] = []
    var iterations = 0
    var converged = false

    init(model: AdditiveRaterModel, set: RatingSet) {
        self.model = model
        self.set = set
        nI = set.itemCount
        nA = set.annotatorCount
        let n = set.count
        var mean = 0.0
        for v in set.value { mean += v }
        mean =
            n > 0
            ? mean / Double(n)
            : (set.scale.minimum.isFinite && set.scale.maximum.isFinite
                ? (set.scale.minimum + set.scale.maximum) / 2 : 0)
        var ss = 0.0
        for v in set.value { ss += (v - mean) * (v - mean) }
        grandMean = mean
        priorCentre = mean
        totalVariance = n > 1 ? ss / Double(n - 1) : 0
        let step = set.scale.step ?? 1
        let unit = totalVariance > 0 ? totalVariance.squareRoot() : step
        self.unit = unit
        fallbackVariance = totalVariance > 0 ? totalVariance : step * step
        floorVariance = 1e-10 * unit * unit
        itemPrecision = 0
        var counts = [Int](repeating: 0, count: nA)
        for a in 0..<nA { counts[a] = set.index.annotatorOffsets[a + 1] - set.index.annotatorOffsets[a] }
        ratingsOf = counts
        value = [Double](repeating: mean, count: nI)
        severity = [Double](repeating: 0, count: nA)
        noiseVariance = [Double](repeating: fallbackVariance, count: nA)
        pooledVariance = fallbackVariance
        noiseWeight = model.noisePriorWeight ?? 2
        switch model.severityPrior {
        case .flat, .empirical: severityPrecision = 0
        case .normal(let sd): severityPrecision = sd > 0 ? 1 / (sd * sd) : 1 / floorVariance
        }
    }

    /// Per-rater sums of one pass: residual against the new item value, squared residual against
    /// value + severity, and residual degrees of freedom (1 − leverage).
    struct Sums {
        var residual: [Double]
        var squares: [Double]
        var freedom: [Double]
        var maxMove = 0.0
    }

    /// One pass in item order: new item values from the current severities and noise, and the
    /// per-rater sums for the rater step. Item halves run in parallel with sums of their own,
    /// added in half order.
    mutating func itemPass() -> Sums {
        let chunks = set.index.itemChunks()
        let parts = chunks.count
        let nA = self.nA
        // Per part: residual, squares, freedom (nA each), then its largest move.
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: parts * (3 * nA + 1))
        sums.initialize(repeating: 0, count: parts * (3 * nA + 1))
        defer { sums.deallocate() }
        let out = SharedPointer(base: sums)
        let (m0, prec) = (priorCentre, itemPrecision)
        let oldSeverity = severity
        let oldNoise = noiseVariance.map { 1 / $0 }
        value.withUnsafeMutableBufferPointer { mu in
            let mu = SharedPointer(base: mu.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
            withExtendedLifetime((set, oldSeverity, oldNoise)) {
                let off = SharedConstPointer(
                    base: set.index.itemOffsets.withUnsafeBufferPointer { $0.baseAddress! })
                let ann = set.index.annotator.withUnsafeBufferPointer {
                    SharedConstBuffer(base: $0.baseAddress)
                }
                let val = set.value.withUnsafeBufferPointer { SharedConstBuffer(base: $0.baseAddress) }
                let sev = oldSeverity.withUnsafeBufferPointer { SharedConstBuffer(base: $0.baseAddress) }
                // Each rater's weight, 1 / noise variance.
                let nv = oldNoise.withUnsafeBufferPointer { SharedConstBuffer(base: $0.baseAddress) }
                LabelSet.runParts(parts) { c in
                    let part = out.base + c * (3 * nA + 1)
                    let (res, sq, df) = (part, part + nA, part + 2 * nA)
                    var move = 0.0
                    for i in chunks[c] {
                        let lo = off.base[i]
                        let hi = off.base[i + 1]
                        var w = prec
                        var s = prec * m0
                        for l in lo..<hi {
                            let a = Int(ann.base![l])
                            let wa = nv.base![a]
                            w += wa
                            s += wa * (val.base![l] - sev.base![a])
                        }
                        let m = w > 0 ? s / w : m0
                        let inverse = w > 0 ? 1 / w : 0
                        move = max(move, abs(m - mu.base[i]))
                        mu.base[i] = m
                        for l in lo..<hi {
                            let a = Int(ann.base![l])
                            let r = val.base![l] - m
                            let e = r - sev.base![a]
                            res[a] += r
                            sq[a] += e * e
                            df[a] += 1 - nv.base![a] * inverse
                        }
                    }
                    part[3 * nA] = move
                }
            }
        }
        var result = Sums(
            residual: [Double](repeating: 0, count: nA), squares: [Double](repeating: 0, count: nA),
            freedom: [Double](repeating: 0, count: nA))
        for c in 0..<parts {
            let part = sums + c * (3 * nA + 1)
            for a in 0..<nA {
                result.residual[a] += part[a]
                result.squares[a] += part[nA + a]
                result.freedom[a] += part[2 * nA + a]
            }
            result.maxMove = max(result.maxMove, part[3 * nA])
        }
        return result
    }

    /// Fits the model. When a prior is to be learnt, first with ν = 2 and no severity prior to
    /// 10⁻⁴ sd, then on from there with the learnt priors: s² = (spread of the severities) − (their
    /// mean sampling variance), the moment estimate of the between-rater variance (floored at
    /// 10⁻⁶ sd², which pulls every severity to 0 when the raters do not differ beyond their noise),
    /// and ν from the spread of the raters' noise variances (see the type's summary).
    mutating func run() {
        let raters = (0..<nA).filter { ratingsOf[$0] > 0 }
        let learnSeverity = model.severityPrior == .empirical && raters.count >= 3
        let learnNoise = model.noisePriorWeight == nil && raters.count >= 3
        iterate(tolerance: learnSeverity || learnNoise ? max(model.tolerance, 1e-4) : model.tolerance)
        guard learnSeverity || learnNoise else { return }
        if learnSeverity {
            let variance = severityVariances()
            var mean = 0.0
            for a in raters { mean += severity[a] }
            mean /= Double(raters.count)
            var spread = 0.0
            var sampling = 0.0
            for a in raters {
                spread += (severity[a] - mean) * (severity[a] - mean)
                sampling += variance[a]
            }
            let s2 = max(
                spread / Double(raters.count - 1) - sampling / Double(raters.count), 1e-6 * unit * unit)
            severityPrecision = 1 / s2
        }
        if learnNoise {
            // Raw variances of the raters with at least one residual degree of freedom.
            var raw: [Double] = []
            var inverseFreedom = 0.0
            for a in raters {
                let n = Double(ratingsOf[a])
                let df = lastFreedom[a] * (n - 1) / n
                guard df >= 1 else { continue }
                raw.append(lastSquares[a] / df)
                inverseFreedom += 1 / df
            }
            if raw.count >= 3 {
                let mean = raw.reduce(0, +) / Double(raw.count)
                let spread = raw.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(raw.count - 1)
                let tau2 = spread - 2 * pooledVariance * pooledVariance * inverseFreedom / Double(raw.count)
                noiseWeight = tau2 > 0 ? min(max(2 * pooledVariance * pooledVariance / tau2, 2), 1e4) : 1e4
            }
        }
        let first = iterations
        converged = false
        iterate(tolerance: model.tolerance)
        iterations += first
    }

    /// Alternating least-squares steps until nothing moves by `tolerance` sds or the cap.
    mutating func iterate(tolerance: Double) {
        let raters = (0..<nA).filter { ratingsOf[$0] > 0 }
        iterations = 0
        while iterations < model.maxIterations {
            iterations += 1
            let sums = itemPass()
            lastSquares = sums.squares
            lastFreedom = sums.freedom
            // Severities given the item values (posterior mode under N(0, 1/severityPrecision)).
            var move = sums.maxMove
            var next = [Double](repeating: 0, count: nA)
            for a in raters {
                let w = 1 / noiseVariance[a]
                next[a] = w * sums.residual[a] / (Double(ratingsOf[a]) * w + severityPrecision)
            }
            // The anchor: shift severities and item values in opposite directions (fitted values,
            // and so the likelihood, stay the same).
            var shift = 0.0
            switch model.anchor {
            case .meanZero:
                for a in raters { shift += next[a] }
                shift = raters.isEmpty ? 0 : shift / Double(raters.count)
            case .rater(let k):
                shift = next[k]
            }
            for a in raters { next[a] -= shift }
            if shift != 0 {
                for i in 0..<nI { value[i] += shift }
                // Items without ratings sit at the mean of all ratings in the anchored frame.
                priorCentre += shift
            }
            for a in raters { move = max(move, abs(next[a] - severity[a])) }
            severity = next
            // Noise variances: residual squares over residual degrees of freedom, with
            // `noisePriorWeight` pseudo-ratings at the pooled variance.
            var squares = 0.0
            var freedom = 0.0
            for a in raters {
                let n = Double(ratingsOf[a])
                squares += sums.squares[a]
                freedom += sums.freedom[a] * (n - 1) / n
            }
            pooledVariance = freedom > 0.5 ? max(squares / freedom, floorVariance) : fallbackVariance
            let nu = noiseWeight
            for a in 0..<nA {
                // The severity takes one of the rater's degrees of freedom, spread over its ratings.
                let n = Double(ratingsOf[a])
                let df = n > 0 ? max(sums.freedom[a] * (n - 1) / n, 0) : 0
                noiseVariance[a] =
                    df + nu > 0
                    ? max((sums.squares[a] + nu * pooledVariance) / (df + nu), floorVariance) : pooledVariance
            }
            if move <= tolerance * unit {
                converged = true
                break
            }
        }
    }

    /// Variance of each severity: that of a precision-weighted mean of the rater's residuals
    /// against item values fitted from the other raters, whose own severities are uncertain too
    /// (two rounds: first with the others' noise alone, then with their severity variances added).
    /// - Complexity: O(labels) per round.
    func severityVariances() -> [Double] {
        let fallback = severityPrecision > 0 ? 1 / severityPrecision : fallbackVariance
        var variance = [Double](repeating: 0, count: nA)
        var itemWeight = [Double](repeating: 0, count: nI)
        for _ in 0..<2 {
            // Weight of a rating of rater a in its item's value: 1 / (noise² + Var(severity)).
            let q = (0..<nA).map { 1 / (noiseVariance[$0] + variance[$0]) }
            var info = [Double](repeating: severityPrecision, count: nA)
            withLabels { off, ann, _ in
                q.withUnsafeBufferPointer { q in
                    for i in 0..<nI {
                        var w = itemPrecision
                        for l in off[i]..<off[i + 1] { w += q[Int(ann[l])] }
                        itemWeight[i] = w
                    }
                    noiseVariance.withUnsafeBufferPointer { nv in
                        itemWeight.withUnsafeBufferPointer { weight in
                            info.withUnsafeMutableBufferPointer { info in
                                for i in 0..<nI {
                                    for l in off[i]..<off[i + 1] {
                                        let a = Int(ann[l])
                                        let rest = weight[i] - q[a]
                                        guard rest > weight[i] * 1e-12 else { continue }
                                        info[a] += 1 / (nv[a] + 1 / rest)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            variance = info.map { $0 > 0 ? 1 / $0 : fallback }
            if case .rater(let k) = model.anchor { variance[k] = 0 }
        }
        return variance
    }

    /// Runs `body` with the item offsets, annotator and value columns as buffers.
    func withLabels<R>(
        _ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        set.index.itemOffsets.withUnsafeBufferPointer { off in
            set.index.annotator.withUnsafeBufferPointer { ann in
                set.value.withUnsafeBufferPointer { val in body(off, ann, val) }
            }
        }
    }

    func result() -> RatingConsensus {
        let severityVariance = severityVariances()
        let q = (0..<nA).map { 1 / (noiseVariance[$0] + severityVariance[$0]) }
        var valueInfo = [Double](repeating: itemPrecision, count: nI)
        var itemRatings = [Int](repeating: 0, count: nI)
        withLabels { off, ann, _ in
            for i in 0..<nI {
                itemRatings[i] = off[i + 1] - off[i]
                var w = itemPrecision
                for l in off[i]..<off[i + 1] { w += q[Int(ann[l])] }
                valueInfo[i] = w
            }
        }
        let z = RatingConsensus.z95
        var low = [Double](repeating: 0, count: nI)
        var high = [Double](repeating: 0, count: nI)
        for i in 0..<nI {
            let half = z * (valueInfo[i] > 0 ? 1 / valueInfo[i] : fallbackVariance).squareRoot()
            low[i] = value[i] - half
            high[i] = value[i] + half
        }
        var notes: [String] = []
        switch model.anchor {
        case .meanZero: notes.append("severities average to 0 over the raters with ratings")
        case .rater(let k): notes.append("severities are relative to rater \(k) (severity 0)")
        }
        if model.severityPrior == .empirical, severityPrecision > 0 {
            notes.append(
                "severity prior sd \(String(format: "%.4g", (1 / severityPrecision).squareRoot())) learnt from the raters"
            )
        }
        if model.noisePriorWeight == nil, nA >= 3 {
            notes.append(
                "noise prior \(String(format: "%.4g", noiseWeight)) pseudo-ratings learnt from the raters")
        }
        if !converged { notes.append("stopped at the iteration cap (\(iterations)) before converging") }
        return RatingConsensus(
            method: model.name, value: value, low: low, high: high, itemRatings: itemRatings,
            severity: severity,
            severityLow: (0..<nA).map { severity[$0] - z * severityVariance[$0].squareRoot() },
            severityHigh: (0..<nA).map { severity[$0] + z * severityVariance[$0].squareRoot() },
            noise: noiseVariance.map { $0.squareRoot() }, raterRatings: ratingsOf, iterations: iterations,
            converged: converged, notes: notes)
    }
}
