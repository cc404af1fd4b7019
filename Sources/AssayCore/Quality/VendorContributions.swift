// Assay — quality control for human-labelled training data.

import Dispatch

/// What each item contributes to the vendor figures: one entry per (item, vendor that labelled
/// it) holding five sums over that vendor's labels of the item — expected correct (the posterior
/// of each label's class), labels, gold-correct labels, gold labels and cost. Every vendor figure
/// and every comparison is a ratio of sums of these columns, so a bootstrap replicate needs only
/// the column sums over the resampled items (`resampledSums`).
struct VendorContributions: Sendable {
    /// Columns of an entry.
    static let columns = 5
    /// Column indices.
    static let expected = 0
    static let count = 1
    static let goldCorrect = 2
    static let goldCount = 3
    static let cost = 4

    /// `itemStart[i] ..< itemStart[i + 1]` are item i's entries, in vendor order.
    let itemStart: [Int]
    /// The vendor of each entry.
    let vendor: [Int32]
    /// `columns` sums per entry, row-major.
    let values: [Double]
    /// Vendors in the label set.
    let vendors: Int
    /// `pairIndex[a * vendors + b]` (a < b): index of the pair, -1 for pairs not compared.
    let pairIndex: [Int32]
    /// Compared pairs.
    let pairs: Int
    /// The columns of the accuracy basis (numerator, denominator) used by the pair sums.
    let basis: (Int, Int)
    /// Leading columns that hold anything (2 without gold or cost, 4 with gold, 5 with cost): the
    /// others are zero everywhere and are not summed.
    let used: Int

    /// Entries of `set` under `result`'s posteriors and `gold`; `pairIndex` numbers the pairs
    /// to compare on shared items, whose sums follow the `gold` basis or the estimated one.
    /// - Complexity: O(labels + items × vendors per item²).
    init(
        _ set: LabelSet, posteriors: [Double], gold: GoldAnswers?, pairIndex: [Int32], pairs: Int,
        goldBasis: Bool
    ) {
        let k = set.classCount
        let nV = set.vendorIDs.count
        let costs = set.extras.cost
        var itemStart = [Int](repeating: 0, count: set.itemCount + 1)
        var vendor: [Int32] = []
        var values: [Double] = []
        vendor.reserveCapacity(set.itemCount)
        values.reserveCapacity(set.itemCount * Self.columns)
        var last = [Int](repeating: -1, count: nV)
        for i in 0..<set.itemCount {
            let start = vendor.count
            for l in set.labels(ofItem: i) {
                let v = Int(set.annotatorVendor[Int(set.annotator[l])])
                var e = last[v]
                if e < start {
                    e = vendor.count
                    last[v] = e
                    vendor.append(Int32(v))
                    values.append(contentsOf: repeatElement(0, count: Self.columns))
                }
                let row = e * Self.columns
                values[row + Self.expected] += posteriors[i * k + Int(set.value[l])]
                values[row + Self.count] += 1
                if let g = gold?.answer[i], g >= 0 {
                    values[row + Self.goldCount] += 1
                    if g == set.value[l] { values[row + Self.goldCorrect] += 1 }
                }
                if !costs.isEmpty, !costs[l].isNaN { values[row + Self.cost] += costs[l] }
            }
            // Vendor order within the item (insertion sort: a handful of entries).
            var x = start + 1
            while x < vendor.count {
                var y = x
                while y > start && vendor[y - 1] > vendor[y] {
                    vendor.swapAt(y - 1, y)
                    for c in 0..<Self.columns {
                        values.swapAt((y - 1) * Self.columns + c, y * Self.columns + c)
                    }
                    last[Int(vendor[y])] = y
                    last[Int(vendor[y - 1])] = y - 1
                    y -= 1
                }
                x += 1
            }
            itemStart[i + 1] = vendor.count
        }
        self.itemStart = itemStart
        self.vendor = vendor
        self.values = values
        self.vendors = nV
        self.pairIndex = pairIndex
        self.pairs = pairs
        self.basis = goldBasis ? (Self.goldCorrect, Self.goldCount) : (Self.expected, Self.count)
        var used = 2
        for x in 0..<vendor.count {
            if values[x * Self.columns + Self.cost] != 0 { used = 5 }
            if values[x * Self.columns + Self.goldCount] != 0 { used = max(used, 4) }
        }
        self.used = used
    }

    /// Length of one set of sums: `columns` per vendor, then (numerator and denominator of a, of
    /// b) over the shared items of each pair.
    var stride: Int { vendors * Self.columns + pairs * 4 }

