// Assay — quality control for human-labelled training data.

public import AssayCore

/// A digest of a delivery's rows that does not depend on their order or on the file's bytes (line
/// ends, quoting, a trailing newline, JSON key order): two deliveries with the same multiset of
/// (item, annotator, class, created_at, duration, cost) rows have the same digest.
///
/// Each row is hashed from per-id hashes (every id string is hashed once) and the rows' hashes are
/// summed in two independent 64-bit lanes, with the row count; a multiset hash of 128 bits. It is a
/// duplicate detector, not a cryptographic commitment: the content's SHA-256 stays the delivery's
/// identity.
public enum RowsDigest {
    /// The digest of `set`'s rows, as text (`rows1:COUNT:HEX`).
    /// - Complexity: O(labels + the bytes of the id tables).
    public static func of(_ set: LabelSet) -> String {
        let items = set.itemIDs.map { hash($0) }
        let annotators = set.annotatorIDs.map { hash($0) }
        let classes = set.classes.map { hash($0) }
        var lanes: (UInt64, UInt64) = (0, 0)
        let extras = [set.extras.createdAt, set.extras.durationSeconds, set.extras.cost]
        for l in 0..<set.count {
            let i = items[Int(set.item[l])]
            let a = annotators[Int(set.annotator[l])]
            let c = classes[Int(set.value[l])]
            var x = mix(i.0 &+ mix(a.0 &+ mix(c.0)))
            var y = mix(i.1 ^ mix(a.1 ^ mix(c.1 &+ 0x9E37_79B9_7F4A_7C15)))
            for (k, column) in extras.enumerated() {
                // A row without the field and a blank field are the same row; any NaN is one value.
                let v = column.isEmpty || column[l].isNaN ? UInt64.max : column[l].bitPattern
                x = mix(x &+ v &+ UInt64(k + 1))
                y = mix(y ^ (v &* 0xD6E8_FEB8_6659_FD93) ^ UInt64(k + 7))
            }
            lanes.0 &+= x
            lanes.1 &+= y
        }
        return "rows1:\(set.count):" + hex(lanes.0) + hex(lanes.1)
    }

    /// Two 64-bit FNV-1a-style hashes of the UTF-8 bytes with different offsets, each finished by
    /// `mix`.
    static func hash(_ s: String) -> (UInt64, UInt64) {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in s.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 &+ 1
        }
        return (mix(a ^ UInt64(s.utf8.count)), mix(b &+ UInt64(s.utf8.count)))
    }

    /// splitmix64's finaliser: every input bit affects every output bit.
    @inline(__always) static func mix(_ v: UInt64) -> UInt64 {
        var z = v &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
