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
            logLikelihood: DavidsonModel.logLikelihood(rows, theta: fit.theta, nu: fit.nu, eta: nil),
            iterations: fit.iterations, converged: fit.converged, notes: notes)
    }

    /// The fitted scores (not centred), tie parameter and iteration count for `rows`.
    func fit(_ rows: PairwiseComparisons) -> (theta: [Double], nu: Double, iterations: Int, converged: Bool) {
        let m = rows.objects
        // Wins + half the ties per object: constant over iterations.
        var wins = [Double](repeating: 0, count: m)
        for r in 0..<rows.count {
            let t = Double(rows.ties[r]) / 2
            wins[Int(rows.first[r])] += Double(rows.winFirst[r]) + t
            wins[Int(rows.second[r])] += Double(rows.winSecond[r]) + t
        }
        let numerator = wins.map { $0 + priorWeight / 2 }
        let tieTotal = rows.tieWeight
        let ties = tieTotal > 0
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
            return state.logLikelihood(rows, wins: wins, tieTotal: tieTotal)
                + DavidsonModel.logPrior(state.theta, weight: priorWeight)
        }
        state.set(theta: solution.x, nu: ties ? exp(solution.x[m]) : 0)
        return (state.theta, state.nu, solution.steps, solution.converged)
    }
}

/// The state of the minorise–maximise iterations for Davidson's model: scores kept as s = e^{θ/2},
/// and each part's accumulators of the denominators.
struct DavidsonIteration {
    /// Current scores θ.
    var theta: [Double]
    /// e^{θ/2} per object.
    var s: [Double]
    /// Tie parameter ν.
    var nu = 0.0
    /// Per part, `objects + 1` entries: the denominator sums, then the tie sum.
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
        sums = [Double](repeating: 0, count: parts * (objects + 1))
    }

    /// Sets the scores from the first `objects` entries of `x`, and ν.
    mutating func set(theta x: [Double], nu: Double) {
        for i in 0..<objects {
            theta[i] = x[i]
            s[i] = exp(x[i] / 2)
        }
        self.nu = nu
    }

    /// The log-likelihood of plain Davidson rows at the current scores:
    /// Σ_i wins_i θ_i + ties · log ν − Σ_rows n log(e^{θ_i} + e^{θ_j} + ν e^{(θ_i + θ_j)/2}), where
    /// `wins` counts half of each tie.
    /// - Complexity: O(rows), both halves at once from 400,000 rows.
    func logLikelihood(_ rows: PairwiseComparisons, wins: [Double], tieTotal: Double) -> Double {
        var ll = tieTotal > 0 ? tieTotal * log(nu) : 0
        for i in 0..<objects { ll += wins[i] * theta[i] }
        let ranges = rows.parts
        var partial = [Double](repeating: 0, count: ranges.count)
        let nu = self.nu
        s.withUnsafeBufferPointer { sBuf in
            partial.withUnsafeMutableBufferPointer { out in
                let box = UncheckedBox((sBuf.baseAddress, out.baseAddress!, rows))
                let work: @Sendable (Int) -> Void = { p in
                    let (s, out, rows) = box.value
                    var sum = 0.0
                    rows.first.withUnsafeBufferPointer { f in
                        rows.second.withUnsafeBufferPointer { sd in
                            rows.winFirst.withUnsafeBufferPointer { wf in
                                rows.winSecond.withUnsafeBufferPointer { ws in
                                    rows.ties.withUnsafeBufferPointer { wt in
                                        for r in ranges[p] {
                                            let si = s![Int(f[r])]
                                            let sj = s![Int(sd[r])]
                                            let n = Double(wf[r]) + Double(ws[r]) + Double(wt[r])
                                            sum += n * log(si * si + sj * sj + nu * si * sj)
                                        }
                                    }
                                }
                            }
                        }
                    }
                    out[p] = sum
                }
                if ranges.count == 1 {
                    work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: ranges.count, execute: work)
                }
            }
        }
        for p in partial { ll -= p }
        return ll
    }

    /// One pass over `rows`: for each row of total weight n, adds n (s_i + ν s_j / 2) / D to object
    /// i's sum (and symmetrically to j's) and n s_i s_j / D to the tie sum, D = s_i² + s_j² + ν s_i s_j.
    /// - Complexity: O(rows), both halves of the rows at once from 400,000 rows.
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
                    rows.first.withUnsafeBufferPointer { f in
                        rows.second.withUnsafeBufferPointer { sd in
                            rows.winFirst.withUnsafeBufferPointer { wf in
                                rows.winSecond.withUnsafeBufferPointer { ws in
                                    rows.ties.withUnsafeBufferPointer { wt in
                                        Self.pass(
                                            range: ranges[p], s: s, first: f.baseAddress!,
                                            second: sd.baseAddress!,
                                            wf: wf.baseAddress!, ws: ws.baseAddress!, wt: wt.baseAddress!,
                                            nu: nu,
                                            out: out + p * (m + 1), objects: m)
                                    }
                                }
                            }
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

    @inline(__always)
    private static func pass(
        range: Range<Int>, s: UnsafePointer<Double>, first: UnsafePointer<Int32>,
        second: UnsafePointer<Int32>,
        wf: UnsafePointer<Float>, ws: UnsafePointer<Float>, wt: UnsafePointer<Float>, nu: Double,
        out: UnsafeMutablePointer<Double>, objects: Int
    ) {
        out.update(repeating: 0, count: objects + 1)
        let halfNu = nu / 2
        var tie = 0.0
        for r in range {
            let i = Int(first[r])
            let j = Int(second[r])
            let si = s[i]
            let sj = s[j]
            let n = Double(wf[r]) + Double(ws[r]) + Double(wt[r])
            let q = n / (si * si + sj * sj + nu * si * sj)
            out[i] += q * (si + halfNu * sj)
            out[j] += q * (sj + halfNu * si)
            tie += q * si * sj
        }
        out[objects] = tie
    }

    /// The M-step from the accumulated sums: π_i = numerator_i / (sum_i / s_i + w / (1 + π_i)), and
    /// ν = ties / tie sum.
    /// - Complexity: O(objects × parts).
    mutating func update(numerator: [Double], priorWeight: Double, tieTotal: Double) {
        let stride = objects + 1
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
                let p = 1 / (1 + exp(-(theta[i] + delta[c])))
                f[c] += p - 0.5
                slope[c] += p * (1 - p)
            }
            var step = 0.0
            for c in 0..<k where slope[c] > 0 {
                let d = max(-5, min(5, f[c] / slope[c]))
                delta[c] -= d
                step = max(step, abs(d))
            }
            if step < 1e-13 { break }
        }
        for i in 0..<objects {
            let d = delta[Int(components.id[i])]
            if d != 0 {
                theta[i] += d
                s[i] = exp(theta[i] / 2)
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
