// Assay — quality control for human-labelled training data.

import Foundation

/// Interns byte strings to dense `Int32` ids without creating a `String` per lookup: an
/// open-addressing hash table over a single byte arena. Ids are given in first-seen order.
struct ByteInterner {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]
    private var mask: Int

    /// Number of distinct keys.
    var count: Int { offsets.count - 1 }

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The id of `key`, adding it when new.
    /// - Complexity: O(key length) expected.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let h = Self.hash(key)
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[s]
            if id < 0 { break }
            if hashes[Int(id)] == h && equals(Int(id), key) { return (id, false) }
            s = (s + 1) & mask
        }
        let id = Int32(count)
        slots[s] = id
        hashes.append(h)
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The bytes of key `id` as a string.
    func string(_ id: Int) -> String {
        arena.withUnsafeBufferPointer { a in
            String(decoding: UnsafeBufferPointer(rebasing: a[offsets[id]..<offsets[id + 1]]), as: UTF8.self)
        }
    }

    /// The bytes of key `id` after its first `prefix` bytes, as a string.
    func string(_ id: Int, droppingPrefix prefix: Int) -> String {
        arena.withUnsafeBufferPointer { a in
            String(
                decoding: UnsafeBufferPointer(rebasing: a[(offsets[id] + prefix)..<offsets[id + 1]]),
                as: UTF8.self)
        }
    }

    /// Every key as a string, in id order.
    func strings() -> [String] { (0..<count).map(string) }

    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = offsets[id]
        let n = offsets[id + 1] - lo
        guard n == key.count else { return false }
        if n == 0 { return true }
        return arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + lo, key.baseAddress!, n) == 0 }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0..<count {
            var s = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(id)
        }
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
    }
}
