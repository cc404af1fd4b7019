// Assay — quality control for human-labelled training data.

import Dispatch

extension TextSet {
    /// Contiguous item ranges that together cover every item in order, balanced by word count:
    /// sixteen for a set of at least `minimumWords` words, else one. The chunking depends on the set
    /// only, never on the number of cores.
    /// - Complexity: O(items).
    func itemChunks(minimumWords: Int = 50_000) -> [Range<Int>] {
        let n = itemCount
        let total = words.words.count
        let chunks = total >= minimumWords && n >= 16 ? 16 : 1
        guard chunks > 1 else { return [0..<n] }
        var bounds = [0]
        var i = 0
        for c in 1..<chunks {
            let target = total * c / chunks
            while i < n && words.offsets[index.itemOffsets[i + 1]] < target { i += 1 }
            bounds.append(max(i, bounds[bounds.count - 1]))
        }
        bounds.append(n)
        return (0..<chunks).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// Runs `body(chunk, range)` over `itemChunks()`, concurrently when there is more than one.
    ///
    /// Passes built on it write per-item or per-label results, or per-chunk results combined in
    /// chunk order, so results never depend on the number of cores.
    /// - Complexity: O(items) besides `body`.
    func forEachItemChunk(_ chunks: [Range<Int>]? = nil, _ body: @Sendable (Int, Range<Int>) -> Void) {
        let chunks = chunks ?? itemChunks()
        if chunks.count == 1 {
            body(0, chunks[0])
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks.count) { c in body(c, chunks[c]) }
        }
    }
}

extension TextSet {
    /// `body` applied to every chunk of `itemChunks()` (concurrently when there are several), the
    /// results in chunk order.
    /// - Complexity: O(items) besides `body`.
    func mapItemChunks<T>(_ chunks: [Range<Int>]? = nil, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let chunks = chunks ?? itemChunks()
        var results = [T?](repeating: nil, count: chunks.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = SharedPointer(base: buffer.baseAddress!)
            forEachItemChunk(chunks) { c, range in slots.base[c] = body(range) }
        }
        return results.map { $0! }
    }
}
