// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayFormats

@Suite struct KeyTableTests {
    /// Keys of 1 to 40 bytes that share their first 8 bytes and differ in one byte at every
    /// position, each also in a copy of a different length: the tail words and the arena comparison
    /// must keep them all apart, and find each again, after growing from a small table. Short keys
    /// come first, so the tail words start after ids already exist.
    @Test func keysThatShareTheirHeadStayApart() {
        var table = RawKeyTable(capacity: 4)
        defer { table.free() }
        var keys: [[UInt8]] = (1...8).map { Array("abcdefgh".utf8.prefix($0)) }
        for length in 9...40 {
            let base = [UInt8]((0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) })
            keys.append(base)
            for position in 8..<length {
                var changed = base
                changed[position] = UInt8(ascii: "Z")
                keys.append(changed)
            }
            keys.append(base + [0])  // one byte longer, zero byte
        }
        let unique = Set(keys)
        var ids: [[UInt8]: Int32] = [:]
        for (n, key) in keys.enumerated() {
            let r = key.withUnsafeBufferPointer { table.intern($0, value: Int32(n)) }
            if let known = ids[key] {
                #expect(r.id == known && !r.isNew)
            } else {
                #expect(r.isNew)
                ids[key] = r.id
            }
        }
        #expect(table.count == unique.count)
        for (key, id) in ids {
            let again = key.withUnsafeBufferPointer { table.intern($0, value: -1) }
            #expect(again.id == id && !again.isNew)
            #expect(Array(table.key(Int(id))) == key)
        }
    }

    /// Two keys with the same first 8 bytes, length, 24-bit hash tag and starting slot: only the
    /// byte comparison can tell them apart. Found by search among keys `prefix` + a 4-digit
    /// counter; a 12-byte pair is told apart by the tail word, a 20-byte pair (equal up to byte 16)
    /// by the arena.
    @Test(arguments: ["abcdefgh", "abcdefghijklmnop"])
    func keysWhoseHashTagsCollideStayApart(prefix: String) throws {
        var seen: [UInt64: [UInt8]] = [:]
        var pair: ([UInt8], [UInt8])?
        for n in 0..<2_000_000 where pair == nil {
            let key = Array(
                (prefix + String(n, radix: 36).padding(toLength: 4, withPad: "_", startingAt: 0)).utf8)
            let h = key.withUnsafeBufferPointer { ByteInterner.hash($0) }
            // Tag (bits 40–63) and the starting slot in a 16-slot table (bits 28–31).
            let signature = (h >> 40) << 4 | (h & 0xFFFF_FFFF) >> 28
            if let other = seen[signature], other.count == key.count { pair = (other, key) }
            seen[signature] = key
        }
        let (a, b) = try #require(pair)
        #expect(a != b && a.count == b.count && Array(a.prefix(8)) == Array(b.prefix(8)))
        var table = RawKeyTable(capacity: 4)
        defer { table.free() }
        let ra = a.withUnsafeBufferPointer { table.intern($0, value: 0) }
        let rb = b.withUnsafeBufferPointer { table.intern($0, value: 1) }
        #expect(ra.isNew && rb.isNew && ra.id != rb.id)
        #expect(a.withUnsafeBufferPointer { table.intern($0, value: 2) }.id == ra.id)
        #expect(b.withUnsafeBufferPointer { table.intern($0, value: 2) }.id == rb.id)
    }
}
