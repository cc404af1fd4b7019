// Assay — quality control for human-labelled training data.

public import AssayCore

#if _endian(big)
    #error("label chunks are kept in memory order and must be little-endian")
#endif

/// Labels as both stores keep them: column-wise, in chunks of up to `capacity` labels of one
/// delivery, one database row per chunk.
///
/// Each column is a run of little-endian values: `item` and `annotator` hold store ids as `Int32`,
/// `value` the project class index as `Int32`; `createdAt`, `duration` and `cost` hold `Float64`
/// (NaN where a label has none) or are absent when no label of the chunk has one. One database row
/// per label costs SQLite ~3 µs to insert and ~1 µs to read back, PostgreSQL ~1.2 µs per COPY row;
/// either alone exceeds the budget of a 10M-label import (20 s) or load (5 s). A chunk costs
/// milliseconds.
public struct LabelChunk: Sendable {
    /// Labels per chunk (1 MiB per `Int32` column).
    public static let capacity = 1 << 18

    /// Position of the chunk within its delivery.
    public var seq: Int
    /// Store ids of the items.
    public var item: [Int32] = []
    /// Store ids of the annotators.
    public var annotator: [Int32] = []
    /// Project class indices.
    public var value: [Int32] = []
    /// Creation times, when any label of the chunk has one.
    public var createdAt: [Double]? = nil
    /// Durations in seconds, when any label of the chunk has one.
    public var duration: [Double]? = nil
    /// Costs, when any label of the chunk has one.
    public var cost: [Double]? = nil
    /// Labels in the chunk.
    public var count: Int { item.count }

    /// An empty chunk.
    public init(seq: Int) { self.seq = seq }
}

/// Cuts a delivery into `LabelChunk`s with store ids and project class indices, one at a time.
public struct LabelChunkCutter {
    private let d: DeliveryImport
    private let itemIDs: [Int64]
    private let annotatorIDs: [Int64]
    private let classIndex: [Int32]
    private var start = 0
    private var seq = 0

    /// A cutter for `d`, whose set's dense indices map to `itemIDs` and `annotatorIDs`. Throws
    /// when an id does not fit the chunks' 32 bits.
    public init(_ d: DeliveryImport, itemIDs: [Int64], annotatorIDs: [Int64], classIndex: [Int32]) throws {
        guard max(itemIDs.max() ?? 0, annotatorIDs.max() ?? 0) <= Int64(Int32.max) else {
            throw StoreError.invalidProject("store ids beyond 2^31 cannot be kept in label chunks")
        }
        self.d = d
        self.itemIDs = itemIDs
        self.annotatorIDs = annotatorIDs
        self.classIndex = classIndex
    }

    /// The next chunk, or nil after the last; reports progress to the delivery.
    /// - Complexity: O(chunk size).
    public mutating func next() -> LabelChunk? {
        let set = d.labels
        guard start < set.count else { return nil }
        let range = start..<min(set.count, start + LabelChunk.capacity)
        /// The slice of an optional column, or nil when every value in it is missing.
        func slice(_ column: [Double]) -> [Double]? {
            guard !column.isEmpty, column[range].contains(where: { !$0.isNaN }) else { return nil }
            return Array(column[range])
        }
        var c = LabelChunk(seq: seq)
        c.item = set.item[range].map { Int32(truncatingIfNeeded: itemIDs[Int($0)]) }
        c.annotator = set.annotator[range].map { Int32(truncatingIfNeeded: annotatorIDs[Int($0)]) }
        c.value = set.value[range].map { classIndex[Int($0)] }
        c.createdAt = slice(set.extras.createdAt)
        c.duration = slice(set.extras.durationSeconds)
        if !set.extras.cost.isEmpty || d.costPerLabel != nil {
            let costs = range.map { d.cost(ofLabel: $0) ?? .nan }
            c.cost = costs.contains(where: { !$0.isNaN }) ? costs : nil
        }
        seq += 1
        start = range.upperBound
        d.progress?(start, set.count)
        return c
    }
}

/// Accumulates stored chunks back into a label set's columns, mapping store ids to dense indices.
public struct LabelChunkReader {
    private let itemIndex: DenseIndex
    private let annotatorIndex: DenseIndex
    private let total: Int
    /// Dense item index of each label so far.
    public private(set) var item: [Int32] = []
    /// Dense annotator index of each label so far.
    public private(set) var annotator: [Int32] = []
    /// Project class index of each label so far.
    public private(set) var value: [Int32] = []
    private var created: [Double] = []
    private var duration: [Double] = []
    private var cost: [Double] = []
    /// The delivery of each label so far, when tracked (`assign(delivery:)`).
    private var delivery: [Int32] = []

