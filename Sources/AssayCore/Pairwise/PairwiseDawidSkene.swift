// Assay — quality control for human-labelled training data.

import Foundation

/// The per-comparison consensus: for each shown pair, the posterior over {first better, second
/// better, tie}, with each annotator's reliability and position bias.
public struct PairwiseConsensus: Sendable {
    /// `pds`.
    public var method: String
    /// Row-major `items × 3`: P(first better), P(second better), P(tie) in the item's canonical
    /// orientation (`PairwiseSet.firstBetter`, …). Items without labels keep the prior.
    public var posteriors: [Double]
    /// Per item: the most probable canonical outcome (ties between them go to the lower code).
    public var outcomes: [UInt8]
    /// Estimated share of items whose true outcome is a tie (0 when the set has no tie votes).
    public var tiePrior: Double
    /// Per annotator: probability that a vote follows the true outcome.
    public var reliability: [Double]
    /// Per annotator: 95% Wilson interval of `reliability` on the expected counts.
    public var reliabilityInterval: [(low: Double, high: Double)]
    /// Per annotator: P(left | the vote does not follow the truth and is not a tie), the position
    /// bias (0.5: none); nil when positions are unknown (for the set, or for all of the annotator's
    /// votes).
    public var positionBias: [Double?]
    /// Per annotator: 95% Wilson interval of `positionBias` on the expected counts of such votes
    /// (wide for a reliable annotator, whose votes say little about bias); nil when unknown.
    public var positionBiasInterval: [(low: Double, high: Double)?]
    /// Per annotator: P(tie | the vote does not follow the truth).
    public var tieShare: [Double]
    /// Log-likelihood of the labels at the fit.
    public var logLikelihood: Double
    /// EM iterations run.
    public var iterations: Int
    /// Whether EM met its tolerance before its iteration cap.
    public var converged: Bool
    /// Plain-language remarks.
    public var notes: [String]

    /// Posterior of item `i`'s most probable outcome.
    public func confidence(ofItem i: Int) -> Double { posteriors[i * 3 + Int(outcomes[i])] }
}

/// A Dawid–Skene-style model over the three outcomes of a shown pair, with position bias.
///
/// Each item has a true canonical outcome t ∈ {first better, second better, tie}, with prior
/// ((1 − τ)/2, (1 − τ)/2, τ) (the two orders share their prior, so the arbitrary canonical orientation
/// does not matter). A vote of annotator a follows the truth with probability ρ_a (reliability);
/// otherwise it is drawn from the annotator's own distribution q_a over {left, right, tie} as shown —
/// MACE's spamming model (Hovy et al. 2013) put in the shown frame, where position bias lives:
/// P(says o | t) = ρ_a [o is t as shown] + (1 − ρ_a) q_a(o). Position bias is q_a(left) /
/// (q_a(left) + q_a(right)) = P(says left | indifferent, not a tie). For a vote whose display order
/// is unknown (or every vote, when the set's is), left and right count alike: ½ (q_a(left) +
/// q_a(right)) each, and such votes do not inform the bias. When no vote is a tie, ties are left out
/// of the model.
///
/// EM from the vote shares, as `DawidSkene`; the M-step adds one pseudo-vote each way to ρ_a and one
/// to each outcome of q_a. It does not join `ConfusionEM`: that engine keys a label's row by the class
/// given and sums over truths in one frame, while here the truth must be turned into the shown frame
/// per label and an annotator's nine confusion cells are tied to four parameters.
public struct PairwiseDawidSkene: Sendable {
    /// `pds`.
    public let name = "pds"
    /// Iteration cap.
    public var maxIterations = 500
    /// Convergence threshold on the change of log-likelihood per label.
    public var tolerance = 1e-9

    /// The model with the usual settings.
    public init() {}

