// Assay — quality control for human-labelled training data.

import Foundation

/// MACE (Hovy et al., 2013): each annotator either knows the answer (probability 1 − spam) or
/// spams from a personal distribution θ. Fitted by variational Bayes EM with Beta(0.5, 0.5) priors
/// on knowing and Dirichlet(10) priors on θ, as in crowd-kit's `MACE(method="vb")`.
///
/// Restarts: `restarts` seeded random starts run `restartIterations` iterations each; the start
/// with the best marginal likelihood continues to `maxIterations` (or until the log-likelihood per
/// label changes by less than `tolerance`).
public struct MACE: InferenceMethod {
    /// `mace`.
    public let name = "mace"
    /// Seed of the random starts.
    public var seed: UInt64
    /// Number of random starts.
    public var restarts = 1
    /// Iterations each start runs before the best is chosen.
    public var restartIterations = 10
    /// Total iteration cap for the chosen start.
    public var maxIterations = 50
    /// Convergence threshold on the change of log-likelihood per label.
    public var tolerance = 1e-7

    /// MACE with seeded restarts.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// - Complexity: O((restarts × restartIterations + maxIterations) × labels × K).
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let k = set.classCount
        guard k > 1, set.count > 0 else { return MajorityVote().infer(set, gold: gold).renamed(name) }
        var rng = SeededGenerator(seed: seed)
        var best: State?
        for _ in 0..<max(restarts, 1) {
            var s = State(set: set, gold: gold, rng: &rng)
            for _ in 0..<restartIterations { s.iterate() }
            if best == nil || s.logLikelihood > best!.logLikelihood { best = s }
        }
        var state = best!
        var iterations = restartIterations
        var converged = false
        var previous = state.logLikelihood
        while iterations < maxIterations {
            state.iterate()
            iterations += 1
            if abs(state.logLikelihood - previous) / Double(set.count) < tolerance {
                converged = true
                break
            }
            previous = state.logLikelihood
        }
        let post = state.posteriors()
        let prior = Posteriors.prior(post, classes: k, items: set.itemCount)
        // Confusion: P(o | t) = knowing·[o = t] + spamming·θ[o].
        var confusion = [Double](repeating: 0, count: set.annotatorCount * k * k)
        var skill = [Double](repeating: 0, count: set.annotatorCount)
        let knowingShare = state.knowing
        for a in 0..<set.annotatorCount {
            let knowing = knowingShare[a]
            var thetaSum = 0.0
            for o in 0..<k { thetaSum += state.theta[a * k + o] }
            var lucky = 0.0
            for t in 0..<k {
                for o in 0..<k {
                    confusion[(a * k + t) * k + o] =
                        (1 - knowing) * state.theta[a * k + o] / thetaSum + (o == t ? knowing : 0)
                }
                lucky += prior[t] * state.theta[a * k + t] / thetaSum
            }
            skill[a] = knowing + (1 - knowing) * lucky
        }
        var notes = ["\(restarts) seeded starts (seed \(seed)); best marginal likelihood kept"]
        if let gold, gold.knownCount > 0 { notes.append("\(gold.knownCount) gold items clamped") }
        return InferenceResult(
            method: name, classCount: k, posteriors: post, labels: Posteriors.argmax(post, classes: k),
            annotatorSkill: skill, skillMeaning: "estimated accuracy: knowing + spamming·P(lucky guess)",
            confusion: confusion, classPrior: prior, iterations: iterations, converged: converged,
            notes: notes)
    }

    struct State {
        let set: LabelSet
        let gold: GoldAnswers?
        let k: Int
        /// Variational weight of knowing per annotator.
        var knowW: [Double]
        /// Variational weight of spamming per annotator.
        var spamW: [Double]
        /// P(knowing) per annotator, normalised.
        var knowing: [Double] { zip(knowW, spamW).map { $0 / ($0 + $1) } }
        /// Spam distribution per annotator, `a * K + o`.
        var theta: [Double]
        /// Unnormalised posterior per item and class, and its log scale.
        var marginal: [Double]
        /// Class prior, re-estimated every iteration from the mean posterior.
        var logPrior: [Double]
        var logLikelihood = -Double.infinity

        init(set: LabelSet, gold: GoldAnswers?, rng: inout SeededGenerator) {
            self.set = set
            self.gold = gold
            k = set.classCount
            let nA = set.annotatorCount
            knowW = [Double](repeating: 0, count: nA)
            spamW = [Double](repeating: 0, count: nA)
            theta = [Double](repeating: 0, count: nA * k)
            for a in 0..<nA {
                let spam = 1 + 1.5 * rng.nextUnit()
                let know = 1 + 1.5 * rng.nextUnit()
                knowW[a] = know / (spam + know)
                spamW[a] = spam / (spam + know)
                var sum = 0.0
                for o in 0..<k {
                    theta[a * k + o] = 1 + 1.5 * rng.nextUnit()
                    sum += theta[a * k + o]
                }
                for o in 0..<k { theta[a * k + o] /= sum }
            }
            marginal = [Double](repeating: 0, count: set.itemCount * k)
            logPrior = [Double](repeating: -log(Double(k)), count: k)
        }

        /// One E-step (marginals, log-likelihood, expected counts) and one variational M-step.
        mutating func iterate() {
            let nA = set.annotatorCount
            var knowCount = [Double](repeating: 0, count: nA)
            var spamCount = [Double](repeating: 0, count: nA)
            var thetaCount = [Double](repeating: 0, count: nA * k)
            var ll = 0.0
            var s = [Double](repeating: 0, count: k)
            for i in 0..<set.itemCount {
                let r = set.labels(ofItem: i)
                let g = gold.map { Int($0.answer[i]) } ?? -1
                // Log marginal per candidate truth t: log(1/K) + Σ log(spam·θ[v] + know·[v = t]).
                for t in 0..<k { s[t] = logPrior[t] }
                for l in r {
                    let a = Int(set.annotator[l])
                    let v = Int(set.value[l])
                    let spamPart = spamW[a] * theta[a * k + v]
                    let logSpam = log(spamPart)
                    let logBoth = log(spamPart + knowW[a])
                    for t in 0..<k { s[t] += t == v ? logBoth : logSpam }
                }
                if g >= 0 { for t in 0..<k where t != g { s[t] = -.infinity } }
                let m = s.max()!
                var z = 0.0
                for t in 0..<k {
                    s[t] = exp(s[t] - m)
                    z += s[t]
                }
                ll += m + log(z)
                for t in 0..<k {
                    s[t] /= z
                    marginal[i * k + t] = s[t]
                }
                // Expected counts of spamming (by value) and knowing, per label.
                for l in r {
                    let a = Int(set.annotator[l])
                    let v = Int(set.value[l])
                    let spamPart = spamW[a] * theta[a * k + v]
                    let pv = s[v]
                    let knowShare = pv * knowW[a] / (spamPart + knowW[a])
                    let spamShare = 1 - knowShare
                    spamCount[a] += spamShare
                    knowCount[a] += knowShare
                    thetaCount[a * k + v] += spamShare
                }
            }
            logLikelihood = ll
            let prior = Posteriors.prior(marginal, classes: k, items: set.itemCount)
            logPrior = prior.map { log(max($0, 1e-10)) }
            for a in 0..<nA {
                let denominator = exp(digamma(spamCount[a] + knowCount[a] + 1.0))
                spamW[a] = exp(digamma(spamCount[a] + 0.5)) / denominator
                knowW[a] = exp(digamma(knowCount[a] + 0.5)) / denominator
                var total = 0.0
                for o in 0..<k { total += thetaCount[a * k + o] + 10 }
                let tDen = exp(digamma(total))
                for o in 0..<k { theta[a * k + o] = exp(digamma(thetaCount[a * k + o] + 10)) / tDen }
            }
        }

        func posteriors() -> [Double] { marginal }
    }
}
