// Assay — quality control for human-labelled training data.

import CAssayPrefetch
import Foundation

/// The expectation-maximisation engine behind Dawid–Skene and its one-coin variant.
///
/// One fused pass per iteration: for each item the E-step computes the posterior from the current
/// log error table, then the same pass adds that posterior into the counts that the next M-step
/// normalises. Item ranges run in parallel, each with its own counts, reduced in a fixed order.
struct ConfusionEM {
    enum Model { case full, oneCoin }

    let set: LabelSet
    let model: Model
    let gold: GoldAnswers?
    let maxIterations: Int
    let tolerance: Double
    /// Pseudo-count added to every confusion cell in the M-step (0: maximum likelihood).
    var smoothing = 0.0
    static let eps = 1e-10

    struct Output {
        var model: Model
        var posteriors: [Double]
        var prior: [Double]
        /// Layout `[(a*K + o)*K + t]` = P(o | t).
        var errors: [Double]
        var skill: [Double]
        var iterations: Int
        var converged: Bool
        var logLikelihood: Double
    }

    /// Labels from which the per-label table is kept in `Float` (rows of one cache line where K ≤ 5)
    /// instead of `Double`: above this the table outgrows the last-level cache and each label's
    /// row is a cache miss, so halving the row halves the misses. Posteriors, likelihoods and the
    /// M-step stay in `Double`; below this size results are bit-identical to the `Double` table.
    static let singlePrecisionFrom = 1_000_000

    /// - Complexity: O(iterations × labels × K) time, O(items × K + chunks × annotators × K²) memory.
    func run() -> Output {
        set.count >= Self.singlePrecisionFrom ? run(Float.self) : run(Double.self)
    }

    private func run<T: BinaryFloatingPoint & SendableMetatype>(_: T.Type) -> Output {
        let k = set.classCount
        let nA = set.annotatorCount
        let nI = set.itemCount
        var post = Posteriors.voteShares(set)
        Posteriors.clamp(&post, gold: gold, classes: k)
        let chunks = ParallelRanges(set)
        let nChunks = chunks.ranges.count
        // One row per (annotator, given class): its K log-error terms followed by each chunk's K
        // counts, so that the pass's read and write for a label land on neighbouring cache lines.
        // Rows padded to whole 64-byte cache lines and the table aligned to one, so a row never
        // straddles more lines than it must.
        let perLine = 64 / MemoryLayout<T>.stride
        let stride = (k * (1 + nChunks) + perLine - 1) / perLine * perLine
        let table = UnsafeMutableRawPointer.allocate(
            byteCount: max(nA * k * stride, 1) * MemoryLayout<T>.stride, alignment: 64
        ).bindMemory(to: T.self, capacity: max(nA * k * stride, 1))
        // Per chunk: its log-likelihood, then its K posterior sums (for the class prior).
        let chunkLogLik = UnsafeMutablePointer<Double>.allocate(capacity: nChunks * (1 + k))
        defer {
            table.deallocate()
            chunkLogLik.deallocate()
        }
        var counts = [Double](repeating: 0, count: nA * k * k)
        /// Sums the chunks' counts out of the table, in chunk order.
        func gatherCounts() {
            for r in 0..<(nA * k) {
                let row = table + r * stride
                for t in 0..<k {
                    var sum = 0.0
                    for c in 0..<nChunks { sum += Double(row[k * (1 + c) + t]) }
                    counts[r * k + t] = sum
                }
            }
        }
        // Initial M-step from the majority-vote posteriors (as crowd-kit starts), through the same
        // parallel pass without its E-step.
        table.update(repeating: 0, count: nA * k * stride)
        let prior0 = [Double](repeating: 0, count: k)  // unused without the E-step
        fusedPass(
            chunks: chunks, table: table, stride: stride, logPrior: prior0, gold: [], post: &post,
            logLik: chunkLogLik, expectation: false)
        gatherCounts()
        var prior = Posteriors.prior(post, classes: k, items: nI)
        var errors = mStep(counts)
        var skill = oneCoinSkill(counts)
        var logErr = errors.map { log($0) }
        var previous = -Double.infinity
        var iterations = 0
        var converged = false
        var loglik = 0.0
        let goldAnswer = gold.map { $0.knownCount > 0 ? $0.answer : [] } ?? []
        while iterations < maxIterations {
            iterations += 1
            let logPrior = prior.map { log(max($0, Self.eps)) }
            for r in 0..<(nA * k) {
                let row = table + r * stride
                for t in 0..<k { row[t] = T(logErr[r * k + t]) }
                for j in k..<stride { row[j] = 0 }
            }
            fusedPass(
                chunks: chunks, table: table, stride: stride, logPrior: logPrior, gold: goldAnswer,
                post: &post, logLik: chunkLogLik, expectation: true)
            gatherCounts()
            loglik = 0
            for c in 0..<nChunks { loglik += chunkLogLik[c] }
            for t in 0..<k {
                var sum = 0.0
                for c in 0..<nChunks { sum += chunkLogLik[nChunks + c * k + t] }
                prior[t] = sum / Double(max(nI, 1))
            }
            errors = mStep(counts)
            skill = oneCoinSkill(counts)
            logErr = errors.map { log($0) }
            let perLabel = loglik / Double(max(set.count, 1))
            if perLabel - previous < tolerance {
                converged = true
                break
            }
            previous = perLabel
        }
        return Output(
            model: model, posteriors: post, prior: prior, errors: errors, skill: skill,
            iterations: iterations,
            converged: converged, logLikelihood: loglik)
    }

