// Assay — quality control for human-labelled training data.

import Foundation

/// Crowd-BT (Chen, Bennett, Collins-Thompson and Horvitz, WSDM 2013): Bradley–Terry in which each
/// annotator reports the true order with probability η and the reverse otherwise, η learnt per
/// annotator; ties follow Davidson's model and are reported as they are (see `DavidsonModel`).
///
/// Fitted offline by EM (the paper updates online): the E-step gives each vote the probability that
/// it was faithful; the M-step is one minorise–maximise step of the scores on the resulting soft wins
/// (so every iteration raises the likelihood) and η = (faithful + a) / (votes + a + b) with
/// `reliabilityPrior` = (a, b) pseudo-votes, a MAP estimate under a Beta(a + 1, b + 1) prior that keeps
/// η of an annotator with few votes near a/(a + b). Starts from the Bradley–Terry fit with the same
/// score prior; η may fall below ½ (an annotator who reverses the order).
///
/// Intervals come from the observed Fisher information with η and ν held at their estimates.
public struct CrowdBT: PairwiseRankingMethod {
    /// `crowdbt`.
    public let name = "crowdbt"
    /// Virtual games each object plays against a reference of score 0 (as `BradleyTerry`).
    public var priorWeight = 1.0
    /// Pseudo-votes (faithful, reversed) added to each annotator's counts.
    public var reliabilityPrior = (faithful: 4.0, reversed: 1.0)
    /// Convergence threshold on the largest change of a score or a reliability in one iteration.
    public var tolerance = 1e-7
    /// Iteration cap.
    public var maxIterations = 5_000
    /// Largest object count for which intervals invert the information matrix exactly.
    public var exactIntervalLimit = 1_000

    /// Crowd-BT with the usual settings.
    public init() {}

    /// - Complexity: O(iterations × labels) plus the Bradley–Terry start and the intervals.
    public func fit(_ set: PairwiseSet) -> PairwiseScores {
        let rows = PairwiseComparisons.byLabel(set)
        let fit = self.fit(rows)
        let se = DavidsonModel.standardErrors(
            rows, theta: fit.theta, nu: fit.nu, eta: fit.eta, priorWeight: priorWeight,
            exactLimit: exactIntervalLimit)
        var notes = [
            "prior: \(priorWeight) virtual game(s) per object against a reference of score 0; "
                + "reliability pseudo-votes \(reliabilityPrior.faithful) faithful, "
                + "\(reliabilityPrior.reversed) reversed",
            fit.nu > 0
                ? "ties modelled as Davidson's: ν = \(String(format: "%.4f", fit.nu))" : "no ties in the set",
        ]
        let reversing = fit.eta.filter { $0 < 0.5 }.count
        if reversing > 0 {
            notes.append("\(reversing) annotator(s) more likely to reverse the order than not")
        }
        if !set.strength.isEmpty { notes.append("strengths used as soft outcomes: (1 + s)/2 of a win") }
        if !fit.converged {
            notes.append("stopped at the iteration cap (\(fit.iterations)) before converging")
        }
        return .make(
            method: name, theta: fit.theta, se: se, set: set, nu: fit.nu, eta: fit.eta,
            logLikelihood: DavidsonModel.logLikelihood(rows, theta: fit.theta, nu: fit.nu, eta: fit.eta),
            iterations: fit.iterations, converged: fit.converged, notes: notes)
    }

