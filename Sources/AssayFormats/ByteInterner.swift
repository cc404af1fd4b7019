// Assay — quality control for human-labelled training data.

import Foundation

/// Interns byte strings to dense `Int32` ids without creating a `String` per lookup. Ids are given
/// in first-seen order.
///
/// Open addressing with 16-byte slots that hold the key's first 8 bytes, its length, 24 bits of its
/// hash and its id: a lookup of a key of up to 8 bytes touches one cache line; longer keys compare
/// the rest against a byte arena. The table size need not be a power of two (multiply-shift), so it
/// stays between 50% and 75% full.
struct ByteInterner {
    private struct Slot {
        var head: UInt64
        /// hash tag (24 bits) << 40 | length (8 bits, 255 = longer) << 32 | (id + 1); 0 = empty.
        var meta: UInt64
    }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]

    /// Number of distinct keys.
    var count: Int { offsets.count - 1 }

    init(capacity: Int = 1024) {
        slots = [Slot](repeating: Slot(head: 0, meta: 0), count: max(capacity * 2, 16))
    }

    /// The id of `key`, adding it when new.
    /// - Complexity: O(key length) expected.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        intern(key, hash: Self.hash(key))
    }

    /// The id of `key` whose `hash(key)` is `h`, adding it when new.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (id: Int32, isNew: Bool) {
        let head = Self.head(key)
        let length = UInt64(min(key.count, 255))
        let probe = (h >> 40) << 40 | length << 32
        let size = slots.count
        var s = Int((UInt64(UInt32(truncatingIfNeeded: h)) &* UInt64(size)) >> 32)
        let found: Int32? = slots.withUnsafeBufferPointer { table in
            while true {
                let slot = table[s]
                if slot.meta == 0 { return nil }
                if slot.meta & ~0xFFFF_FFFF == probe && slot.head == head {
                    let id = Int32(truncatingIfNeeded: slot.meta & 0xFFFF_FFFF) - 1
                    if key.count <= 8 || tailEquals(Int(id), key) { return id }
                }
                s += 1
                if s == size { s = 0 }
            }
        }
        if let found { return (found, false) }
        let id = Int32(count)
        slots[s] = Slot(head: head, meta: probe | UInt64(id + 1))
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        if count * 4 > slots.count * 3 { grow() }
        return (id, true)
    }

    /// The bytes of key `id`.
    func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        arena.withUnsafeBufferPointer { a in
            body(UnsafeBufferPointer(rebasing: a[offsets[id]..<offsets[id + 1]]))
        }
    }

    /// The bytes of key `id` as a string.
    func string(_ id: Int) -> String {
        arena.withUnsafeBufferPointer { a in
            String(decoding: UnsafeBufferPointer(rebasing: a[offsets[id]..<offsets[id + 1]]), as: UTF8.self)
        }
    }

    /// Every key as a string, in id order.
    func strings() -> [String] { (0..<count).map(string) }

    private func tailEquals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = offsets[id]
        guard offsets[id + 1] - lo == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            memcmp(a.baseAddress! + lo + 8, key.baseAddress! + 8, key.count - 8) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var table = [Slot](repeating: Slot(head: 0, meta: 0), count: size)
        arena.withUnsafeBufferPointer { a in
            for id in 0..<count {
                let key = UnsafeBufferPointer(rebasing: a[offsets[id]..<offsets[id + 1]])
                let h = Self.hash(key)
                var s = Int((UInt64(UInt32(truncatingIfNeeded: h)) &* UInt64(size)) >> 32)
                while table[s].meta != 0 {
                    s += 1
                    if s == size { s = 0 }
                }
                table[s] = Slot(
                    head: Self.head(key),
                    meta: (h >> 40) << 40 | UInt64(min(key.count, 255)) << 32 | UInt64(id + 1))
            }
        }
        slots = table
    }

    /// The first 8 bytes of `key`, zero-padded.
    @inline(__always)
    static func head(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = key.baseAddress else { return 0 }
        if key.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var v: UInt64 = 0
        for i in 0..<key.count { v |= UInt64(base[i]) << (8 * UInt64(i)) }
        return v
    }

    /// The hash of `key` used by every id table of the readers.
    /// - Complexity: O(key length).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = key.baseAddress else { return finish(seed ^ UInt64(key.count), 0) }
        if key.count < 8 { return finish(seed ^ UInt64(key.count), head(key)) }
        return hashLong(base, count: key.count)
    }

    /// `(head(key), hash(key))` for a key of `count` bytes at `base` that may be read as a whole
    /// 8-byte word even when it is shorter (it lies in a `FileBuffer`, which is padded). One load
    /// instead of a loop over the bytes of a short id.
    @inline(__always)
    static func headAndHash(padded base: UnsafePointer<UInt8>, count: Int) -> (head: UInt64, hash: UInt64) {
        let word = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
        if count < 8 {
            let head = count == 0 ? 0 : word & (UInt64.max >> UInt64(64 - 8 * count))
            return (head, finish(seed ^ UInt64(count), head))
        }
        return (word, hashLong(base, count: count))
    }

    private static let seed: UInt64 = 0x243F_6A88_85A3_08D3

    /// Whole 8-byte words, then the last `count % 8` bytes as one zero-extended word (read as the
    /// key's last 8 bytes, shifted): the same value as a byte-by-byte tail.
    @inline(__always)
    private static func hashLong(_ base: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var h = seed ^ UInt64(count)
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        let rest = count - i
        let tail =
            rest == 0
            ? 0 : raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(64 - 8 * rest)
        return finish(h, tail)
    }

    @inline(__always)
    private static func finish(_ state: UInt64, _ tail: UInt64) -> UInt64 {
        var h = (state ^ tail) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
    }
}
