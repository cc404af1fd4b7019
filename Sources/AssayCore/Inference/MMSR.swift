// Assay — quality control for human-labelled training data.

import Foundation

/// M-MSR (Ma & Olshevsky, 2020): annotator reliabilities from a rank-one fit u·vᵀ of the
/// annotators' chance-corrected agreement matrix, each update a trimmed mean (the F largest and
/// smallest ratios dropped) so that a few adversarial pairs cannot move it. Reliabilities become
/// log-odds weights for a weighted vote, as in crowd-kit's `MMSR`.
///
/// Differences from crowd-kit, all deliberate: the trim size F is never negative (crowd-kit fails
/// on sparse sets such as `product`); the signs of the reliabilities come from the same kind of
/// signed-graph eigenvector as crowd-kit's, but over the pairs that labelled common items only
/// (crowd-kit's dense matrix also makes every pair that never met a negative edge), refined by
/// rounds in which each annotator takes the sign of its agreement with the others as signed; each
/// reliability is capped at 1 − 1/√n for an annotator with n labels (few labels cannot prove
/// near-perfect accuracy); and the posterior is the one-coin posterior, the softmax of the
/// log-odds-weighted vote.
public struct MMSR: InferenceMethod {
    /// `mmsr`.
    public let name = "mmsr"
    /// Seed of the starting vectors.
    public var seed: UInt64
    /// Iteration cap.
    public var maxIterations = 10_000
    /// Convergence threshold on ‖u vᵀ − u′ v′ᵀ‖_F.
    public var tolerance = 1e-10

