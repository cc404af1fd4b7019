// Assay — quality control for human-labelled training data.

import CAssayPrefetch
import Foundation

/// The interning table of the reading hot path: the same layout as `ByteInterner` (16-byte slots
/// holding a key's first 8 bytes, its length, a hash tag and its id) in manually managed memory, so
/// that a lookup through a pointer or a class costs no reference counting or uniqueness check.
/// It also records one `Int32` per key, given when the key is added: the label row that first named
/// an item, the annotator index of a worker id.
///
/// Keys of 9 to 16 bytes are compared without the arena: once a key longer than 8 bytes is added,
/// bytes 8..<16 of every key are kept in a word per id (`tails`), so such a lookup reads the slot
/// and one word instead of the slot, the key's offset and its bytes (three cache misses on a large
/// table). MTurk worker ids (13–14 characters) and most item ids are of that length; tables of
/// short keys never allocate the words.
///
/// A value of this type is a handle: copies share storage, and exactly one owner calls `free()`.
struct RawKeyTable {
    private struct Slot {
        var head: UInt64
        /// hash tag (24 bits) << 40 | length (8 bits, 255 = longer) << 32 | (id + 1); 0 = empty.
        var meta: UInt64
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var size: Int
    /// Number of distinct keys.
    private(set) var count = 0
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// offsets[id]..<offsets[id + 1] is key `id` in the arena.
    private var offsets: UnsafeMutablePointer<Int>
    /// The value recorded with key `id` when it was added.
    private(set) var values: UnsafeMutablePointer<Int32>
    /// Bytes 8..<16 of key `id`, zero-padded (`tailWord`); nil until a key of more than 8 bytes
    /// is interned (the keys before it have zero tails).
    private var tails: UnsafeMutablePointer<UInt64>?
    private var idCapacity: Int

    /// An empty table with room for about `capacity` keys before it grows.
    init(capacity: Int = 32) {
        size = max(16, capacity * 2)
        slots = PageMemory.allocate(Slot.self, size)
        slots.initialize(repeating: Slot(head: 0, meta: 0), count: size)
        arenaCapacity = max(64, capacity * 8)
        arena = PageMemory.allocate(UInt8.self, arenaCapacity)
        idCapacity = max(16, capacity)
        offsets = PageMemory.allocate(Int.self, idCapacity + 1)
        offsets[0] = 0
        values = PageMemory.allocate(Int32.self, idCapacity)
    }

    /// Releases the storage; the table must not be used afterwards.
    func free() {
        PageMemory.free(slots, size)
        PageMemory.free(arena, arenaCapacity)
        PageMemory.free(offsets, idCapacity + 1)
        PageMemory.free(values, idCapacity)
        if let tails { PageMemory.free(tails, idCapacity) }
    }

    /// Hints the CPU to load the slot where a key with hash `h` starts probing.
    @inline(__always)
    func prefetch(_ h: UInt64) {
        assay_prefetch(slots + Int((UInt64(UInt32(truncatingIfNeeded: h)) &* UInt64(size)) >> 32))
    }

