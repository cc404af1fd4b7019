// Assay — quality control for human-labelled training data.

import Dispatch

/// Splits `0..<count` items into a fixed number of contiguous chunks balanced by label count, so
/// that parallel passes give bit-identical results on every machine (the chunking and the order of
/// the final reduction never depend on the number of cores).
struct ParallelRanges: Sendable {
    /// Item ranges, in order.
    let ranges: [Range<Int>]

    /// Chunks of `set`'s items; one chunk below `minimumLabels` labels.
    init(_ set: LabelSet, chunks: Int = 2, minimumLabels: Int = 200_000) {
        let n = set.itemCount
        guard set.count >= minimumLabels, n >= chunks else {
            ranges = [0..<n]
            return
        }
        var result: [Range<Int>] = []
        var start = 0
        for c in 1...chunks {
            let target = set.count * c / chunks
            var end = start
            // First item whose start offset reaches the target.
            var lo = start
            var hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if set.itemOffsets[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            end = c == chunks ? n : max(lo, start)
            result.append(start..<end)
            start = end
        }
        ranges = result
    }

    /// Runs `body(chunkIndex, range)` for every chunk, concurrently when there is more than one.
    func run(_ body: @Sendable (Int, Range<Int>) -> Void) {
        if ranges.count == 1 {
            body(0, ranges[0])
        } else {
            DispatchQueue.concurrentPerform(iterations: ranges.count) { c in body(c, ranges[c]) }
        }
    }
}

/// A raw pointer that may cross into a concurrent pass; each part writes only its own slice.
public struct SharedPointer<T>: @unchecked Sendable {
    /// The address.
    public let base: UnsafeMutablePointer<T>
    /// Wraps `base`.
    public init(base: UnsafeMutablePointer<T>) { self.base = base }
}

/// A read-only raw pointer that may cross into a concurrent pass.
public struct SharedConstPointer<T>: @unchecked Sendable {
    /// The address.
    public let base: UnsafePointer<T>
    /// Wraps `base`.
    public init(base: UnsafePointer<T>) { self.base = base }
}

/// A value handed to a concurrent pass whose parts touch disjoint memory.
public struct UncheckedBox<T>: @unchecked Sendable {
    /// The value.
    public let value: T
    /// Wraps `value`.
    public init(_ value: T) { self.value = value }
}

/// A read-only raw pointer (nil for an empty buffer) that may cross into a concurrent pass.
struct SharedConstBuffer<T>: @unchecked Sendable {
    /// The address.
    let base: UnsafePointer<T>?
}
