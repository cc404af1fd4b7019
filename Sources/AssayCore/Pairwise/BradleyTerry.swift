// Assay — quality control for human-labelled training data.

import Dispatch
import Foundation

/// Bradley–Terry with Davidson's ties, fitted to convergence by minorise–maximise iterations
/// (Zermelo's for ν = 0; Davidson's 1970 fixed point with ties), with a weak prior and score intervals.
///
/// Every label is one comparison of the item's two objects (position is not used; strength, when
/// given, makes a soft outcome: see `PairwiseComparisons`). The prior gives each object `priorWeight`
/// virtual games against a reference object of score 0, half won and half lost, so that an object
/// that never wins (or never loses) keeps a finite score and objects in separate components of the
/// comparison graph are placed on one scale (each component is pulled towards 0). With 1 virtual game
/// it weighs as much as one real comparison per object.
///
/// Stops when no score moves by more than `tolerance` in an iteration. Scores are centred; intervals
/// come from the observed Fisher information (see `DavidsonModel.standardErrors`).
public struct BradleyTerry: PairwiseRankingMethod {
    /// `bt`.
    public let name = "bt"
    /// Virtual games each object plays against a reference of score 0 (half won, half lost).
    public var priorWeight = 1.0
    /// Convergence threshold on the largest change of a score in one iteration.
    public var tolerance = 1e-8
    /// Iteration cap.
    public var maxIterations = 20_000
    /// Largest object count for which intervals invert the information matrix exactly.
    public var exactIntervalLimit = 1_000

    /// Bradley–Terry with the usual settings.
    public init() {}

    /// - Complexity: O(iterations × items with labels), parallel over two halves of the rows from
    ///   400,000 rows; plus the intervals (see `DavidsonModel.standardErrors`).
    public func fit(_ set: PairwiseSet) -> PairwiseScores {
        let rows = PairwiseComparisons.byItem(set)
        let fit = self.fit(rows)
        var state = DavidsonIteration(objects: rows.objects, parts: rows.parts.count)
        state.set(theta: fit.theta, nu: fit.nu)
        let se = DavidsonModel.standardErrors(
            rows, theta: fit.theta, nu: fit.nu, eta: nil, priorWeight: priorWeight,
            exactLimit: exactIntervalLimit)
        var notes = [
            "prior: \(priorWeight) virtual game(s) per object against a reference of score 0",
            fit.nu > 0
                ? "ties modelled as Davidson's: ν = \(String(format: "%.4f", fit.nu))" : "no ties in the set",
        ]
        if !set.strength.isEmpty { notes.append("strengths used as soft outcomes: (1 + s)/2 of a win") }
        if !fit.converged {
            notes.append("stopped at the iteration cap (\(fit.iterations)) before converging")
        }
        return .make(
            method: name, theta: fit.theta, se: se, set: set, nu: fit.nu, eta: [],
            logLikelihood: state.logLikelihood(rows),
            iterations: fit.iterations, converged: fit.converged, notes: notes)
    }