    /// M-MSR with a seed.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// - Complexity: O(Σ items n_i² + iterations × P log P) with P the co-labelling annotator pairs.
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let k = set.classCount
        let nA = set.annotatorCount
        guard k > 1, set.count > 0, nA > 1 else { return MajorityVote().infer(set, gold: gold).renamed(name) }
        let graph = AgreementGraph(set)
        // Chance-corrected agreement c = K/(K−1)·agree − 1/(K−1) on each observed pair.
        let kk = Double(k)
        let c = graph.agreement.map { kk / (kk - 1) * $0 - 1 / (kk - 1) }
        let x: [Double] = c.map { abs($0) }
        var sparsity = Int.max
        for a in 0..<nA {
            let degree: Int = graph.offsets[a + 1] - graph.offsets[a]
            if degree > 0 && degree < sparsity { sparsity = degree }
        }
        if sparsity == Int.max { sparsity = 0 }
        let trim = max(sparsity / 2 - 1, 0)
        let nItems = Double(set.itemCount)
        var rng = SeededGenerator(seed: seed)
        var u = (0..<nA).map { _ in rng.nextUnit() }
        var v = u
        var iterations = 0
        var converged = false
        var scratch: [Double] = []
        while iterations < maxIterations {
            iterations += 1
            let uPrev = u
            let vPrev = v
            for j in 0..<nA {
                scratch.removeAll(keepingCapacity: true)
                for e in graph.offsets[j]..<graph.offsets[j + 1] {
                    scratch.append(x[e] / u[graph.neighbor[e]])
                }
                if let m = Self.trimmedMean(&scratch, trim: trim, around: v[j], items: nItems) { v[j] = m }
            }
            for i in 0..<nA {
                scratch.removeAll(keepingCapacity: true)
                for e in graph.offsets[i]..<graph.offsets[i + 1] {
                    scratch.append(x[e] / v[graph.neighbor[e]])
                }
                if let m = Self.trimmedMean(&scratch, trim: trim, around: u[i], items: nItems) { u[i] = m }
            }
            // ‖u vᵀ − u′ v′ᵀ‖²_F = |u|²|v|² + |u′|²|v′|² − 2 (u·u′)(v·v′).
            func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            let change =
                dot(u, u) * dot(v, v) + dot(uPrev, uPrev) * dot(vPrev, vPrev)
                - 2 * dot(u, uPrev) * dot(v, vPrev)
            if max(change, 0).squareRoot() < tolerance {
                converged = true
                break
            }
        }
        let scale = (dot2(u).squareRoot() / max(dot2(v).squareRoot(), 1e-300)).squareRoot()
        var r = u.map { $0 / max(scale, 1e-300) }
        // Signs: a spectral two-colouring of the signed agreement graph, then rounds of each
        // annotator taking the sign of Σ_j c_ij s_j |r_j| (its agreement with the others as signed).
        var s = Self.spectralSigns(graph: graph, chanceCorrected: c, seed: seed)
        for _ in 0..<10 {
            var next = s
            for i in 0..<nA {
                var t = 0.0
                for e in graph.offsets[i]..<graph.offsets[i + 1] {
                    t += c[e] * s[graph.neighbor[e]] * abs(r[graph.neighbor[e]])
                }
                next[i] = t < 0 ? -1 : 1
            }
            if next == s { break }
            s = next
        }
        let hi = 1 - 1 / nItems.squareRoot()
        let lo = -1 / (kk - 1) + 1 / nItems.squareRoot()
        var weight = [Double](repeating: 0, count: nA)
        var accuracy = [Double](repeating: 0, count: nA)
        for a in 0..<nA {
            // An annotator seen on n labels cannot be shown to be better than 1 − 1/√n: cap each
            // reliability by its own count as well as by the global bound.
            let n = Double(set.annotatorOffsets[a + 1] - set.annotatorOffsets[a])
            let own = max(1 - 1 / n.squareRoot(), 0)
            r[a] = min(max(s[a] * abs(r[a]), lo), min(hi, own))
            if !r[a].isFinite { r[a] = 0 }
            let p = r[a] * (kk - 1) / kk + 1 / kk
            accuracy[a] = p
            weight[a] = log(p * (kk - 1) / (1 - p))
        }
        // With log-odds weights w = log(p(K−1)/(1−p)), the one-coin model's posterior (uniform prior)
        // is the softmax of the weighted vote: P(t) ∝ exp(Σ w·[label = t]).
        var post = [Double](repeating: 0, count: set.itemCount * k)
        for i in 0..<set.itemCount {
            for l in set.labels(ofItem: i) {
                post[i * k + Int(set.value[l])] += weight[Int(set.annotator[l])]
            }
            var m = -Double.infinity
            for t in 0..<k { m = max(m, post[i * k + t]) }
            for t in 0..<k { post[i * k + t] = exp(post[i * k + t] - m) }
            Posteriors.normalizeRow(&post, i, k)
        }
        Posteriors.clamp(&post, gold: gold, classes: k)
        return InferenceResult(
            method: name, classCount: k, posteriors: post, labels: Posteriors.argmax(post, classes: k),
            annotatorSkill: accuracy,
            skillMeaning: "estimated accuracy from the agreement matrix's rank-one fit",
            confusion: [], classPrior: Posteriors.prior(post, classes: k, items: set.itemCount),
            iterations: iterations, converged: converged,
            notes: ["posterior is the softmax of the log-odds-weighted vote (the one-coin posterior)"]
        )
    }

    private func dot2(_ a: [Double]) -> Double { a.reduce(0) { $0 + $1 * $1 } }

    /// crowd-kit's `_remove_largest_and_smallest_F_value` followed by the mean; nil when empty.
    static func trimmedMean(_ y: inout [Double], trim f: Int, around a: Double, items: Double) -> Double? {
        y.sort()
        var lo = 0
        var hi = y.count
        let below = y.reduce(0) { $0 + ($1 < a ? 1 : 0) }
        if below < f { lo = below } else { lo = min(f, hi) }
        let above = y[lo..<hi].reduce(0) { $0 + ($1 > a ? 1 : 0) }
        if above < f { hi -= above } else { hi = max(hi - f, lo) }
        guard hi > lo else { return nil }
        if hi - lo == 1 && y[lo] == 0 { return 1 / items.squareRoot() }
        var s = 0.0
        for j in lo..<hi { s += y[j] }
        // A zero (or non-finite) mean would divide by zero on the next update; use the floor
        // crowd-kit uses for a single zero.
        let mean = s / Double(hi - lo)
        return mean > 0 && mean.isFinite ? mean : 1 / items.squareRoot()
    }
}