    /// - Complexity: O(iterations × labels + annotators).
    public func fit(_ set: PairwiseSet) -> PairwiseConsensus {
        let nI = set.itemCount
        let nA = set.annotatorCount
        let n = set.count
        var hasTies = false
        for l in 0..<n where set.outcome[l] == PairwiseSet.tie {
            hasTies = true
            break
        }
        let k = hasTies ? 3 : 2
        // Per label: canonical outcome, and the (annotator, outcome as shown) cell 3a + o that indexes
        // the per-annotator tables; labels whose display order is unknown use the cells from 3·nA on,
        // whose left and right are alike.
        let canonical = (0..<n).map { set.canonicalOutcome($0) }
        let unknownCells = 3 * nA
        let cell = (0..<n).map { l in
            Int32(
                (set.isPositionKnown(l) ? 0 : unknownCells) + Int(set.index.annotator[l]) * 3
                    + Int(set.outcome[l]))
        }
        var knownLabels = [Int](repeating: 0, count: nA)
        for l in 0..<n where set.isPositionKnown(l) { knownLabels[Int(set.index.annotator[l])] += 1 }
        let item = set.index.item
        // Start: vote shares per item.
        var post = [Double](repeating: 0, count: nI * 3)
        for i in 0..<nI {
            let r = set.index.labels(ofItem: i)
            if r.isEmpty {
                for t in 0..<k { post[i * 3 + t] = 1 / Double(k) }
                continue
            }
            for l in r { post[i * 3 + Int(canonical[l])] += 1 / Double(r.count) }
        }
        var rho = [Double](repeating: 0.5, count: nA)
        var q = [Double](repeating: 0, count: nA * 6)
        var knowing = [Double](repeating: 0, count: nA)
        var spam = [Double](repeating: 0, count: nA * 6)
        var tau = 0.0
        // M-step: reliabilities, response distributions and the tie prior from the posteriors.
        func mStep() {
            Self.count(
                labels: n, item: item, cell: cell, canonical: canonical, post: post, rho: rho, q: q,
                knowing: &knowing, spam: &spam)
            for a in 0..<nA {
                let votes = Double(set.index.annotatorOffsets[a + 1] - set.index.annotatorOffsets[a])
                rho[a] = min((knowing[a] + 1) / (votes + 2), 1 - 1e-6)
                // Left against right from the votes whose order is known; ties from all votes.
                let sL = spam[a * 3]
                let sR = spam[a * 3 + 1]
                let sU = spam[unknownCells + a * 3] + spam[unknownCells + a * 3 + 1]
                let sT = hasTies ? spam[a * 3 + 2] + spam[unknownCells + a * 3 + 2] : 0
                let qT = hasTies ? (sT + 1) / (sL + sR + sU + sT + Double(k)) : 0
                let left = set.positionsKnown ? (sL + 1) / (sL + sR + 2) : 0.5
                q[a * 3] = (1 - qT) * left
                q[a * 3 + 1] = (1 - qT) * (1 - left)
                q[a * 3 + 2] = qT
                q[unknownCells + a * 3] = (1 - qT) / 2
                q[unknownCells + a * 3 + 1] = (1 - qT) / 2
                q[unknownCells + a * 3 + 2] = qT
            }
            if hasTies {
                var tieMass = 0.0
                for i in 0..<nI { tieMass += post[i * 3 + 2] }
                tau = (tieMass + 1) / (Double(nI) + 2)
            }
        }
        // The first M-step starts from ρ = ½ and uniform q.
        for a in 0..<nA { for o in 0..<k { q[a * 3 + o] = 1 / Double(k) } }
        mStep()
        var logMatch = [Double](repeating: 0, count: nA * 6)
        var logMiss = [Double](repeating: 0, count: nA * 6)
        var ll = 0.0
        // E-step: posteriors and the log-likelihood from the current parameters.
        func eStep() {
            for x in 0..<(nA * 6) {
                let a = (x % unknownCells) / 3
                let miss = (1 - rho[a]) * q[x]
                logMatch[x] = log(max(rho[a] + miss, 1e-300))
                logMiss[x] = log(max(miss, 1e-300))
            }
            let logPrior = (log((1 - tau) / 2), hasTies ? log(max(tau, 1e-300)) : 0)
            ll = Self.posteriors(
                offsets: set.index.itemOffsets, cell: cell, canonical: canonical, logMatch: logMatch,
                logMiss: logMiss, logPrior: logPrior, classes: k, post: &post)
        }
        var previous = -Double.infinity
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            eStep()
            mStep()
            let perLabel = ll / Double(max(n, 1))
            if perLabel - previous < tolerance {
                converged = true
                break
            }
            previous = perLabel
        }
        // The reported posteriors and likelihood are those of the reported parameters.
        eStep()
        var outcomes = [UInt8](repeating: 0, count: nI)
        for i in 0..<nI {
            var best = 0
            for t in 1..<3 where post[i * 3 + t] > post[i * 3 + best] { best = t }
            outcomes[i] = UInt8(best)
        }
        var bias: [Double?] = []
        var biasInterval: [(low: Double, high: Double)?] = []
        var rhoInterval: [(low: Double, high: Double)] = []
        for a in 0..<nA {
            let votes = set.index.annotatorOffsets[a + 1] - set.index.annotatorOffsets[a]
            rhoInterval.append(
                WilsonInterval.interval(
                    successes: Int(knowing[a].rounded()), trials: votes) ?? (0, 1))
            if set.positionsKnown, knownLabels[a] > 0 {
                let qL = q[a * 3]
                let qR = q[a * 3 + 1]
                bias.append(qL / max(qL + qR, 1e-300))
                let sL = spam[a * 3]
                let sR = spam[a * 3 + 1]
                biasInterval.append(
                    WilsonInterval.interval(
                        successes: Int(sL.rounded()), trials: Int((sL + sR).rounded())) ?? (0, 1))
            } else {
                bias.append(nil)
                biasInterval.append(nil)
            }
        }
        var notes: [String] = []
        if !set.positionsKnown { notes.append("positions unknown: no position bias is estimated") }
        let unknown = set.positionUnknown.filter { $0 }.count
        if unknown > 0 {
            notes.append("\(unknown) votes with unknown display order: not used for position bias")
        }
        if !hasTies { notes.append("no tie votes: ties left out of the model") }
        if !converged { notes.append("stopped at the iteration cap (\(iterations)) before converging") }
        return PairwiseConsensus(
            method: name, posteriors: post, outcomes: outcomes, tiePrior: tau, reliability: rho,
            reliabilityInterval: rhoInterval, positionBias: bias, positionBiasInterval: biasInterval,
            tieShare: (0..<nA).map { q[$0 * 3 + 2] }, logLikelihood: ll, iterations: iterations,
            converged: converged, notes: notes)
    }

    /// The E-step over every item: posteriors from the per-cell log-probabilities of a vote that
    /// matches the truth (`logMatch`) or not (`logMiss`); returns the log-likelihood.
    /// - Complexity: O(labels × classes).
    private static func posteriors(
        offsets: [Int], cell: [Int32], canonical: [UInt8], logMatch: [Double], logMiss: [Double],
        logPrior: (decisive: Double, tie: Double), classes k: Int, post: inout [Double]
    ) -> Double {
        var ll = 0.0
        offsets.withUnsafeBufferPointer { off in
            cell.withUnsafeBufferPointer { cell in
                canonical.withUnsafeBufferPointer { canonical in
                    logMatch.withUnsafeBufferPointer { match in
                        logMiss.withUnsafeBufferPointer { miss in
                            post.withUnsafeMutableBufferPointer { post in
                                var s = (0.0, 0.0, 0.0)
                                for i in 0..<(off.count - 1) {
                                    s = (logPrior.decisive, logPrior.decisive, logPrior.tie)
                                    for l in off[i]..<off[i + 1] {
                                        let x = Int(cell[l])
                                        let c = canonical[l]
                                        s.0 += c == 0 ? match[x] : miss[x]
                                        s.1 += c == 1 ? match[x] : miss[x]
                                        s.2 += c == 2 ? match[x] : miss[x]
                                    }
                                    let m = k == 3 ? max(s.0, s.1, s.2) : max(s.0, s.1)
                                    let e0 = exp(s.0 - m)
                                    let e1 = exp(s.1 - m)
                                    let e2 = k == 3 ? exp(s.2 - m) : 0
                                    let z = e0 + e1 + e2
                                    ll += m + log(z)
                                    post[i * 3] = e0 / z
                                    post[i * 3 + 1] = e1 / z
                                    post[i * 3 + 2] = e2 / z
                                }
                            }
                        }
                    }
                }
            }
        }
        return ll
    }

    /// The M-step's counts: per annotator the expected votes that followed the truth (`knowing`),
    /// per cell the expected votes that did not (`spam`). Cells 3a + o, then the same from 3·annotators
    /// on for votes whose display order is unknown.
    /// - Complexity: O(labels).
    private static func count(
        labels n: Int, item: [Int32], cell: [Int32], canonical: [UInt8], post: [Double], rho: [Double],
        q: [Double], knowing: inout [Double], spam: inout [Double]
    ) {
        for k in knowing.indices { knowing[k] = 0 }
        for k in spam.indices { spam[k] = 0 }
        item.withUnsafeBufferPointer { item in
            cell.withUnsafeBufferPointer { cell in
                canonical.withUnsafeBufferPointer { canonical in
                    post.withUnsafeBufferPointer { post in
                        rho.withUnsafeBufferPointer { rho in
                            q.withUnsafeBufferPointer { q in
                                knowing.withUnsafeMutableBufferPointer { knowing in
                                    spam.withUnsafeMutableBufferPointer { spam in
                                        let unknownCells = rho.count * 3
                                        for l in 0..<n {
                                            let x = Int(cell[l])
                                            let a = (x % unknownCells) / 3
                                            let g = post[Int(item[l]) * 3 + Int(canonical[l])]
                                            let match = rho[a] + (1 - rho[a]) * q[x]
                                            let kn = match > 0 ? g * rho[a] / match : 0
                                            knowing[a] += kn
                                            spam[x] += 1 - kn
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