    /// Per-annotator mean posterior of the class they chose.
    private func oneCoinSkill(_ counts: [Double]) -> [Double] {
        let k = set.classCount
        return (0..<set.annotatorCount).map { a in
            let n = set.annotatorOffsets[a + 1] - set.annotatorOffsets[a]
            guard n > 0 else { return 1 / Double(k) }
            var s = 0.0
            for o in 0..<k { s += counts[(a * k + o) * k + o] }
            return s / Double(n)
        }
    }

    /// Error probabilities from counts, in layout `[(a*K + o)*K + t]`.
    private func mStep(_ counts: [Double]) -> [Double] {
        let k = set.classCount
        let nA = set.annotatorCount
        var e = [Double](repeating: 0, count: counts.count)
        switch model {
        case .full:
            for a in 0..<nA {
                for t in 0..<k {
                    var s = 0.0
                    for o in 0..<k { s += max(counts[(a * k + o) * k + t] + smoothing, Self.eps) }
                    for o in 0..<k {
                        e[(a * k + o) * k + t] = max(counts[(a * k + o) * k + t] + smoothing, Self.eps) / s
                    }
                }
            }
        case .oneCoin:
            let skill = oneCoinSkill(counts)
            for a in 0..<nA {
                let right = min(max(skill[a], Self.eps), 1 - Self.eps)
                let wrong = min(max((1 - skill[a]) / Double(k - 1), Self.eps), 1 - Self.eps)
                for o in 0..<k { for t in 0..<k { e[(a * k + o) * k + t] = o == t ? right : wrong } }
            }
        }
        return e
    }

