// Assay — quality control for human-labelled training data.

extension ChanceCorrectedAgreement.Table {
    /// The table's distinct non-empty rows (count vectors), in order of first appearance, with the
    /// number of items that have each. Every coefficient here (α at any level, the κ family,
    /// percent agreement) depends on the items only through their rows, so resampling the items
    /// with replacement is resampling these rows with their multiplicities: a bootstrap replicate
    /// is one multinomial draw over a few hundred patterns instead of one draw per item.
    /// - Complexity: O(items × K) expected time; O(patterns × K) memory.
    public func patterns() -> (rows: ChanceCorrectedAgreement.Table, multiplicity: [Double]) {
        let k = classes
        var capacity = 1024
        var slots = [Int32](repeating: -1, count: capacity)
        var hashes: [UInt64] = []
        var rowCounts: [Double] = []
        var rowTotal: [Double] = []
        var multiplicity: [Double] = []
        counts.withUnsafeBufferPointer { c in
            for i in 0..<total.count where total[i] > 0 {
                // Counts are small non-negative integers: mix them into one word.
                var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                for j in 0..<k {
                    h = (h ^ UInt64(c[i * k + j])) &* 0xBF58_476D_1CE4_E5B9
                    h ^= h >> 29
                }
                var s = Int(h & UInt64(capacity - 1))
                while true {
                    let p = Int(slots[s])
                    if p < 0 {
                        slots[s] = Int32(multiplicity.count)
                        hashes.append(h)
                        rowCounts.append(contentsOf: c[(i * k)..<(i * k + k)])
                        rowTotal.append(total[i])
                        multiplicity.append(1)
                        break
                    }
                    if hashes[p] == h && (0..<k).allSatisfy({ rowCounts[p * k + $0] == c[i * k + $0] }) {
                        multiplicity[p] += 1
                        break
                    }
                    s = (s + 1) & (capacity - 1)
                }
                if multiplicity.count * 2 > capacity {
                    capacity *= 2
                    slots = [Int32](repeating: -1, count: capacity)
                    for (p, h) in hashes.enumerated() {
                        var s = Int(h & UInt64(capacity - 1))
                        while slots[s] >= 0 { s = (s + 1) & (capacity - 1) }
                        slots[s] = Int32(p)
                    }
                }
            }
        }
        return (.init(classes: k, counts: rowCounts, total: rowTotal), multiplicity)
    }
}
