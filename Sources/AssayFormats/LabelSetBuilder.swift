// Assay — quality control for human-labelled training data.

public import AssayCore

/// Accumulates labels from one or more files (interning ids as raw bytes) and builds a `LabelSet`.
///
/// Annotator ids are scoped by vendor: the same worker id under two vendors is two annotators.
public struct LabelSetBuilder {
    private var items = ByteInterner(capacity: 1 << 12)
    private var annotators = ByteInterner(capacity: 1 << 10)
    private var vendors = ByteInterner(capacity: 16)
    private var classes = ByteInterner(capacity: 16)
    private var annotatorVendor: [Int32] = []
    private var item: [Int32] = []
    private var annotator: [Int32] = []
    private var value: [Int32] = []
    private var createdAt: [Double] = []
    private var duration: [Double] = []
    private var cost: [Double] = []
    private var keyScratch: [UInt8] = []

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
    public mutating func vendorIndex(_ name: UnsafeBufferPointer<UInt8>) -> Int32 { vendors.intern(name).id }

    /// The index of vendor `name`, adding it when new.
    public mutating func vendorIndex(_ name: String) -> Int32 {
        var s = name
        return s.withUTF8 { vendors.intern($0).id }
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
        keyScratch.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: vendor.littleEndian) { keyScratch.append(contentsOf: $0) }
        keyScratch.append(contentsOf: worker)
        let a = keyScratch.withUnsafeBufferPointer { annotators.intern($0) }
        if a.isNew { annotatorVendor.append(vendor) }
        annotator.append(a.id)
        value.append(classes.intern(label).id)
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
        let annotatorNames = (0..<annotators.count).map { annotators.string($0, droppingPrefix: 4) }
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
