// Assay — quality control for human-labelled training data.

public import AssayCore

/// Accumulates labels from one or more files (interning ids as raw bytes) and builds a `LabelSet`.
///
/// Annotator ids are scoped by vendor: the same worker id under two vendors is two annotators.
public struct LabelSetBuilder {
    private var items = ByteInterner(capacity: 1 << 12)
    /// Worker ids per vendor: local id → global annotator index.
    private var annotatorTables: [ByteInterner] = []
    private var annotatorGlobal: [[Int32]] = []
    private var annotatorLocal: [Int32] = []
    /// Class ids of short class names, searched linearly before the hash table.
    private var classCache: [(head: UInt64, length: Int, id: Int32)] = []
    private var vendors = ByteInterner(capacity: 16)
    private var classes = ByteInterner(capacity: 16)
    private var annotatorVendor: [Int32] = []
    private var item: [Int32] = []
    private var annotator: [Int32] = []
    private var value: [Int32] = []
    private var createdAt: [Double] = []
    private var duration: [Double] = []
    private var cost: [Double] = []
    private var touched: UInt64 = 0

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
        if v.isNew {
            annotatorTables.append(ByteInterner(capacity: 256))
            annotatorGlobal.append([])
        }
        return v.id
    }

    /// The global index of worker `worker` of vendor `vendor`, adding it when new.
    @inline(__always)
    private mutating func annotatorIndex(_ worker: UnsafeBufferPointer<UInt8>, vendor: Int32) -> Int32 {
        let v = Int(vendor)
        let local = annotatorTables[v].intern(worker)
        if local.isNew {
            let g = Int32(annotatorVendor.count)
            annotatorGlobal[v].append(g)
            annotatorVendor.append(vendor)
            annotatorLocal.append(local.id)
            return g
        }
        return annotatorGlobal[v][Int(local.id)]
    }

    /// The index of class `label`, adding it when new; short names hit a small linear cache.
    @inline(__always)
    private mutating func classIndex(_ label: UnsafeBufferPointer<UInt8>) -> Int32 {
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
    @inline(__always)
    public mutating func add(
        item itemKey: UnsafeBufferPointer<UInt8>, annotator worker: UnsafeBufferPointer<UInt8>, vendor: Int32,
        value label: UnsafeBufferPointer<UInt8>, createdAt t: Double = .nan, duration s: Double = .nan,
        cost c: Double = .nan
    ) {
        item.append(items.intern(itemKey).id)
        annotator.append(annotatorIndex(worker, vendor: vendor))
        value.append(classIndex(label))
        let n = item.count
        Self.appendExtra(&createdAt, t, labels: n)
        Self.appendExtra(&duration, s, labels: n)
        Self.appendExtra(&cost, c, labels: n)
    }

    /// Adds a batch of labels whose item keys lie in `bytes` at `itemRanges` (worker and label keys
    /// likewise): the item table's lines for the whole batch are loaded before any is interned, so
    /// that their cache misses overlap.
    /// - Complexity: O(total key length) expected.
    mutating func add(batch: RowBatch) {
        batch.bytes.withUnsafeBufferPointer { bytes in
            var hashes = [UInt64](repeating: 0, count: batch.count)
            for r in 0..<batch.count { hashes[r] = ByteInterner.hash(bytes.slice(batch.item[r])) }
            touched &+= hashes.withUnsafeBufferPointer { items.touch($0) }
            for r in 0..<batch.count {
                let n = item.count
                item.append(items.intern(bytes.slice(batch.item[r]), hash: hashes[r]).id)
                annotator.append(annotatorIndex(bytes.slice(batch.worker[r]), vendor: batch.vendor[r]))
                value.append(classIndex(bytes.slice(batch.label[r])))
                if batch.hasExtras {
                    Self.appendExtra(&createdAt, batch.createdAt[r], labels: n + 1)
                    Self.appendExtra(&duration, batch.duration[r], labels: n + 1)
                    Self.appendExtra(&cost, batch.cost[r], labels: n + 1)
                }
            }
        }
    }

    @inline(__always)
    private static func appendExtra(_ column: inout [Double], _ v: Double, labels: Int) {
        if column.isEmpty {
            if v.isNaN { return }
            column = [Double](repeating: .nan, count: labels - 1)
        }
        column.append(v)
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
        var v: [Int32] = []
        swap(&v, &value)
        for l in 0..<v.count { v[l] = rank[Int(v[l])] }
        var it: [Int32] = []
        swap(&it, &item)
        var an: [Int32] = []
        swap(&an, &annotator)
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
            annotatorTables[Int(annotatorVendor[$0])].string(Int(annotatorLocal[$0]))
        }
        var vendorNames = vendors.strings()
        if vendorNames.isEmpty { vendorNames = [""] }
        let itemNames = items.strings()
        items = ByteInterner()
        return LabelSet(
            itemIDs: itemNames, annotatorIDs: annotatorNames, annotatorVendor: annotatorVendor,
            vendorIDs: vendorNames, classes: order.map { names[$0] }, item: consume it, annotator: consume an,
            value: consume v,
            extras: extras)
    }

    /// Indices of `names` in canonical order: numeric when all parse as numbers, else by string.
    public static func canonicalOrder(_ names: [String]) -> [Int] {
        let numbers = names.map { Double($0.trimmingWhitespace()) }
        if !names.isEmpty && numbers.allSatisfy({ $0 != nil }) {
            return names.indices.sorted { (numbers[$0]!, names[$0]) < (numbers[$1]!, names[$1]) }
        }
        return names.indices.sorted { names[$0] < names[$1] }
    }
}

/// Rows gathered before interning: key bytes copied out of the parser's buffer, by range.
struct RowBatch {
    var bytes: [UInt8] = []
    var item: [Range<Int>] = []
    var worker: [Range<Int>] = []
    var label: [Range<Int>] = []
    var vendor: [Int32] = []
    var createdAt: [Double] = []
    var duration: [Double] = []
    var cost: [Double] = []
    var hasExtras = false
    var count: Int { item.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        item.removeAll(keepingCapacity: true)
        worker.removeAll(keepingCapacity: true)
        label.removeAll(keepingCapacity: true)
        vendor.removeAll(keepingCapacity: true)
        createdAt.removeAll(keepingCapacity: true)
        duration.removeAll(keepingCapacity: true)
        cost.removeAll(keepingCapacity: true)
    }

    /// Copies `field` into the batch and returns its range.
    @inline(__always)
    mutating func copy(_ field: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = bytes.count
        bytes.append(contentsOf: field)
        return start..<bytes.count
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    @inline(__always)
    func slice(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: self[r]) }
}