    /// The fitted scores (not centred), tie parameter and iteration count for `rows`.
    func fit(_ rows: PairwiseComparisons) -> (theta: [Double], nu: Double, iterations: Int, converged: Bool) {
        let m = rows.objects
        // Wins + half the ties per object: constant over iterations.
        let (wins, appearances) = DavidsonIteration.totals(rows)
        let numerator = wins.map { $0 + priorWeight / 2 }
        let tieTotal = rows.tieWeight
        let ties = tieTotal > 0
        // Only ties (or nothing): every pair's likelihood ν / (2 cosh(x/2) + ν) peaks at equal scores
        // and rises with ν without bound, so the maximum is all scores 0 (the prior's centre) and ν
        // at its cap. The iterations would creep there: the data hardly move the scores.
        var decisive = 0.0
        for r in 0..<rows.count { decisive += Double(rows.winFirst[r]) + Double(rows.winSecond[r]) }
        if decisive == 0 {
            return ([Double](repeating: 0, count: m), ties ? DavidsonIteration.maxTieParameter : 0, 0, true)
        }
        var state = DavidsonIteration(objects: m, parts: rows.parts.count)
        let components = DavidsonIteration.components(rows)
        // Parameters: the scores, then log ν when there are ties.
        let start = [Double](repeating: 0, count: m) + (ties ? [log(0.5)] : [])
        let solution = Squarem(tolerance: tolerance, maxSteps: maxIterations).run(from: start) { x in
            state.set(theta: x, nu: ties ? exp(x[m]) : 0)
            state.accumulate(rows)
            state.update(numerator: numerator, priorWeight: priorWeight, tieTotal: tieTotal)
            state.recentre(components)
            for i in 0..<m { x[i] = state.theta[i] }
            if ties { x[m] = log(state.nu) }
        } objective: { x in
            state.set(theta: x, nu: ties ? exp(x[m]) : 0)
            return state.logLikelihood(rows, wins: wins, appearances: appearances, tieTotal: tieTotal)
                + DavidsonModel.logPrior(state.theta, weight: priorWeight)
        }
        state.set(theta: solution.x, nu: ties ? exp(solution.x[m]) : 0)
        return (state.theta, state.nu, solution.steps, solution.converged)
    }
}

/// The state of the minorise–maximise iterations for Davidson's model: scores kept as s = e^{θ/2},
/// and each part's sums from the last pass over the rows.
struct DavidsonIteration {
    /// Current scores θ.
    var theta: [Double]
    /// e^{θ/2} per object.
    var s: [Double]
    /// Tie parameter ν.
    var nu = 0.0
    /// Per part, `objects + 2` entries: the denominator sums, the tie sum, and a spare entry.
    var sums: [Double]
    let objects: Int
    let parts: Int
    /// Cap on ν: when (almost) every vote is a tie the likelihood keeps rising as ν grows.
    static let maxTieParameter = 1e6

    init(objects: Int, parts: Int) {
        self.objects = objects
        self.parts = parts
        theta = [Double](repeating: 0, count: objects)
        s = [Double](repeating: 1, count: objects)
        sums = [Double](repeating: 0, count: parts * (objects + 2))
    }

    /// Sets the scores from the first `objects` entries of `x`, and ν.
    mutating func set(theta x: [Double], nu: Double) {
        for i in 0..<objects {
            theta[i] = x[i]
            s[i] = exp(x[i] / 2)
        }
        self.nu = nu
    }

    /// Per object: wins (half of each tie counted) and the total weight of its rows.
    /// - Complexity: O(rows).
    static func totals(_ rows: PairwiseComparisons) -> (wins: [Double], appearances: [Double]) {
        var wins = [Double](repeating: 0, count: rows.objects)
        var appearances = [Double](repeating: 0, count: rows.objects)
        for r in 0..<rows.count {
            let t = Double(rows.ties[r]) / 2
            let i = Int(rows.first[r])
            let j = Int(rows.second[r])
            wins[i] += Double(rows.winFirst[r]) + t
            wins[j] += Double(rows.winSecond[r]) + t
            appearances[i] += Double(rows.weight[r])
            appearances[j] += Double(rows.weight[r])
        }
        return (wins, appearances)
    }

