// Assay — quality control for human-labelled training data.

import Dispatch

extension LabelSet {
    /// Label indices grouped by annotator (each group in label order): a counting sort whose two
    /// halves run at once. With many annotators the scatter goes through buckets of annotators
    /// (`groupingShift`): a scatter to hundreds of thousands of places misses the cache and the TLB
    /// on every label.
    /// - Complexity: O(n + annotators).
    static func groupByAnnotator(_ annotator: [Int32], annotators: Int, shift: Int? = nil) -> (
        labels: [Int32], offsets: [Int]
    ) {
        let n = annotator.count
        let parts = halves(n)
        let counters = parts.map { _ in
            let c = UnsafeMutablePointer<Int32>.allocate(capacity: max(annotators, 1))
            c.initialize(repeating: 0, count: max(annotators, 1))
            return SharedPointer(base: c)
        }
        defer { for c in counters { c.base.deallocate() } }
        var labels = [Int32](repeating: 0, count: n)
        var offsets = [Int](repeating: 0, count: annotators + 1)
        let shift = shift ?? groupingShift(labels: n, annotators: annotators)
        annotator.withUnsafeBufferPointer { an in
            let source = SharedConstBuffer(base: an.baseAddress)
            runParts(parts.count) { h in
                let c = counters[h].base
                for l in parts[h] { c[Int(source.base![l])] += 1 }
            }
            if shift > 0 {
                labels.withUnsafeMutableBufferPointer { out in
                    groupInBuckets(
                        source, annotators: annotators, shift: shift, parts: parts, counters: counters,
                        offsets: &offsets, out: out)
                }
                return
            }
            for a in 0..<annotators {
                var start = Int32(offsets[a])
                for h in parts.indices {
                    let c = counters[h].base[a]
                    counters[h].base[a] = start
                    start += c
                }
                offsets[a + 1] = Int(start)
            }
            labels.withUnsafeMutableBufferPointer { out in
                let dst = SharedPointer(base: out.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                runParts(parts.count) { h in
                    let c = counters[h].base
                    for l in parts[h] {
                        let a = Int(source.base![l])
                        dst.base[Int(c[a])] = Int32(l)
                        c[a] += 1
                    }
                }
            }
        }
        return (labels, offsets)
    }

    /// Bits of the annotator index below the bucket number for `groupByAnnotator` (0: one direct
    /// scatter). Buckets from 4,096 annotators on 1M labels, at most 512 of them; the low bits must
    /// fit 16.
    static func groupingShift(labels n: Int, annotators: Int) -> Int {
        guard n >= 1 << 20, annotators >= 4_096 else { return 0 }
        let bits = Int.bitWidth - (annotators - 1).leadingZeroBitCount
        let shift = bits - 9
        return shift <= 16 ? shift : 0
    }

    /// The bucketed scatter of `groupByAnnotator`, from the per-part counts in `counters`: each part
    /// scatters its labels (with their annotator's low bits) to their bucket, in label order, into
    /// the bucket's final stretch of `out`; then each bucket is scattered to its annotators within
    /// that stretch through a copy, which stays in cache. Buckets are split over both cores.
    /// - Complexity: O(n + annotators); 6 bytes a label of scratch memory.
    private static func groupInBuckets(
        _ source: SharedConstBuffer<Int32>, annotators: Int, shift: Int, parts: [Range<Int>],
        counters: [SharedPointer<Int32>], offsets: inout [Int], out: UnsafeMutableBufferPointer<Int32>
    ) {
        let n = out.count
        let buckets = ((annotators - 1) >> shift) + 1
        var total = 0
        for a in 0..<annotators {
            for h in parts.indices { total += Int(counters[h].base[a]) }
            offsets[a + 1] = total
        }
        // Where each part's labels of each bucket start.
        var cursors = [Int](repeating: 0, count: parts.count * buckets)
        for b in 0..<buckets {
            var position = offsets[b << shift]
            for h in parts.indices {
                cursors[h * buckets + b] = position
                for a in (b << shift)..<min((b + 1) << shift, annotators) {
                    position += Int(counters[h].base[a])
                }
            }
        }
        let low = UnsafeMutablePointer<UInt16>.allocate(capacity: max(n, 1))
        defer { low.deallocate() }
        let mask = (1 << shift) - 1
        let dst = SharedPointer(base: out.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
        let lowBits = SharedPointer(base: low)
        cursors.withUnsafeMutableBufferPointer { cursors in
            let cur = SharedPointer(base: cursors.baseAddress!)
            runParts(parts.count) { h in
                let c = cur.base + h * buckets
                for l in parts[h] {
                    let a = Int(source.base![l])
                    let p = c[a >> shift]
                    dst.base[p] = Int32(l)
                    lowBits.base[p] = UInt16(truncatingIfNeeded: a & mask)
                    c[a >> shift] = p + 1
                }
            }
        }
        // Buckets for each core: the first that reaches half the labels starts the second group.
        var split = buckets
        for b in 0..<buckets where offsets[b << shift] >= n / 2 {
            split = b
            break
        }
        let groups = [0..<split, split..<buckets]
        offsets.withUnsafeBufferPointer { off in
            let off = SharedConstBuffer(base: off.baseAddress)
            runParts(2) { g in
                var largest = 0
                for b in groups[g] {
                    largest = max(
                        largest, off.base![min((b + 1) << shift, annotators)] - off.base![b << shift])
                }
                let labels = UnsafeMutablePointer<Int32>.allocate(capacity: max(largest, 1))
                let lows = UnsafeMutablePointer<UInt16>.allocate(capacity: max(largest, 1))
                let cursor = UnsafeMutablePointer<Int>.allocate(capacity: 1 << shift)
                defer {
                    labels.deallocate()
                    lows.deallocate()
                    cursor.deallocate()
                }
                for b in groups[g] {
                    let first = b << shift
                    let start = off.base![first]
                    let count = off.base![min((b + 1) << shift, annotators)] - start
                    labels.update(from: dst.base + start, count: count)
                    lows.update(from: lowBits.base + start, count: count)
                    for j in 0..<min(1 << shift, annotators - first) { cursor[j] = off.base![first + j] }
                    for r in 0..<count {
                        let j = Int(lows[r])
                        dst.base[cursor[j]] = labels[r]
                        cursor[j] += 1
                    }
                }
            }
        }
    }
}
