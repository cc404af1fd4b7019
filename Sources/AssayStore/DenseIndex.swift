// Assay — quality control for human-labelled training data.

/// Maps store ids (sorted ascending) to dense indices 0..<n: an array over the id span when the
/// ids are nearly contiguous (as bulk imports make them), a dictionary otherwise. Both stores use
/// it to turn stored ids into a `LabelSet`'s indices.
public struct DenseIndex: Sendable {
    private let base: Int64
    private let table: [Int32]
    private let fallback: [Int64: Int32]

    /// An index over `sortedIDs`.
    /// - Complexity: O(n) time; O(span) memory when span ≤ 4n, else O(n).
    public init(_ sortedIDs: [Int64]) {
        let lo = sortedIDs.first ?? 0
        let span = (sortedIDs.last ?? 0) - lo + 1
        if !sortedIDs.isEmpty && span <= Int64(sortedIDs.count) * 4 {
            var t = [Int32](repeating: -1, count: Int(span))
            for (j, id) in sortedIDs.enumerated() { t[Int(id - lo)] = Int32(j) }
            base = lo
            table = t
            fallback = [:]
        } else {
            var d: [Int64: Int32] = [:]
            for (j, id) in sortedIDs.enumerated() { d[id] = Int32(j) }
            base = 0
            table = []
            fallback = d
        }
    }

    /// The dense index of store id `id`, or -1 when it is not one of the ids.
    @inline(__always)
    public subscript(_ id: Int64) -> Int32 {
        if table.isEmpty { return fallback[id] ?? -1 }
        let k = id - base
        return k >= 0 && k < Int64(table.count) ? table[Int(k)] : -1
    }
}