    /// The id of the key whose first 8 bytes are `head` (zero-padded), of `length` bytes, hash `h`
    /// (`ByteInterner.hash`), bytes at `key` (read only for keys longer than 8 bytes or when new),
    /// adding it with `value` when new.
    /// - Complexity: O(1) expected for keys of up to 8 bytes, O(length) otherwise.
    @inline(__always)
    mutating func intern(head: UInt64, length: Int, hash h: UInt64, key: UnsafePointer<UInt8>, value: Int32)
        -> (id: Int32, isNew: Bool)
    {
        let probe = (h >> 40) << 40 | UInt64(min(length, 255)) << 32
        var tail: UInt64 = 0
        if length > 8 {
            tail = Self.tailWord(key, length)
            if tails == nil {
                let t = PageMemory.allocate(UInt64.self, idCapacity)
                t.initialize(repeating: 0, count: idCapacity)
                tails = t
            }
        }
        var s = Int((UInt64(UInt32(truncatingIfNeeded: h)) &* UInt64(size)) >> 32)
        while true {
            let slot = slots[s]
            if slot.meta == 0 { break }
            if slot.meta & ~0xFFFF_FFFF == probe && slot.head == head {
                let id = Int32(truncatingIfNeeded: slot.meta & 0xFFFF_FFFF) - 1
                // Equal heads and lengths (exact below 255): up to 16 bytes the tail word decides.
                if length <= 8
                    || (tails![Int(id)] == tail && (length <= 16 || restEquals(Int(id), key, length)))
                {
                    return (id, false)
                }
            }
            s += 1
            if s == size { s = 0 }
        }
        let id = count
        slots[s] = Slot(head: head, meta: probe | UInt64(id + 1))
        if arenaCount + length > arenaCapacity {
            let capacity = max(arenaCapacity * 2, arenaCount + length)
            let bigger = PageMemory.allocate(UInt8.self, capacity)
            bigger.update(from: arena, count: arenaCount)
            PageMemory.free(arena, arenaCapacity)
            arena = bigger
            arenaCapacity = capacity
        }
        if length <= 8 {
            var h = head.littleEndian
            withUnsafeBytes(of: &h) {
                (arena + arenaCount).update(
                    from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length)
            }
        } else {
            (arena + arenaCount).update(from: key, count: length)
        }
        arenaCount += length
        if id == idCapacity {
            let capacity = idCapacity * 2
            let o = PageMemory.allocate(Int.self, capacity + 1)
            o.update(from: offsets, count: idCapacity + 1)
            PageMemory.free(offsets, idCapacity + 1)
            offsets = o
            let f = PageMemory.allocate(Int32.self, capacity)
            f.update(from: values, count: idCapacity)
            PageMemory.free(values, idCapacity)
            values = f
            if let old = tails {
                let t = PageMemory.allocate(UInt64.self, capacity)
                t.update(from: old, count: idCapacity)
                PageMemory.free(old, idCapacity)
                tails = t
            }
            idCapacity = capacity
        }
        offsets[id + 1] = arenaCount
        values[id] = value
        tails?[id] = tail
        count += 1
        if count * 4 > size * 3 { grow() }
        return (Int32(id), true)
    }

    /// The id of `key`, adding it when new.
    @inline(__always)
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> (id: Int32, isNew: Bool) {
        let base = key.baseAddress ?? UnsafePointer(arena)
        return intern(
            head: ByteInterner.head(key), length: key.count, hash: ByteInterner.hash(key), key: base,
            value: value)
    }

    /// The bytes of key `id` (valid until the next insertion).
    @inline(__always)
    func key(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + offsets[id], count: offsets[id + 1] - offsets[id])
    }

    /// Key `id` as a string.
    func string(_ id: Int) -> String { String(decoding: key(id), as: UTF8.self) }

    /// Bytes 8..<16 of a key of `length` > 8 bytes as a little-endian word, zero-padded; reads
    /// no byte past the key.
    @inline(__always)
    static func tailWord(_ key: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        if length >= 16 {
            return UInt64(littleEndian: UnsafeRawPointer(key + 8).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        for i in 0..<(length - 8) { word |= UInt64(key[8 + i]) << (8 * UInt64(i)) }
        return word
    }

    /// Whether key `id` is `length` bytes long and equal to `key` from byte 16 on (the first 16
    /// already compared).
    private func restEquals(_ id: Int, _ key: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let lo = offsets[id]
        guard offsets[id + 1] - lo == length else { return false }
        return memcmp(arena + lo + 16, key + 16, length - 16) == 0
    }

    private mutating func grow() {
        let bigger = size * 2
        let table = PageMemory.allocate(Slot.self, bigger)
        table.initialize(repeating: Slot(head: 0, meta: 0), count: bigger)
        for s in 0..<size where slots[s].meta != 0 {
            let id = Int(slots[s].meta & 0xFFFF_FFFF) - 1
            let h = ByteInterner.hash(key(id))
            var t = Int((UInt64(UInt32(truncatingIfNeeded: h)) &* UInt64(bigger)) >> 32)
            while table[t].meta != 0 {
                t += 1
                if t == bigger { t = 0 }
            }
            table[t] = slots[s]
        }
        PageMemory.free(slots, size)
        slots = table
        size = bigger
    }
}

/// Memory for the reading tables: blocks of 64 KiB or more are mapped from the system and unmapped
/// when freed, so their pages leave the process at once (freed heap blocks stay resident, and the
/// sort that follows reading needs the room).
enum PageMemory {
    private static let threshold = 1 << 16

    /// Uninitialised room for `count` values of type `T`.
    static func allocate<T>(_: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        let bytes = count * MemoryLayout<T>.stride
        if bytes >= threshold {
            let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            if let p, p != MAP_FAILED { return p.bindMemory(to: T.self, capacity: count) }
        }
        return .allocate(capacity: count)
    }

    /// Frees what `allocate(T.self, count)` returned.
    static func free<T>(_ pointer: UnsafeMutablePointer<T>, _ count: Int) {
        let bytes = count * MemoryLayout<T>.stride
        if bytes >= threshold, munmap(pointer, bytes) == 0 { return }
        pointer.deallocate()
    }
}