    /// Scores (not centred), tie parameter, reliabilities and iterations for per-label `rows`.
    func fit(_ rows: PairwiseComparisons) -> (
        theta: [Double], nu: Double, eta: [Double], iterations: Int, converged: Bool
    ) {
        let m = rows.objects
        let nA = rows.annotators
        let (a, b) = reliabilityPrior
        let tieTotal = rows.tieWeight
        let ties = tieTotal > 0
        let components = DavidsonIteration.components(rows)
        var state = DavidsonIteration(objects: m, parts: 1)
        var numerator = [Double](repeating: 0, count: m)
        var faithful = [Double](repeating: 0, count: nA)
        var votes = [Double](repeating: 0, count: nA)
        var eta = [Double](repeating: 0, count: nA)
        // Parameters: the scores, log ν when there are ties, then logit η per annotator.
        let etaAt = ties ? m + 1 : m
        func unpack(_ x: [Double]) {
            state.set(theta: x, nu: ties ? exp(x[m]) : 0)
            for w in 0..<nA { eta[w] = 1 / (1 + exp(-x[etaAt + w])) }
        }
        let prior = a / max(a + b, 1e-12)
        // Starts from the Bradley–Terry fit, every η at the prior's mean.
        var bt = BradleyTerry()
        bt.priorWeight = priorWeight
        bt.tolerance = 1e-6
        let initial = bt.fit(rows)
        let start =
            initial.theta + (ties ? [log(max(initial.nu, 1e-6))] : [])
            + [Double](repeating: log(prior / (1 - prior)), count: nA)
        let solution = Squarem(tolerance: tolerance, maxSteps: maxIterations).run(from: start) { x in
            unpack(x)
            for i in 0..<m { numerator[i] = priorWeight / 2 }
            for w in 0..<nA {
                faithful[w] = 0
                votes[w] = 0
            }
            Self.expectation(
                rows, s: state.s, nu: state.nu, eta: eta, numerator: &numerator, faithful: &faithful,
                votes: &votes, sums: &state.sums)
            state.update(numerator: numerator, priorWeight: priorWeight, tieTotal: tieTotal)
            state.recentre(components)
            for i in 0..<m { x[i] = state.theta[i] }
            if ties { x[m] = log(state.nu) }
            for w in 0..<nA {
                let e = min(max((faithful[w] + a) / max(votes[w] + a + b, 1e-12), 1e-9), 1 - 1e-9)
                x[etaAt + w] = log(e / (1 - e))
            }
        } objective: { x in
            unpack(x)
            var f = DavidsonModel.logLikelihood(rows, theta: state.theta, nu: state.nu, eta: eta)
            f += DavidsonModel.logPrior(state.theta, weight: priorWeight)
            for w in 0..<nA { f += a * log(eta[w]) + b * log(1 - eta[w]) }
            return f
        }
        unpack(solution.x)
        return (state.theta, state.nu, eta, solution.steps, solution.converged)
    }

    /// The E-step fused with the score M-step's sums: each vote's probability of being faithful
    /// splits it into soft wins (`numerator`), per-annotator faithful and total votes, and the
    /// Davidson denominators and tie sum into `sums` (as `DavidsonIteration` lays them out).
    /// - Complexity: O(rows).
    static func expectation(
        _ rows: PairwiseComparisons, s: [Double], nu: Double, eta: [Double], numerator: inout [Double],
        faithful: inout [Double], votes: inout [Double], sums: inout [Double]
    ) {
        let m = s.count
        for k in sums.indices { sums[k] = 0 }
        guard rows.count > 0 else { return }
        let halfNu = nu / 2
        var tie = 0.0
        s.withUnsafeBufferPointer { s in
            eta.withUnsafeBufferPointer { eta in
                numerator.withUnsafeMutableBufferPointer { num in
                    faithful.withUnsafeMutableBufferPointer { faithful in
                        votes.withUnsafeMutableBufferPointer { votes in
                            sums.withUnsafeMutableBufferPointer { g in
                                for r in 0..<rows.count {
                                    let i = Int(rows.first[r])
                                    let j = Int(rows.second[r])
                                    let w = Int(rows.annotator[r])
                                    let si = s[i]
                                    let sj = s[j]
                                    let wF = Double(rows.winFirst[r])
                                    let wS = Double(rows.winSecond[r])
                                    let wT = Double(rows.ties[r])
                                    let d = si * si + sj * sj + nu * si * sj
                                    let q = (wF + wS + wT) / d
                                    g[i] += q * (si + halfNu * sj)
                                    g[j] += q * (sj + halfNu * si)
                                    tie += q * si * sj
                                    let e = eta[w]
                                    let pi = si * si
                                    let pj = sj * sj
                                    // P(faithful | said first better) and P(faithful | said second better).
                                    let saysF = max(e * pi + (1 - e) * pj, 1e-300)
                                    let saysS = max(e * pj + (1 - e) * pi, 1e-300)
                                    let rF = wF > 0 ? e * pi / saysF : 0
                                    let rS = wS > 0 ? e * pj / saysS : 0
                                    num[i] += wF * rF + wS * (1 - rS) + wT / 2
                                    num[j] += wS * rS + wF * (1 - rF) + wT / 2
                                    faithful[w] += wF * rF + wS * rS
                                    votes[w] += wF + wS
                                }
                            }
                        }
                    }
                }
            }
        }
        sums[m] = tie
    }
}