/// Pairs of annotators who labelled the same items, with the share of those items on which they
extension MMSR {
    /// Starting signs for the reliabilities: a two-colouring of the signed graph in which a pair of
    /// annotators with negative chance-corrected agreement is an edge and a positive pair is a path
    /// through a new middle node (so a negative pair asks for opposite signs, a positive pair for
    /// equal ones). The colouring is the sign pattern of the eigenvector of the graph's random-walk
    /// matrix W whose eigenvalue is nearest −1, as in crowd-kit's sign determination, found by power
    /// iteration on I − W (eigenvalues 1 − λ in [0, 2]; the wanted one is the largest). Flipped so
    /// that most signs are positive; 0 for an annotator without a nonzero pair.
    /// - Complexity: O(rounds × (annotators + observed pairs)), with at most 20,000 rounds and about
    ///   5·10⁸ steps in all.
    static func spectralSigns(graph: AgreementGraph, chanceCorrected c: [Double], seed: UInt64) -> [Double] {
        let n = graph.offsets.count - 1
        var middle: [(Int, Int)] = []
        var degree = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for e in graph.offsets[i]..<graph.offsets[i + 1] where c[e] != 0 {
                degree[i] += 1
                if c[e] > 0 && i < graph.neighbor[e] { middle.append((i, graph.neighbor[e])) }
            }
        }
        let size = n + middle.count
        var rng = SeededGenerator(seed: seed &+ 0x5157)
        var x = (0..<size).map { i in i < n && degree[i] == 0 ? 0 : rng.nextUnit() - 0.5 }
        var y = [Double](repeating: 0, count: size)
        var throughMiddle = [Double](repeating: 0, count: n)
        func normalize(_ v: inout [Double]) {
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for i in v.indices { v[i] /= norm } }
        }
        normalize(&x)
        // At most 20,000 rounds, fewer on big graphs (about 5·10⁸ steps in all).
        var edges = 0
        for i in 0..<n { edges += graph.offsets[i + 1] - graph.offsets[i] }
        let rounds = max(100, min(20_000, 500_000_000 / max(size + edges, 1)))
        for _ in 0..<rounds {
            // y = x − W x, normalised.
            for i in 0..<n { throughMiddle[i] = 0 }
            for (m, (i, j)) in middle.enumerated() {
                throughMiddle[i] += x[n + m]
                throughMiddle[j] += x[n + m]
                y[n + m] = x[n + m] - (x[i] + x[j]) / 2
            }
            for i in 0..<n {
                guard degree[i] > 0 else {
                    y[i] = 0
                    continue
                }
                var sum = throughMiddle[i]
                for e in graph.offsets[i]..<graph.offsets[i + 1] where c[e] < 0 {
                    sum += x[graph.neighbor[e]]
                }
                y[i] = x[i] - sum / degree[i]
            }
            normalize(&y)
            var change = 0.0
            for i in 0..<size { change = max(change, abs(y[i] - x[i])) }
            swap(&x, &y)
            if change < 1e-13 { break }
        }
        var s = (0..<n).map { x[$0] > 0 ? 1.0 : x[$0] < 0 ? -1 : 0 }
        if s.reduce(0, +) < 0 { s = s.map { -$0 } }
        return s
    }
}

/// agreed; adjacency lists in CSR form.
struct AgreementGraph {
    var offsets: [Int]
    var neighbor: [Int]
    var agreement: [Double]

    /// - Complexity: O(Σ items n_i² + pairs log pairs).
    init(_ set: LabelSet) {
        var pairs: [UInt64: (agree: Int, total: Int)] = [:]
        for i in 0..<set.itemCount {
            let r = set.labels(ofItem: i)
            for l1 in r {
                for l2 in r where l2 != l1 {
                    let a = set.annotator[l1]
                    let b = set.annotator[l2]
                    if a == b { continue }
                    let key = UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))
                    var e = pairs[key] ?? (0, 0)
                    e.total += 1
                    if set.value[l1] == set.value[l2] { e.agree += 1 }
                    pairs[key] = e
                }
            }
        }
        let keys = pairs.keys.sorted()
        offsets = [Int](repeating: 0, count: set.annotatorCount + 1)
        neighbor = []
        agreement = []
        neighbor.reserveCapacity(keys.count)
        for key in keys {
            let a = Int(key >> 32)
            offsets[a + 1] += 1
            neighbor.append(Int(key & 0xFFFF_FFFF))
            let e = pairs[key]!
            agreement.append(Double(e.agree) / Double(e.total))
        }
        for a in 0..<set.annotatorCount { offsets[a + 1] += offsets[a] }
    }
}
