// Assay — quality control for human-labelled training data.

import Foundation

/// Shared numeric pieces of the inference methods; all work on flat row-major buffers.
enum Posteriors {
    /// The arg-max of each row of `p` (`K` columns); ties go to the lower class index.
    /// - Complexity: O(items × K).
    static func argmax(_ p: [Double], classes k: Int) -> [Int32] {
        let n = k == 0 ? 0 : p.count / k
        var out = [Int32](repeating: 0, count: n)
        p.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var best = 0
                var bestValue = p[i * k]
                for c in 1..<max(k, 1) where p[i * k + c] > bestValue {
                    best = c
                    bestValue = p[i * k + c]
                }
                out[i] = Int32(best)
            }
        }
        return out
    }

    /// Normalised (optionally weighted) vote shares per item: majority vote's posterior.
    /// `weight[a]` defaults to 1 for every annotator. Item ranges run on both cores on large sets;
    /// each row's arithmetic does not depend on the split.
    /// - Complexity: O(labels + items × K).
    static func voteShares(_ set: LabelSet, weight: [Double]? = nil) -> [Double] {
        let k = set.classCount
        var p = [Double](repeating: 0, count: set.itemCount * k)
        let chunks = ParallelRanges(set)
        p.withUnsafeMutableBufferPointer { out in
            set.annotator.withUnsafeBufferPointer { ann in
                set.value.withUnsafeBufferPointer { val in
                    set.itemOffsets.withUnsafeBufferPointer { off in
                        (weight ?? []).withUnsafeBufferPointer { w in
                            let box = UncheckedBox((out, ann, val, off, weight == nil ? nil : w))
                            chunks.run { _, range in
                                let (p, ann, val, off, w) = box.value
                                for i in range {
                                    let row = p.baseAddress! + i * k
                                    if let w {
                                        for l in off[i]..<off[i + 1] { row[Int(val[l])] += w[Int(ann[l])] }
                                    } else {
                                        for l in off[i]..<off[i + 1] { row[Int(val[l])] += 1 }
                                    }
                                    normalize(row, k)
                                }
                            }
                        }
                    }
                }
            }
        }
        return p
    }

    /// Scales the K values at `row` to sum to one; a row summing to zero or a non-finite value
    /// becomes uniform.
    @inline(__always)
    static func normalize(_ row: UnsafeMutablePointer<Double>, _ k: Int) {
        var s = 0.0
        for c in 0..<k { s += row[c] }
        if s > 0 && s.isFinite {
            let inv = 1 / s
            for c in 0..<k { row[c] *= inv }
        } else {
            for c in 0..<k { row[c] = 1 / Double(k) }
        }
    }

    /// Scales row `i` to sum to one; a row summing to zero or a non-finite value becomes uniform.
    @inline(__always)
    static func normalizeRow(_ p: inout [Double], _ i: Int, _ k: Int) {
        p.withUnsafeMutableBufferPointer { normalize($0.baseAddress! + i * k, k) }
    }

    /// Replaces the rows of gold items with their one-hot answer.
    static func clamp(_ p: inout [Double], gold: GoldAnswers?, classes k: Int) {
        guard let gold, gold.knownCount > 0 else { return }
        for (i, g) in gold.answer.enumerated() where g >= 0 {
            for c in 0..<k { p[i * k + c] = c == Int(g) ? 1 : 0 }
        }
    }

    /// Share of each annotator's labels that agree with `labels` (the annotator's accuracy against a
    /// reference labelling); annotators with no labels get `fallback`.
    /// - Complexity: O(labels).
    static func agreement(_ set: LabelSet, with labels: [Int32], fallback: Double = 0) -> [Double] {
        var hits = [Double](repeating: 0, count: set.annotatorCount)
        var totals = [Double](repeating: 0, count: set.annotatorCount)
        for l in 0..<set.count {
            let a = Int(set.annotator[l])
            totals[a] += 1
            if set.value[l] == labels[Int(set.item[l])] { hits[a] += 1 }
        }
        return zip(hits, totals).map { $1 > 0 ? $0 / $1 : fallback }
    }

    /// Class prior: the mean posterior row.
    static func prior(_ p: [Double], classes k: Int, items n: Int) -> [Double] {
        var prior = [Double](repeating: 0, count: k)
        guard n > 0 else { return prior.map { _ in 1 / Double(max(k, 1)) } }
        for i in 0..<n { for c in 0..<k { prior[c] += p[i * k + c] } }
        return prior.map { $0 / Double(n) }
    }

    /// Confusion matrices fitted to soft labels (one M-step): `[(a*K + t)*K + o]`, with additive
    /// `smoothing` so that no entry is zero.
    /// - Complexity: O(labels × K + annotators × K²).
    static func confusion(_ set: LabelSet, posteriors p: [Double], smoothing: Double) -> [Double] {
        let k = set.classCount
        var m = [Double](repeating: smoothing, count: set.annotatorCount * k * k)
        for l in 0..<set.count {
            let a = Int(set.annotator[l])
            let i = Int(set.item[l])
            let o = Int(set.value[l])
            for t in 0..<k { m[(a * k + t) * k + o] += p[i * k + t] }
        }
        for row in 0..<(set.annotatorCount * k) {
            var s = 0.0
            for o in 0..<k { s += m[row * k + o] }
            if s > 0 { for o in 0..<k { m[row * k + o] /= s } }
        }
        return m
    }

    /// Per-annotator probability of a correct label implied by confusion matrices and a prior:
    /// Σ_t prior[t] · M[a][t][t].
    static func accuracy(fromConfusion m: [Double], prior: [Double], annotators: Int) -> [Double] {
        let k = prior.count
        return (0..<annotators).map { a in
            var s = 0.0
            for t in 0..<k { s += prior[t] * m[(a * k + t) * k + t] }
            return s
        }
    }
}