    /// The log-likelihood of the rows at the current scores:
    /// Σ_i wins_i θ_i + ties · log ν − Σ_rows n log D, D = e^{θ_i} + e^{θ_j} + ν e^{(θ_i + θ_j)/2},
    /// where `wins` counts half of each tie. Each row's log D is split into (θ_i + θ_j)/2, summed per
    /// object through `appearances` (the total weight of each object's rows), and log g with
    /// g = e^{(θ_i − θ_j)/2} + e^{(θ_j − θ_i)/2} + ν ≥ 2, whose logs are taken of running products
    /// (one log per many rows instead of one a row).
    /// - Complexity: O(rows), both halves at once from 400,000 rows.
    func logLikelihood(_ rows: PairwiseComparisons, wins: [Double], appearances: [Double], tieTotal: Double)
        -> Double
    {
        var ll = tieTotal > 0 ? tieTotal * log(nu) : 0
        for i in 0..<objects { ll += (wins[i] - appearances[i] / 2) * theta[i] }
        guard rows.count > 0 else { return ll }
        let inverse = s.map { 1 / $0 }
        let ranges = rows.parts
        var partial = [Double](repeating: 0, count: ranges.count)
        let nu = self.nu
        s.withUnsafeBufferPointer { sBuf in
            inverse.withUnsafeBufferPointer { iBuf in
                partial.withUnsafeMutableBufferPointer { out in
                    let box = UncheckedBox((sBuf.baseAddress!, iBuf.baseAddress!, out.baseAddress!, rows))
                    let work: @Sendable (Int) -> Void = { p in
                        let (s, inv, out, rows) = box.value
                        out[p] = rows.withColumns { f, sd, w in
                            var sum = 0.0
                            var product = 1.0
                            for r in ranges[p] {
                                let i = Int(f[r])
                                let j = Int(sd[r])
                                let g = s[i] * inv[j] + s[j] * inv[i] + nu
                                let n = Double(w[r])
                                if n == 1 {
                                    product *= g
                                    if product > 1e250 {
                                        sum += log(product)
                                        product = 1
                                    }
                                } else {
                                    sum += n * log(g)
                                }
                            }
                            return sum + log(product)
                        }
                    }
                    if ranges.count == 1 {
                        work(0)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: ranges.count, execute: work)
                    }
                }
            }
        }
        for p in partial { ll -= p }
        return ll
    }

    /// The log-likelihood of `rows` at the current scores.
    /// - Complexity: O(rows).
    func logLikelihood(_ rows: PairwiseComparisons) -> Double {
        let (wins, appearances) = Self.totals(rows)
        return logLikelihood(rows, wins: wins, appearances: appearances, tieTotal: rows.tieWeight)
    }

    /// One pass over `rows`: for each row of total weight n, adds n (s_i + ν s_j / 2) / D to object
    /// i's sum (and symmetrically to j's) and n s_i s_j / D to the tie sum, D = s_i² + s_j² + ν s_i s_j.
    /// - Complexity: O(rows), both halves at once from 400,000 rows.
    mutating func accumulate(_ rows: PairwiseComparisons) {
        let ranges = rows.parts
        precondition(ranges.count == parts)
        guard rows.count > 0, objects > 0 else {
            for k in sums.indices { sums[k] = 0 }
            return
        }
        let nu = self.nu
        let m = objects
        s.withUnsafeBufferPointer { sBuf in
            sums.withUnsafeMutableBufferPointer { out in
                let box = UncheckedBox((sBuf.baseAddress!, out.baseAddress!, rows))
                let work: @Sendable (Int) -> Void = { p in
                    let (s, out, rows) = box.value
                    rows.withColumns { f, sd, w in
                        if nu == 0 {
                            Self.pass(
                                range: ranges[p], s: s, first: f, second: sd, weight: w, nu: 0, ties: false,
                                out: out + p * (m + 2), objects: m)
                        } else {
                            Self.pass(
                                range: ranges[p], s: s, first: f, second: sd, weight: w, nu: nu, ties: true,
                                out: out + p * (m + 2), objects: m)
                        }
                    }
                }
                if ranges.count == 1 {
                    work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: ranges.count, execute: work)
                }
            }
        }
    }

    /// The accumulation over one row range; `ties` false (ν = 0) drops the tie terms.
    @inline(__always)
    private static func pass(
        range: Range<Int>, s: UnsafePointer<Double>, first: UnsafePointer<Int32>,
        second: UnsafePointer<Int32>,
        weight: UnsafePointer<Float>, nu: Double, ties: Bool, out: UnsafeMutablePointer<Double>, objects: Int
    ) {
        out.update(repeating: 0, count: objects + 2)
        let halfNu = nu / 2
        var tie = 0.0
        for r in range {
            let i = Int(first[r])
            let j = Int(second[r])
            let si = s[i]
            let sj = s[j]
            let n = Double(weight[r])
            let d = ties ? si * si + sj * sj + nu * si * sj : si * si + sj * sj
            let q = n / d
            if ties {
                out[i] += q * (si + halfNu * sj)
                out[j] += q * (sj + halfNu * si)
                tie += q * si * sj
            } else {
                out[i] += q * si
                out[j] += q * sj
            }
        }
        out[objects] = tie
    }

    /// The M-step from the accumulated sums: π_i = numerator_i / (sum_i / s_i + w / (1 + π_i)), and
    /// ν = ties / tie sum.
    /// - Complexity: O(objects × parts).
    mutating func update(numerator: [Double], priorWeight: Double, tieTotal: Double) {
        let stride = objects + 2
        var tieSum = 0.0
        for p in 0..<parts { tieSum += sums[p * stride + objects] }
        for i in 0..<objects {
            var g = sums[i]
            for p in 1..<max(parts, 1) { g += sums[p * stride + i] }
            let si = s[i]
            let pi = si * si
            let denominator = g / si + priorWeight / (1 + pi)
            let newPi = numerator[i] / denominator
            theta[i] = log(newPi)
            s[i] = newPi.squareRoot()
        }
        if tieTotal > 0, tieSum > 0 { nu = min(tieTotal / tieSum, Self.maxTieParameter) }
    }

    /// The largest change of a score since `before`.
    func largestChange(from before: [Double]) -> Double {
        var change = 0.0
        for i in 0..<objects { change = max(change, abs(theta[i] - before[i])) }
        return change
    }

    /// Shifts the scores of each connected component of the comparison graph by the constant that
    /// maximises the prior (the likelihood does not change under such a shift): Σ σ(θ_i + δ) = n/2
    /// over the component, solved by Newton's method. The minorise–maximise step alone moves this
    /// level only at the rate prior/(prior + comparisons) per iteration; the exact step removes that
    /// slow direction.
    /// - Complexity: O(objects) per Newton step (at most 50).
    mutating func recentre(_ components: (id: [Int32], count: Int)) {
        let k = components.count
        // σ(θ_i + δ) = π_i e^δ / (1 + π_i e^δ) with π_i = s_i²: one exp per component and Newton step.
        var scale = [Double](repeating: 1, count: k)
        var delta = [Double](repeating: 0, count: k)
        var f = [Double](repeating: 0, count: k)
        var slope = [Double](repeating: 0, count: k)
        for _ in 0..<50 {
            for c in 0..<k {
                f[c] = 0
                slope[c] = 0
            }
            for i in 0..<objects {
                let c = Int(components.id[i])
                let x = s[i] * s[i] * scale[c]
                let p = x / (1 + x)
                f[c] += p - 0.5
                slope[c] += p * (1 - p)
            }
            var step = 0.0
            for c in 0..<k where slope[c] > 0 {
                let d = max(-5, min(5, f[c] / slope[c]))
                delta[c] -= d
                scale[c] = exp(delta[c])
                step = max(step, abs(d))
            }
            if step < 1e-13 { break }
        }
        for c in 0..<k { scale[c] = exp(delta[c] / 2) }
        for i in 0..<objects {
            let c = Int(components.id[i])
            if delta[c] != 0 {
                theta[i] += delta[c]
                s[i] *= scale[c]
            }
        }
    }

    /// Connected components of the comparison graph: a component index per object, and their number.
    /// - Complexity: O(rows · α(objects)).
    static func components(_ rows: PairwiseComparisons) -> (id: [Int32], count: Int) {
        var parent = [Int32](0..<Int32(rows.objects))
        func root(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for r in 0..<rows.count {
            let a = root(rows.first[r])
            let b = root(rows.second[r])
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        var id = [Int32](repeating: -1, count: rows.objects)
        var count = 0
        for i in 0..<rows.objects {
            let r = Int(root(Int32(i)))
            if id[r] < 0 {
                id[r] = Int32(count)
                count += 1
            }
            id[i] = id[r]
        }
        return (id, count)
    }
}
