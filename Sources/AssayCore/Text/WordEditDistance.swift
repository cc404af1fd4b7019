// Assay — quality control for human-labelled training data.

/// Word-level Levenshtein distance: the least number of word insertions, deletions and
/// substitutions (each costing 1) that turn one word sequence into another. The edit count of the
/// word error rate.
///
/// Keeps one row of scratch memory between calls, so a loop over many pairs allocates nothing.
public struct WordEditDistance: Sendable {
    private var row: [Int32] = []

    /// A calculator with empty scratch.
    public init() {}

    /// The distance between `a` and `b`.
    /// - Complexity: O(|a| × |b|) time after stripping the common prefix and suffix, O(min(|a|, |b|))
    ///   memory.
    public static func distance<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int
    where A.Element == Int32, B.Element == Int32 {
        var calculator = WordEditDistance()
        let x = Array(a)
        let y = Array(b)
        return x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { calculator.distance(xp, $0) } }
    }

    /// The distance between `a` and `b`.
    /// - Complexity: O(|a| × |b|) time after stripping the common prefix and suffix, O(min(|a|, |b|))
    ///   memory.
    public mutating func distance(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>) -> Int {
        var lo = 0
        var endA = a.count
        var endB = b.count
        while lo < endA && lo < endB && a[lo] == b[lo] { lo += 1 }
        while endA > lo && endB > lo && a[endA - 1] == b[endB - 1] {
            endA -= 1
            endB -= 1
        }
        // The row runs over the shorter side.
        var long = UnsafeBufferPointer(rebasing: a[lo..<endA])
        var short = UnsafeBufferPointer(rebasing: b[lo..<endB])
        if short.count > long.count { swap(&long, &short) }
        let m = short.count
        if m == 0 { return long.count }
        if row.count < m + 1 { row = [Int32](repeating: 0, count: m + 1) }
        return row.withUnsafeMutableBufferPointer { r in
            for j in 0...m { r[j] = Int32(j) }
            for i in 0..<long.count {
                let word = long[i]
                var diagonal = r[0]
                var left = Int32(i + 1)
                r[0] = left
                for j in 1...m {
                    let up = r[j]
                    let substitute = diagonal &+ (short[j - 1] == word ? 0 : 1)
                    let value = Swift.min(substitute, Swift.min(up, left) &+ 1)
                    diagonal = up
                    left = value
                    r[j] = value
                }
            }
            return Int(r[m])
        }
    }
}
