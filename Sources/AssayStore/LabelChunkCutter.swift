// Assay — quality control for human-labelled training data.

import AssayCore

/// Cuts a delivery into `LabelChunk`s with store ids and the project's values, one at a time.
public struct LabelChunkCutter {
    private let d: DeliveryImport
    private let labels: TypedLabels
    private let item: [Int32]
    private let annotator: [Int32]
    private let extras: LabelExtras
    private let itemIDs: [Int64]
    private let annotatorIDs: [Int64]
    private let objectIDs: [Int64]
    private let values: DeliveryValues
    private var start = 0
    private var seq = 0

    /// A cutter for `d`, whose set's dense indices map to `itemIDs`, `annotatorIDs` and (pairwise)
    /// `objectIDs`; `values` is what `DeliveryImport.values(in:)` found. Throws when an id does not
    /// fit the chunks' 32 bits.
    public init(
        _ d: DeliveryImport, itemIDs: [Int64], annotatorIDs: [Int64], objectIDs: [Int64] = [],
        values: DeliveryValues
    ) throws {
        let largest = max(itemIDs.max() ?? 0, annotatorIDs.max() ?? 0, objectIDs.max() ?? 0)
        guard largest <= Int64(Int32.max) else {
            throw StoreError.invalidProject("store ids beyond 2^31 cannot be kept in label chunks")
        }
        self.d = d
        labels = d.labels
        item = d.labels.item
        annotator = d.labels.annotator
        extras = d.labels.extras
        self.itemIDs = itemIDs
        self.annotatorIDs = annotatorIDs
        self.objectIDs = objectIDs
        self.values = values
    }

    /// The next chunk, or nil after the last; reports progress to the delivery.
    /// - Complexity: O(chunk size).
    public mutating func next() -> LabelChunk? {
        let n = item.count
        guard start < n else { return nil }
        let range = start..<end()
        /// The slice of an optional column, or nil when every value in it is missing.
        func slice(_ column: [Double]) -> [Double]? {
            guard !column.isEmpty, column[range].contains(where: { !$0.isNaN }) else { return nil }
            return Array(column[range])
        }
        var c = LabelChunk(seq: seq)
        c.item = item[range].map { Int32(truncatingIfNeeded: itemIDs[Int($0)]) }
        c.annotator = annotator[range].map { Int32(truncatingIfNeeded: annotatorIDs[Int($0)]) }
        c.createdAt = slice(extras.createdAt)
        c.duration = slice(extras.durationSeconds)
        if !extras.cost.isEmpty || d.costPerLabel != nil {
            let costs = range.map { d.cost(ofLabel: $0, costs: extras.cost) ?? .nan }
            c.cost = costs.contains(where: { !$0.isNaN }) ? costs : nil
        }
        switch labels {
        case .categorical(let set):
            c.value = set.value[range].map { values.classIndex[Int($0)] }
        case .pairwise(let set):
            cutPairwise(set, range, into: &c)
        case .rating(let set):
            c.number = Array(set.value[range])
        case .multilabel(let set):
            c.words = values.projectWords(of: set, range)
        case .text(let set):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(range.reduce(0) { $0 + set.answers[$1].utf8.count })
            var ends: [Int32] = []
            ends.reserveCapacity(range.count)
            for l in range {
                bytes.append(contentsOf: set.answers[l].utf8)
                ends.append(Int32(bytes.count))
            }
            c.text = bytes
            c.textEnd = ends
        }
        seq += 1
        start = range.upperBound
        d.progress?(start, n)
        return c
    }

    /// Where the chunk from `start` ends: after `LabelChunk.capacity` labels, or for text as soon
    /// as its answers hold `LabelChunk.textBytes` bytes (at least one label).
    private func end() -> Int {
        let limit = min(item.count, start + LabelChunk.capacity)
        guard case .text(let set) = labels else { return limit }
        var bytes = 0
        var l = start
        while l < limit && (l == start || bytes < LabelChunk.textBytes) {
            bytes += set.answers[l].utf8.count
            l += 1
        }
        return l
    }

    /// The pairwise columns of `range`: outcome, objects on the left and right, strength, flags.
    private func cutPairwise(_ set: PairwiseSet, _ range: Range<Int>, into c: inout LabelChunk) {
        c.value = set.outcome[range].map { Int32($0) }
        var left = [Int32]()
        var right = [Int32]()
        var flags = [UInt8]()
        left.reserveCapacity(range.count)
        right.reserveCapacity(range.count)
        flags.reserveCapacity(range.count)
        var anyFlag = false
        for l in range {
            let i = Int(set.index.item[l])
            let (a, b) =
                set.firstOnLeft[l]
                ? (set.itemFirst[i], set.itemSecond[i]) : (set.itemSecond[i], set.itemFirst[i])
            left.append(Int32(truncatingIfNeeded: objectIDs[Int(a)]))
            right.append(Int32(truncatingIfNeeded: objectIDs[Int(b)]))
            var f: UInt8 = 0
            if !set.flaggedInconsistent.isEmpty && set.flaggedInconsistent[l] {
                f |= LabelChunk.flagInconsistent
            }
            if !set.isPositionKnown(l) { f |= LabelChunk.flagPositionUnknown }
            anyFlag = anyFlag || f != 0
            flags.append(f)
        }
        c.leftObject = left
        c.rightObject = right
        c.flags = anyFlag ? flags : nil
        if !set.strength.isEmpty, set.strength[range].contains(where: { !$0.isNaN }) {
            c.number = set.strength[range].map { Double($0) }
        }
    }
}