    /// One E-step plus count accumulation over every chunk. `table` holds, per (annotator, given
    /// class) row of `stride` doubles, the K log-error terms then each chunk's K counts; `logLik`
    /// gets one entry per chunk.
    private func fusedPass<T: BinaryFloatingPoint & SendableMetatype>(
        chunks: ParallelRanges, table: UnsafeMutablePointer<T>, stride: Int, logPrior: [Double],
        gold: [Int32], post: inout [Double], logLik: UnsafeMutablePointer<Double>, expectation: Bool
    ) {
        let k = set.classCount
        let out = UncheckedBox((table, logLik))
        post.withUnsafeMutableBufferPointer { postBuf in
            logPrior.withUnsafeBufferPointer { lp in
                set.annotator.withUnsafeBufferPointer { ann in
                    set.value.withUnsafeBufferPointer { val in
                        set.itemOffsets.withUnsafeBufferPointer { off in
                            gold.withUnsafeBufferPointer { g in
                                let box = UncheckedBox(
                                    (
                                        lp.baseAddress!, ann.baseAddress!, val.baseAddress!, off.baseAddress!,
                                        g.isEmpty ? nil : g.baseAddress, postBuf.baseAddress!
                                    ))
                                chunks.run { c, range in
                                    let (lp, ann, val, off, g, post) = box.value
                                    let sums = out.value.1 + chunks.ranges.count + c * k
                                    out.value.1[c] = Self.pass(
                                        range: range, k: k, table: out.value.0, stride: stride,
                                        countOffset: k * (1 + c), lp: lp, ann: ann, val: val, off: off,
                                        gold: g,
                                        post: post, expectation: expectation, priorSums: sums)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The hot loop over one item range; returns the range's log-likelihood.
    @inline(__always)
    private static func pass<T: BinaryFloatingPoint & SendableMetatype>(
        range: Range<Int>, k: Int, table: UnsafeMutablePointer<T>, stride: Int, countOffset: Int,
        lp: UnsafePointer<Double>, ann: UnsafePointer<Int32>, val: UnsafePointer<Int32>,
        off: UnsafePointer<Int>,
        gold: UnsafePointer<Int32>?, post: UnsafeMutablePointer<Double>, expectation: Bool,
        priorSums: UnsafeMutablePointer<Double>
    ) -> Double {
        var ll = 0.0
        let s = UnsafeMutablePointer<Double>.allocate(capacity: k)
        defer { s.deallocate() }
        let ahead = 2
        // Local sums, written out once: the chunks' outputs share cache lines.
        let localPrior = UnsafeMutablePointer<Double>.allocate(capacity: k)
        localPrior.initialize(repeating: 0, count: k)
        defer { localPrior.deallocate() }
        var zProduct = 1.0
        var zCount = 0
        for i in range {
            // The rows this pass needs two items from now: their misses overlap this item's work.
            if i + ahead < range.upperBound {
                for l in off[i + ahead]..<off[i + ahead + 1] {
                    let row = table + (Int(ann[l]) * k + Int(val[l])) * stride
                    assay_prefetch(row)
                    assay_prefetch_write(row + countOffset)
                }
            }
            let lo = off[i]
            let hi = off[i + 1]
            let p = post + i * k
            if !expectation {
                for l in lo..<hi {
                    let row = table + (Int(ann[l]) * k + Int(val[l])) * stride + countOffset
                    for t in 0..<k { row[t] += T(p[t]) }
                }
                continue
            }
            for t in 0..<k { s[t] = lp[t] }
            for l in lo..<hi {
                let row = table + (Int(ann[l]) * k + Int(val[l])) * stride
                for t in 0..<k { s[t] += Double(row[t]) }
            }
            var m = s[0]
            for t in 1..<k where s[t] > m { m = s[t] }
            var z = 0.0
            for t in 0..<k {
                // exp(0) is exactly 1: the winning class costs no call (a fifth of them at K = 5).
                let d = s[t] - m
                let e = d == 0 ? 1 : exp(d)
                s[t] = e
                z += e
            }
            // Σ log z without a log per item: z ∈ [1, K], so a running product of 128 of them stays
            // finite; its log is taken once per 128 items.
            ll += m
            zProduct *= z
            zCount += 1
            if zCount == 128 {
                ll += log(zProduct)
                zProduct = 1
                zCount = 0
            }
            if let gold, gold[i] >= 0 {
                for t in 0..<k { p[t] = t == Int(gold[i]) ? 1 : 0 }
            } else {
                let inv = 1 / z
                for t in 0..<k { p[t] = s[t] * inv }
            }
            for t in 0..<k { localPrior[t] += p[t] }
            for l in lo..<hi {
                let row = table + (Int(ann[l]) * k + Int(val[l])) * stride + countOffset
                for t in 0..<k { row[t] += T(p[t]) }
            }
        }
        for t in 0..<k { priorSums[t] = localPrior[t] }
        return ll + log(zProduct)
    }
}