    /// Adds item `i`'s entries, `times` times, to the sums at `sums`.
    @inline(__always)
    func add(
        _ i: Int, times: Double, to sums: UnsafeMutablePointer<Double>, start: UnsafePointer<Int>,
        vendor: UnsafePointer<Int32>, values: UnsafePointer<Double>, pairIndex: UnsafePointer<Int32>
    ) {
        let lo = start[i]
        let hi = start[i + 1]
        let c = Self.columns
        for x in lo..<hi {
            let src = values + x * c
            let dst = sums + Int(vendor[x]) * c
            for j in 0..<used { dst[j] += times * src[j] }
        }
        guard pairs > 0, hi - lo >= 2 else { return }
        let pairBase = sums + vendors * c
        let (num, den) = basis
        for x in lo..<(hi - 1) {
            let vx = Int(vendor[x]) * vendors
            for y in (x + 1)..<hi {
                let p = Int(pairIndex[vx + Int(vendor[y])])
                guard p >= 0 else { continue }
                let dst = pairBase + p * 4
                dst[0] += times * values[x * c + num]
                dst[1] += times * values[x * c + den]
                dst[2] += times * values[y * c + num]
                dst[3] += times * values[y * c + den]
            }
        }
    }

    /// The sums over every item once (the point estimates).
    /// - Complexity: O(entries).
    func totals() -> [Double] {
        var sums = [Double](repeating: 0, count: stride)
        itemStart.withUnsafeBufferPointer { s in
            vendor.withUnsafeBufferPointer { v in
                values.withUnsafeBufferPointer { x in
                    pairIndex.withUnsafeBufferPointer { p in
                        sums.withUnsafeMutableBufferPointer { out in
                            for i in 0..<(s.count - 1) {
                                add(
                                    i, times: 1, to: out.baseAddress!, start: s.baseAddress!,
                                    vendor: v.baseAddress!, values: x.baseAddress!, pairIndex: p.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return sums
    }

    /// The sums of `replicates` bootstrap replicates (row r at `r * stride`): replicate r resamples
    /// all items with replacement from `Bootstrap.generator(seed:replicate: r)`.
    ///
    /// Exact multinomial resampling in cache-sized blocks: a replicate first draws how many of its
    /// n draws fall in each block of `blockSize` items (conditional binomials), then draws that
    /// many items uniformly inside the block. Both cores take half of the replicates each and go
    /// through the blocks in order, so every block's entries are read from memory once per core
    /// and then serve all of that core's replicates from cache. The result does not depend on the
    /// number of cores.
    /// - Complexity: O(replicates × (items + draws' entries)) time; O(replicates × (stride +
    ///   items / blockSize)) memory.
    func resampledSums(replicates: Int, seed: UInt64, blockSize: Int = 4096) -> [Double] {
        let n = itemStart.count - 1
        var sums = [Double](repeating: 0, count: replicates * stride)
        guard n > 0, replicates > 0 else { return sums }
        let blocks = (n + blockSize - 1) / blockSize
        let sizes = (0..<blocks).map { Double(min(blockSize, n - $0 * blockSize)) }
        var perBlock = [Double](repeating: 0, count: replicates * blocks)
        var generators = (0..<replicates).map { Bootstrap.generator(seed: seed, replicate: $0) }
        sizes.withUnsafeBufferPointer { w in
            perBlock.withUnsafeMutableBufferPointer { out in
                for r in 0..<replicates {
                    generators[r].nextMultinomial(
                        n, weights: w,
                        into: UnsafeMutableBufferPointer(rebasing: out[(r * blocks)..<((r + 1) * blocks)]))
                }
            }
        }
        let stride = self.stride
        let parts = min(2, replicates)
        itemStart.withUnsafeBufferPointer { s in
            vendor.withUnsafeBufferPointer { v in
                values.withUnsafeBufferPointer { x in
                    pairIndex.withUnsafeBufferPointer { p in
                        sums.withUnsafeMutableBufferPointer { out in
                            generators.withUnsafeMutableBufferPointer { g in
                                perBlock.withUnsafeBufferPointer { counts in
                                    let shared = UncheckedBox(
                                        (
                                            s.baseAddress!, v.baseAddress!, x.baseAddress!, p.baseAddress!,
                                            out.baseAddress!, g.baseAddress!, counts.baseAddress!
                                        ))
                                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                                        let (start, vendor, values, pairIndex, out, generator, counts) =
                                            shared.value
                                        let mine =
                                            (replicates * part / parts)..<(replicates * (part + 1) / parts)
                                        for b in 0..<blocks {
                                            let first = b * blockSize
                                            let size = UInt64(min(blockSize, n - first))
                                            for r in mine {
                                                var rng = generator[r]
                                                let row = out + r * stride
                                                for _ in 0..<Int(counts[r * blocks + b]) {
                                                    add(
                                                        first + Int(rng.next(below: size)), times: 1, to: row,
                                                        start: start, vendor: vendor, values: values,
                                                        pairIndex: pairIndex)
                                                }
                                                generator[r] = rng
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
        return sums
    }
}