    /// A reader expecting `total` labels, whose ids are `itemStore` and `annotatorStore` (ascending).
    public init(itemStore: [Int64], annotatorStore: [Int64], total: Int) {
        itemIndex = DenseIndex(itemStore)
        annotatorIndex = DenseIndex(annotatorStore)
        self.total = total
        item.reserveCapacity(total)
        annotator.reserveCapacity(total)
        value.reserveCapacity(total)
    }

    /// Appends one chunk of `rows` labels from its raw columns (nil for an absent optional one).
    /// Throws when a column holds fewer bytes than `rows` values.
    /// - Complexity: O(rows).
    public mutating func append(
        rows: Int, item items: UnsafeRawBufferPointer, annotator annotators: UnsafeRawBufferPointer,
        value values: UnsafeRawBufferPointer, createdAt: UnsafeRawBufferPointer?,
        duration durations: UnsafeRawBufferPointer?, cost costs: UnsafeRawBufferPointer?
    ) throws {
        guard items.count >= 4 * rows, annotators.count >= 4 * rows, values.count >= 4 * rows,
            [createdAt, durations, costs].allSatisfy({ $0 == nil || $0!.count >= 8 * rows })
        else { throw StoreError.inconsistent("a label chunk holds fewer values than its \(rows) rows") }
        let before = item.count
        for j in 0..<rows {
            item.append(itemIndex[Int64(items.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
            annotator.append(
                annotatorIndex[Int64(annotators.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
            value.append(values.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))
        }
        Self.append(createdAt, rows, before: before, reserve: total, to: &created)
        Self.append(durations, rows, before: before, reserve: total, to: &duration)
        Self.append(costs, rows, before: before, reserve: total, to: &cost)
    }

    /// Records that every label appended since the last call came from delivery `index` (an index
    /// into the project's deliveries, oldest first).
    public mutating func assign(delivery index: Int32) {
        delivery.append(contentsOf: repeatElement(index, count: item.count - delivery.count))
    }

    /// The delivery of each label in the order of the set `labelSet` builds: labels sorted by item,
    /// in load order within an item (`LabelSet`'s sort is stable), so a stable counting sort of the
    /// recorded column by item. Throws when some labels were never assigned.
    /// - Complexity: O(labels + items).
    public func deliveryColumn(items: Int) throws -> [Int32] {
        guard delivery.count == item.count else {
            throw StoreError.inconsistent("labels without a delivery: \(item.count - delivery.count)")
        }
        var start = [Int](repeating: 0, count: items + 1)
        for i in item { start[Int(i) + 1] += 1 }
        for i in 0..<items { start[i + 1] += start[i] }
        var out = [Int32](repeating: 0, count: item.count)
        for (r, i) in item.enumerated() {
            out[start[Int(i)]] = delivery[r]
            start[Int(i)] += 1
        }
        return out
    }

    /// Appends `n` doubles (or, when absent, nothing until the column has a first value and NaN
    /// after) to `column`; `before` labels precede them.
    private static func append(
        _ raw: UnsafeRawBufferPointer?, _ n: Int, before: Int, reserve: Int, to column: inout [Double]
    ) {
        guard let raw else {
            if !column.isEmpty { column.append(contentsOf: repeatElement(.nan, count: n)) }
            return
        }
        if column.isEmpty {
            column.reserveCapacity(reserve)
            column.append(contentsOf: repeatElement(.nan, count: before))
        }
        for j in 0..<n { column.append(raw.loadUnaligned(fromByteOffset: 8 * j, as: Double.self)) }
    }

    /// The label set, once every chunk is in. Throws when the chunks hold another number of labels
    /// than `total`, or name ids the project does not have.
    /// - Complexity: O(labels) (the set is sorted by item).
    public func labelSet(
        project p: ProjectRecord, itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32],
        vendorIDs: [String]
    ) throws -> LabelSet {
        guard item.count == total else {
            throw StoreError.inconsistent(
                "project \(p.name): deliveries record \(total) labels but their chunks hold \(item.count)")
        }
        guard !item.contains(-1), !annotator.contains(-1) else {
            throw StoreError.inconsistent(
                "project \(p.name): labels refer to items or annotators it does not have")
        }
        return LabelSet(
            itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
            vendorIDs: vendorIDs.isEmpty ? [""] : vendorIDs, classes: p.classes, item: item,
            annotator: annotator,
            value: value, extras: LabelExtras(createdAt: created, durationSeconds: duration, cost: cost))
    }
}
