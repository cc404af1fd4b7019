// Assay — quality control for human-labelled training data.

import CAssayPrefetch

/// Ids for tuples of up to four `Int32` (a comparison's item, turn and pair of objects; a
/// multi-label row's item and annotator), in first-seen order: what a `[SIMD4<Int32>: Int32]`
/// dictionary gives, four times faster on 10M rows (one open-addressing table whose 32-byte slots
/// hold the tuple and its id, looked up with the slot of the row 8 ahead already prefetched).
struct TupleInterner {
    private struct Slot {
        var key: SIMD4<Int32>
        /// Id + 1; 0 = empty.
        var id: Int32
    }

    private var slots: [Slot]
    private var mask: Int
    /// Number of distinct tuples.
    private(set) var count = 0

    /// An empty table with room for about `capacity` tuples before it grows.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: .zero, id: 0), count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func hash(_ k: SIMD4<Int32>) -> Int {
        let x = UInt64(UInt32(bitPattern: k[0])) | UInt64(UInt32(bitPattern: k[1])) << 32
        let y = UInt64(UInt32(bitPattern: k[2])) | UInt64(UInt32(bitPattern: k[3])) << 32
        var h = x &* 0x9E37_79B9_7F4A_7C15 ^ y &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32)
    }

    /// The id of `key`, adding it when new.
    /// - Complexity: O(1) expected.
    @inline(__always)
    mutating func intern(_ key: SIMD4<Int32>) -> (id: Int32, isNew: Bool) {
        var s = Self.hash(key) & mask
        let found: Int32? = slots.withUnsafeBufferPointer { table in
            while true {
                let slot = table[s]
                if slot.id == 0 { return nil }
                if slot.key == key { return slot.id - 1 }
                s = (s + 1) & mask
            }
        }
        if let found { return (found, false) }
        let id = Int32(count)
        slots[s] = Slot(key: key, id: id + 1)
        count += 1
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// Hints the CPU to load the slot where `key` starts probing.
    @inline(__always)
    func prefetch(_ key: SIMD4<Int32>) {
        slots.withUnsafeBufferPointer { assay_prefetch($0.baseAddress! + (Self.hash(key) & mask)) }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: .zero, id: 0), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.id != 0 {
            var s = Self.hash(slot.key) & mask
            while slots[s].id != 0 { s = (s + 1) & mask }
            slots[s] = slot
        }
    }

    /// Ids of the distinct tuples `(a[r], b[r], c?[r] ?? 0, d?[r] ?? 0)` of every row `r`, in
    /// first-seen order, with the first row of each.
    /// - Complexity: O(rows) expected.
    static func ids(_ a: [Int32], _ b: [Int32], _ c: [Int32]?, _ d: [Int32]?) -> (
        ids: [Int32], first: [Int32]
    ) {
        let n = a.count
        var table = TupleInterner(capacity: min(n, 1 << 16))
        var first: [Int32] = []
        var ids = [Int32](repeating: 0, count: n)
        @inline(__always) func key(_ r: Int) -> SIMD4<Int32> { SIMD4(a[r], b[r], c?[r] ?? 0, d?[r] ?? 0) }
        for r in 0..<n {
            if r + 8 < n { table.prefetch(key(r + 8)) }
            let (id, isNew) = table.intern(key(r))
            if isNew { first.append(Int32(r)) }
            ids[r] = id
        }
        return (ids, first)
    }
}
