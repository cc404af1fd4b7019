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
    /// How many parts the annotators are split into for the M-step (nil: two from 50,000
    /// confusion cells, else one). Results do not depend on it.
    var mStepParts: Int?
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
        /// The chunks' counts out of the table, summed in chunk order, in layout `[(a*K + o)*K + t]`.
        func gatherCounts() -> [Double] {
            var counts = [Double](repeating: 0, count: nA * k * k)
            for r in 0..<(nA * k) {
                let row = table + r * stride
                for t in 0..<k { counts[r * k + t] = Self.chunkSum(row, t, k: k, chunks: nChunks) }
            }
            return counts
        }
        // Initial M-step from the majority-vote posteriors (as crowd-kit starts), through the same
        // parallel pass without its E-step.
        table.update(repeating: 0, count: nA * k * stride)
        let prior0 = [Double](repeating: 0, count: k)  // unused without the E-step
        fusedPass(
            chunks: chunks, table: table, stride: stride, logPrior: prior0, gold: [], post: &post,
            logLik: chunkLogLik, expectation: false)
        var prior = Posteriors.prior(post, classes: k, items: nI)
        var previous = -Double.infinity
        var iterations = 0
        var converged = false
        var loglik = 0.0
        let goldAnswer = gold.map { $0.knownCount > 0 ? $0.answer : [] } ?? []
        while iterations < maxIterations {
            iterations += 1
            // The M-step from the counts the last pass left in the table, written back into it as
            // log-errors (the counts cleared for this pass).
            mStep(table: table, stride: stride, chunks: nChunks)
            let logPrior = prior.map { log(max($0, Self.eps)) }
            fusedPass(
                chunks: chunks, table: table, stride: stride, logPrior: logPrior, gold: goldAnswer,
                post: &post, logLik: chunkLogLik, expectation: true)
            loglik = 0
            for c in 0..<nChunks { loglik += chunkLogLik[c] }
            for t in 0..<k {
                var sum = 0.0
                for c in 0..<nChunks { sum += chunkLogLik[nChunks + c * k + t] }
                prior[t] = sum / Double(max(nI, 1))
            }
            let perLabel = loglik / Double(max(set.count, 1))
            if perLabel - previous < tolerance {
                converged = true
                break
            }
            previous = perLabel
        }
        // The reported parameters: the M-step from the last pass's counts.
        let counts = gatherCounts()
        let errors = mStep(counts)
        let skill = oneCoinSkill(counts)
        return Output(
            model: model, posteriors: post, prior: prior, errors: errors, skill: skill,
            iterations: iterations,
            converged: converged, logLikelihood: loglik)
    }

    /// Chunk counts of column `t` in one table row, summed in chunk order.
    @inline(__always)
    private static func chunkSum<T: BinaryFloatingPoint>(
        _ row: UnsafeMutablePointer<T>, _ t: Int, k: Int, chunks: Int
    ) -> Double {
        var sum = 0.0
        for c in 0..<chunks { sum += Double(row[k * (1 + c) + t]) }
        return sum
    }

    /// Annotator `a`'s mean posterior of the class they chose, from its counts `count(o, t)`.
    @inline(__always)
    private func oneCoinSkill(annotator a: Int, count: (Int, Int) -> Double) -> Double {
        let k = set.classCount
        let n = set.annotatorOffsets[a + 1] - set.annotatorOffsets[a]
        guard n > 0 else { return 1 / Double(k) }
        var s = 0.0
        for o in 0..<k { s += count(o, o) }
        return s / Double(n)
    }

    /// The M-step for annotator `a`: every P(o | t), passed to `write(o, t, p)`, from its counts
    /// `count(o, t)` (read twice per cell).
    @inline(__always)
    private func mStep(
        annotator a: Int, count: (Int, Int) -> Double, write: (Int, Int, Double) -> Void
    ) {
        let k = set.classCount
        switch model {
        case .full:
            for t in 0..<k {
                var s = 0.0
                for o in 0..<k { s += max(count(o, t) + smoothing, Self.eps) }
                for o in 0..<k { write(o, t, max(count(o, t) + smoothing, Self.eps) / s) }
            }
        case .oneCoin:
            let skill = oneCoinSkill(annotator: a, count: count)
            let right = min(max(skill, Self.eps), 1 - Self.eps)
            let wrong = min(max((1 - skill) / Double(k - 1), Self.eps), 1 - Self.eps)
            for o in 0..<k { for t in 0..<k { write(o, t, o == t ? right : wrong) } }
        }
    }

    /// Per-annotator mean posterior of the class they chose.
    private func oneCoinSkill(_ counts: [Double]) -> [Double] {
        let k = set.classCount
        return (0..<set.annotatorCount).map { a in
            oneCoinSkill(annotator: a) { o, t in counts[(a * k + o) * k + t] }
        }
    }

    /// Error probabilities from counts, in layout `[(a*K + o)*K + t]`.
    private func mStep(_ counts: [Double]) -> [Double] {
        let k = set.classCount
        var e = [Double](repeating: 0, count: counts.count)
        for a in 0..<set.annotatorCount {
            mStep(annotator: a) { o, t in
                counts[(a * k + o) * k + t]
            } write: { o, t, p in
                e[(a * k + o) * k + t] = p
            }
        }
        return e
    }

    /// The M-step inside the table: each row's chunk counts become its K log-errors and the counts
    /// are cleared for the next pass. Annotators are split over both cores on large tables; each
    /// writes only its own rows, and the arithmetic is `mStep(_:)`'s, so results do not depend on
    /// the split.
    ///
    /// - Complexity: O(annotators × K² × chunks).
    private func mStep<T: BinaryFloatingPoint & SendableMetatype>(
        table: UnsafeMutablePointer<T>, stride: Int, chunks: Int
    ) {
        let k = set.classCount
        let nA = set.annotatorCount
        let box = UncheckedBox(table)
        let parts = max(1, min(mStepParts ?? (nA * k * k >= 50_000 ? 2 : 1), nA))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let table = box.value
            for a in (nA * part / parts)..<(nA * (part + 1) / parts) {
                let rows = table + a * k * stride
                mStep(annotator: a) { o, t in
                    Self.chunkSum(rows + o * stride, t, k: k, chunks: chunks)
                } write: { o, t, p in
                    rows[o * stride + t] = T(log(p))
                }
                for o in 0..<k {
                    let row = rows + o * stride
                    for j in k..<stride { row[j] = 0 }
                }
            }
        }
    }

    /// One E-step plus count accumulation over every chunk. `table` holds, per (annotator, given
    /// class) row of `stride` doubles, the K log-error terms then each chunk's K counts; `logLik`
    /// gets one entry per chunk.
    private func fusedPass<T: BinaryFloatingPoint & SendableMetatype>(
        chunks: ParallelRanges, table: UnsafeMutablePointer<T>, stride: Int, logPrior: [Double],
        gold: [Int32], post: inout [Double], logLik: UnsafeMutablePointer<Double>, expectation: Bool
    ) {
        Self.fusedPass(
            set, chunks: chunks, table: table, stride: stride, logPrior: logPrior, gold: gold, post: &post,
            logLik: logLik, expectation: expectation)
    }

    /// One pass over `set`'s items in parallel chunks (`pass` on each; the vendor hierarchy's
    /// E-step too): the range log-likelihoods in `logLik[c]`, each chunk's posterior sums at
    /// `logLik[chunks + c*K ..]`. The set must have labels.
    /// - Complexity: O(labels × K).
    static func fusedPass<T: BinaryFloatingPoint & SendableMetatype>(
        _ set: LabelSet, chunks: ParallelRanges, table: UnsafeMutablePointer<T>, stride: Int,
        logPrior: [Double], gold: [Int32], post: inout [Double], logLik: UnsafeMutablePointer<Double>,
        expectation: Bool
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

    /// The hot loop over one item range (Dawid–Skene's, and the vendor hierarchy's E-step); returns
    /// the range's log-likelihood.
    /// - Complexity: O(labels of the range × K).
    @inline(__always)
    static func pass<T: BinaryFloatingPoint & SendableMetatype>(
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
