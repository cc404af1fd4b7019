// Assay — quality control for human-labelled training data.

/// The word edit distance between every two answers of the same item, computed once and shared by
/// the central-answer model, the answer ordering of ROVER and text agreement.
///
/// Item `i` with answers `l0 ..< l1` (label indices of its `TextSet`) has an `n × n` matrix,
/// `n = l1 - l0`, stored row by row from `matrixOffsets[i]`; entry `(j, k)` is the distance between
/// answers `l0 + j` and `l0 + k`.
public struct AnswerDistances: Sendable {
    /// Start of each item's matrix in `edits`; `items + 1` entries.
    public let matrixOffsets: [Int]
    /// The matrices, item after item.
    public let edits: [Int32]

    /// Distances between the answers of every item of `set`, on both cores for large sets.
    /// - Complexity: O(Σ over items of Σ over answer pairs |a| × |b|) time, O(Σ n²) memory
    ///   (n = answers of an item).
    public init(_ set: TextSet) {
        var offsets = [Int](repeating: 0, count: set.itemCount + 1)
        for i in 0..<set.itemCount {
            let n = set.index.itemOffsets[i + 1] - set.index.itemOffsets[i]
            offsets[i + 1] = offsets[i] + n * n
        }
        var edits = [Int32](repeating: 0, count: offsets[set.itemCount])
        edits.withUnsafeMutableBufferPointer { out in
            let target = SharedPointer(base: out.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
            let frozenOffsets = offsets
            set.words.words.withUnsafeBufferPointer { wordBuffer in
                let words = SharedConstBuffer(base: wordBuffer.baseAddress)
                set.forEachItemChunk { _, range in
                    var calculator = WordEditDistance()
                    let itemOffsets = set.index.itemOffsets
                    let wordOffsets = set.words.offsets
                    for i in range {
                        let l0 = itemOffsets[i]
                        let n = itemOffsets[i + 1] - l0
                        let base = target.base + frozenOffsets[i]
                        for j in 0..<n {
                            base[j * n + j] = 0
                            let a = UnsafeBufferPointer(
                                start: words.base.map { $0 + wordOffsets[l0 + j] },
                                count: wordOffsets[l0 + j + 1] - wordOffsets[l0 + j])
                            for k in (j + 1)..<max(n, j + 1) {
                                let b = UnsafeBufferPointer(
                                    start: words.base.map { $0 + wordOffsets[l0 + k] },
                                    count: wordOffsets[l0 + k + 1] - wordOffsets[l0 + k])
                                let d = Int32(calculator.distance(a, b))
                                base[j * n + k] = d
                                base[k * n + j] = d
                            }
                        }
                    }
                }
            }
        }
        self.matrixOffsets = offsets
        self.edits = edits
    }

    /// Distance between the `j`-th and `k`-th answers of item `i` (0-based within the item).
    @inlinable public func distance(item i: Int, _ j: Int, _ k: Int, answers n: Int) -> Int {
        Int(edits[matrixOffsets[i] + j * n + k])
    }
}
