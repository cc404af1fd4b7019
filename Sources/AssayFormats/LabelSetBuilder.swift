// Assay — quality control for human-labelled training data.

public import AssayCore
import CAssayPrefetch
import Foundation

/// Accumulates labels from one or more files (interning ids as raw bytes) and builds a `LabelSet`.
///
/// Annotator ids are scoped by vendor: the same worker id under two vendors is two annotators.
public struct LabelSetBuilder {
    /// Items, interned in hash partitions; `item` holds pre-ids until `build()`. (A reference: a
    /// builder is moved, not copied.)
    var items = ItemPartitions()
    /// Worker ids per vendor.
    var workerTables: [WorkerTable] = []
    /// Class ids of short class names, searched linearly before the hash table.
    private var classCache: [(head: UInt64, length: Int, id: Int32)] = []
    var vendors = ByteInterner(capacity: 16)
    var classes = ByteInterner(capacity: 16)
    var annotatorVendor: [Int32] = []
    var annotatorLocal: [Int32] = []
    var item: [Int32] = []
    var annotator: [Int32] = []
    var value: [Int32] = []
    var createdAt: [Double] = []
    var duration: [Double] = []
    var cost: [Double] = []
    /// A typed reader's further columns (empty for categorical labels).
    var typed = TypedKeyColumns()

    /// Number of labels added so far.
    public var count: Int { item.count }

    /// An empty builder.
    public init() {}

    /// Reserves room for about `labels` more labels.
    public mutating func reserve(_ labels: Int) {
        let n = item.count + labels
        item.reserveCapacity(n)
        annotator.reserveCapacity(n)
        value.reserveCapacity(n)
    }

    /// The index of vendor `name`, adding it when new.
    public mutating func vendorIndex(_ name: UnsafeBufferPointer<UInt8>) -> Int32 {
        let v = vendors.intern(name)
        if v.isNew { workerTables.append(WorkerTable()) }
        return v.id
    }

    /// The global index of worker `worker` of vendor `vendor`, adding it when new.
    /// - Complexity: O(length of `worker`) expected.
    @inline(__always)
    mutating func annotatorIndex(_ worker: UnsafeBufferPointer<UInt8>, vendor: Int32) -> Int32 {
        let table = workerTables[Int(vendor)]
        let g = Int32(annotatorVendor.count)
        let local = table.keys.intern(worker, value: g)
        if local.isNew {
            annotatorVendor.append(vendor)
            annotatorLocal.append(local.id)
            return g
        }
        return table.keys.values[Int(local.id)]
    }

    /// The index of class `label`, adding it when new; short names hit a small linear cache.
    @inline(__always)
    mutating func classIndex(_ label: UnsafeBufferPointer<UInt8>) -> Int32 {
        if label.count <= 8 {
            let head = ByteInterner.head(label)
            for entry in classCache where entry.head == head && entry.length == label.count {
                return entry.id
            }
            let id = classes.intern(label).id
            if classCache.count < 32 { classCache.append((head, label.count, id)) }
            return id
        }
        return classes.intern(label).id
    }

    /// The index of vendor `name`, adding it when new.
    public mutating func vendorIndex(_ name: String) -> Int32 {
        var s = name
        return s.withUTF8 { vendorIndex($0) }
    }

    /// Adds one label. `createdAt`, `duration` and `cost` are NaN when absent.
    /// - Complexity: O(length of the ids) expected.
    public mutating func add(
        item itemKey: UnsafeBufferPointer<UInt8>, annotator worker: UnsafeBufferPointer<UInt8>, vendor: Int32,
        value label: UnsafeBufferPointer<UInt8>, createdAt t: Double = .nan, duration s: Double = .nan,
        cost c: Double = .nan
    ) {
        item.append(items.intern(itemKey, row: item.count))
        annotator.append(annotatorIndex(worker, vendor: vendor))
        value.append(classIndex(label))
        let n = item.count
        Self.appendExtra(&createdAt, t, labels: n)
        Self.appendExtra(&duration, s, labels: n)
        Self.appendExtra(&cost, c, labels: n)
    }

    @inline(__always)
    private static func appendExtra(_ column: inout [Double], _ v: Double, labels: Int) {
        if column.isEmpty {
            if v.isNaN { return }
            column = [Double](repeating: .nan, count: labels - 1)
        }
        column.append(v)
    }

