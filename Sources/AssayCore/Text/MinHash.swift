// Assay — quality control for human-labelled training data.

/// Word shingles and their MinHash signatures: the sketch near-duplicate detection compares.
///
/// A shingle is `k` consecutive words; an answer shorter than `k` words is one shingle (its whole
/// word sequence); an empty answer has none. Two answers' similarity is the Jaccard index of their
/// shingle sets, which a signature of `count` MinHash values estimates (each value agrees between
/// two answers with probability equal to their Jaccard index).
public struct MinHash: Sendable {
    /// Words in a shingle.
    public let shingleWords: Int
    /// Signature length.
    public let count: Int
    private let seeds: [UInt64]
    private let offsets: [UInt64]

    /// A sketch of `count` hashes over `shingleWords`-word shingles, with seeds drawn from `seed`.
    public init(shingleWords: Int = 3, count: Int = 32, seed: UInt64 = 0) {
        precondition(shingleWords >= 1 && count >= 1)
        self.shingleWords = shingleWords
        self.count = count
        var rng = SeededGenerator(seed: seed ^ 0x6D69_6E68_6173_6821)
        seeds = (0..<count).map { _ in rng.next() | 1 }
        offsets = (0..<count).map { _ in rng.next() }
    }

    /// The sorted, distinct shingle hashes of `words`, replacing the contents of `out`.
    /// - Complexity: O(n log n) for n words.
    public func shingles<C: Collection>(_ words: C, into out: inout [UInt64]) where C.Element == Int32 {
        let done: Void? = words.withContiguousStorageIfAvailable { shingles($0, into: &out) }
        if done == nil { Array(words).withUnsafeBufferPointer { shingles($0, into: &out) } }
    }

    private func shingles(_ w: UnsafeBufferPointer<Int32>, into out: inout [UInt64]) {
        out.removeAll(keepingCapacity: true)
        guard !w.isEmpty else { return }
        let k = min(shingleWords, w.count)
        for start in 0...(w.count - k) {
            var h: UInt64 = 0x243F_6A88_85A3_08D3 &+ UInt64(k)
            for j in start..<(start + k) { h = Self.mix(h ^ UInt64(UInt32(bitPattern: w[j]))) }
            out.append(h)
        }
        Self.sortUnique(&out)
    }

    /// Sorts `values` and removes repeats.
    /// - Complexity: O(n log n).
    static func sortUnique(_ values: inout [UInt64]) {
        values.sort()
        var unique = 0
        for v in values where unique == 0 || values[unique - 1] != v {
            values[unique] = v
            unique += 1
        }
        values.removeLast(values.count - unique)
    }

    /// The signature of a shingle set (from `shingles`) into `out[0 ..< count]`; all ones for an
    /// empty set. Value `h` is the least `a_h × s + b_h` (wrapping, odd `a_h`) over the shingle
    /// hashes `s`: shingle hashes are already mixed, so one multiply-add per value permutes them
    /// well enough (tested against the exact Jaccard index).
    /// - Complexity: O(shingles × count).
    public func signature(_ shingles: [UInt64], into out: UnsafeMutableBufferPointer<UInt64>) {
        for h in 0..<count { out[h] = UInt64.max }
        seeds.withUnsafeBufferPointer { seeds in
            offsets.withUnsafeBufferPointer { offsets in
                for s in shingles {
                    for h in 0..<count {
                        let v = seeds[h] &* s &+ offsets[h]
                        if v < out[h] { out[h] = v }
                    }
                }
            }
        }
    }

    /// The Jaccard index of two sorted distinct hash sets; 1 when both are empty.
    /// - Complexity: O(|a| + |b|).
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        var i = 0
        var j = 0
        var common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                common += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(common) / Double(a.count + b.count - common)
    }

    /// A 64-bit finaliser (SplitMix64's).
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
