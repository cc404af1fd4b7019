// Assay — quality control for human-labelled training data.

public import AssayCore

/// A digest of a delivery's rows that does not depend on their order or on the file's bytes (line
/// ends, quoting, a trailing newline, JSON key order): two deliveries with the same multiset of
/// (item, annotator, value, created_at, duration, cost) rows have the same digest, where the value
/// is the type's (a class; a comparison; a rating; a set of classes; a text).
///
/// Each row is hashed from per-id hashes (every id string is hashed once) and the rows' hashes are
/// summed in two independent 64-bit lanes, with the row count; a multiset hash of 128 bits. It is a
/// duplicate detector, not a cryptographic commitment: the content's SHA-256 stays the delivery's
/// identity.
public enum RowsDigest {
    /// The digest of `set`'s rows, as text (`rows1:COUNT:HEX`).
    /// - Complexity: O(labels + the bytes of the id tables).
    public static func of(_ set: LabelSet) -> String {
        let classes = set.classes.map { hash($0) }
        return digest(
            "rows1", itemIDs: set.itemIDs, annotatorIDs: set.annotatorIDs, item: set.item,
            annotator: set.annotator, extras: set.extras
        ) { l in classes[Int(set.value[l])] }
    }

    /// The digest of a delivery's rows of any type: a categorical set's as `of(_:)` gives it (so
    /// that deliveries imported before there were types are still recognised), the others with their
    /// own prefix (`pairwise1`, `rating1`, `multilabel1`, `text1`) and values: a comparison's objects
    /// as shown, outcome, strength and flags (inconsistent, position unknown); a rating's number
    /// (−0 as 0); a label's set of class names; an answer's bytes.
    /// - Complexity: O(labels + the bytes of the id tables), plus the answers' bytes for text and
    ///   O(labels × classes) for multilabel.
    public static func of(_ labels: TypedLabels) -> String {
        switch labels {
        case .categorical(let set):
            return of(set)
        case .pairwise(let set):
            let objects = set.objectIDs.map { hash($0) }
            return digest(labels, "pairwise1") { l in
                let i = Int(set.index.item[l])
                let (a, b) =
                    set.firstOnLeft[l]
                    ? (set.itemFirst[i], set.itemSecond[i]) : (set.itemSecond[i], set.itemFirst[i])
                let left = objects[Int(a)]
                let right = objects[Int(b)]
                let strength =
                    set.strength.isEmpty || set.strength[l].isNaN
                    ? UInt64.max : UInt64(set.strength[l].bitPattern)
                let flags =
                    UInt64(set.isPositionKnown(l) ? 0 : 2)
                    | UInt64(!set.flaggedInconsistent.isEmpty && set.flaggedInconsistent[l] ? 1 : 0)
                let v = UInt64(set.outcome[l]) | flags << 8
                return (
                    mix(left.0 &+ mix(right.0 ^ mix(v &+ mix(strength)))),
                    mix(left.1 ^ mix(right.1 &+ mix(v ^ mix(strength &+ 0x9E37_79B9_7F4A_7C15))))
                )
            }
        case .rating(let set):
            return digest(labels, "rating1") { l in
                let v = set.value[l] == 0 ? 0 : set.value[l].bitPattern
                return (mix(v), mix(v ^ 0xD6E8_FEB8_6659_FD93))
            }
        case .multilabel(let set):
            let classes = set.classes.map { hash($0) }
            return digest(labels, "multilabel1") { l in
                // The set of class names, whatever the order of the delivery's class table.
                var h: (UInt64, UInt64) = (0, 0)
                for c in 0..<set.classCount where set.contains(label: l, class: c) {
                    h.0 &+= classes[c].0
                    h.1 &+= classes[c].1
                }
                return (mix(h.0), mix(h.1 &+ 1))
            }
        case .text(let set):
            return digest(labels, "text1") { l in hash(set.answers[l]) }
        }
    }

    /// `digest` over the labels' own id tables and columns.
    private static func digest(
        _ labels: TypedLabels, _ prefix: String, value: (Int) -> (UInt64, UInt64)
    ) -> String {
        digest(
            prefix, itemIDs: labels.itemIDs, annotatorIDs: labels.annotatorIDs, item: labels.item,
            annotator: labels.annotator, extras: labels.extras, value: value)
    }

    /// The multiset hash of rows (item, annotator, `value(l)`, created_at, duration, cost), as text
    /// `PREFIX:COUNT:HEX`.
    private static func digest(
        _ prefix: String, itemIDs: [String], annotatorIDs: [String], item: [Int32], annotator: [Int32],
        extras: LabelExtras, value: (Int) -> (UInt64, UInt64)
    ) -> String {
        let items = itemIDs.map { hash($0) }
        let annotators = annotatorIDs.map { hash($0) }
        var lanes: (UInt64, UInt64) = (0, 0)
        let columns = [extras.createdAt, extras.durationSeconds, extras.cost]
        for l in 0..<item.count {
            let i = items[Int(item[l])]
            let a = annotators[Int(annotator[l])]
            let c = value(l)
            var x = mix(i.0 &+ mix(a.0 &+ mix(c.0)))
            var y = mix(i.1 ^ mix(a.1 ^ mix(c.1 &+ 0x9E37_79B9_7F4A_7C15)))
            for (k, column) in columns.enumerated() {
                // A row without the field and a blank field are the same row; any NaN is one value.
                let v = column.isEmpty || column[l].isNaN ? UInt64.max : column[l].bitPattern
                x = mix(x &+ v &+ UInt64(k + 1))
                y = mix(y ^ (v &* 0xD6E8_FEB8_6659_FD93) ^ UInt64(k + 7))
            }
            lanes.0 &+= x
            lanes.1 &+= y
        }
        return "\(prefix):\(item.count):" + hex(lanes.0) + hex(lanes.1)
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