    /// Appends `values` (one per label, the last `values.count` labels added) to an optional column,
    /// creating the column only when a value is present.
    mutating func appendExtras(_ keyPath: WritableKeyPath<LabelSetBuilder, [Double]>, _ values: [Double]) {
        let before = count - values.count
        if self[keyPath: keyPath].isEmpty {
            guard values.contains(where: { !$0.isNaN }) else { return }
            self[keyPath: keyPath] = [Double](repeating: .nan, count: before)
        }
        self[keyPath: keyPath].append(contentsOf: values)
    }

    /// Builds the label set; classes take their canonical order (numeric when every class is a
    /// number, otherwise by string), `extraClasses` are added to the class table even if unused.
    /// - Complexity: O(labels + distinct ids · log).
    public consuming func build(extraClasses: [String] = []) -> LabelSet {
        var names = classes.strings()
        for c in extraClasses where !names.contains(c) { names.append(c) }
        let order = Self.canonicalOrder(names)
        var rank = [Int32](repeating: 0, count: names.count)
        for (r, old) in order.enumerated() { rank[old] = Int32(r) }
        var columns = finishColumns()
        // The columns are moved out, so that the set's sort owns the only copy.
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Int32] = []
        swap(&item, &columns.item)
        swap(&annotator, &columns.annotator)
        swap(&value, &columns.value)
        value.withUnsafeMutableBufferPointer { v in
            for l in 0..<v.count { v[l] = rank[Int(v[l])] }
        }
        return LabelSet(
            itemIDs: columns.itemIDs, annotatorIDs: columns.annotatorIDs,
            annotatorVendor: columns.annotatorVendor, vendorIDs: columns.vendorIDs,
            classes: order.map { names[$0] }, item: consume item, annotator: consume annotator,
            value: consume value, extras: columns.extras)
    }

    /// The labels as unsorted columns of ids: items numbered in first-seen order, classes as the
    /// builder numbered them (first seen), the optional columns filled to one entry a label. The
    /// builder is left empty.
    /// - Complexity: O(labels + distinct ids).
    mutating func finishColumns() -> FinishedColumns {
        var it: [Int32] = []
        swap(&it, &item)
        var an: [Int32] = []
        swap(&an, &annotator)
        var v: [Int32] = []
        swap(&v, &value)
        let n = v.count
        func full(_ c: [Double]) -> [Double] {
            c.isEmpty ? [] : c + [Double](repeating: .nan, count: n - c.count)
        }
        let extras = LabelExtras(
            createdAt: full(createdAt), durationSeconds: full(duration), cost: full(cost))
        createdAt = []
        duration = []
        cost = []
        let annotatorNames = (0..<annotatorVendor.count).map {
            workerTables[Int(annotatorVendor[$0])].keys.string(Int(annotatorLocal[$0]))
        }
        var vendorNames = vendors.strings()
        if vendorNames.isEmpty { vendorNames = [""] }
        let itemNames = items.finish(&it)
        items = ItemPartitions()
        // The item tables were many mid-sized blocks; hand their pages back before sorting needs
        // as much again (glibc keeps freed heap memory resident otherwise).
        assay_release_free_memory()
        return FinishedColumns(
            itemIDs: itemNames, annotatorIDs: annotatorNames, annotatorVendor: annotatorVendor,
            vendorIDs: vendorNames, item: it, annotator: an, value: v, extras: extras)
    }

    /// What `finishColumns` hands over.
    struct FinishedColumns {
        var itemIDs: [String]
        var annotatorIDs: [String]
        var annotatorVendor: [Int32]
        var vendorIDs: [String]
        var item: [Int32]
        var annotator: [Int32]
        /// Class ids in the builder's numbering (`classes`).
        var value: [Int32]
        var extras: LabelExtras
    }

    /// Indices of `names` in canonical order: numeric when all are decimal numbers (`DecimalNumber`),
    /// else by string.
    public static func canonicalOrder(_ names: [String]) -> [Int] {
        let numbers = names.map { DecimalNumber.parse($0.trimmingWhitespace()) }
        if !names.isEmpty && numbers.allSatisfy({ $0 != nil }) {
            return names.indices.sorted { (numbers[$0]!, names[$0]) < (numbers[$1]!, names[$1]) }
        }
        return names.indices.sorted { names[$0] < names[$1] }
    }
}

/// One vendor's worker ids, each with its annotator index (in the builder, or in a reading
/// worker's own numbering).
final class WorkerTable {
    /// Worker ids of the vendor; the value of each is its annotator index.
    var keys = RawKeyTable(capacity: 256)

    deinit { keys.free() }
}
