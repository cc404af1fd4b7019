// Assay — quality control for human-labelled training data.

/// Accumulates the delivery of each stored label, chunk by chunk in the order `labels(of:)` reads
/// them (deliveries by id, chunks by position), from the chunks' `item` column (`LabelChunk`), and
/// puts it in the set's label order: by item, stably, exactly as `LabelSet` and `LabelIndex` sort
/// their labels (load order kept within an item), whatever the project's type.
public struct LabelDeliveryColumn {
    private let itemIndex: DenseIndex
    private let items: Int
    private let total: Int
    private var item: [Int32] = []
    private var delivery: [Int32] = []

    /// A column expecting `total` labels over the items with store ids `itemStore` (ascending).
    public init(itemStore: [Int64], total: Int) {
        itemIndex = DenseIndex(itemStore)
        items = itemStore.count
        self.total = total
        item.reserveCapacity(total)
        delivery.reserveCapacity(total)
    }

    /// Appends a chunk of `rows` labels of delivery number `position` (its place in
    /// `deliveries(of:)`) from its raw item column. Throws when the column is short.
    /// - Complexity: O(rows).
    public mutating func append(position: Int32, rows: Int, item items: UnsafeRawBufferPointer) throws {
        guard items.count >= 4 * rows else {
            throw StoreError.inconsistent("a label chunk holds fewer items than its \(rows) rows")
        }
        for j in 0..<rows {
            item.append(itemIndex[Int64(items.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
            delivery.append(position)
        }
    }

    /// The deliveries in the label set's order. Throws when the chunks hold another number of labels
    /// than expected or name items the project does not have.
    /// - Complexity: O(labels + items): one stable counting sort by item.
    public func column() throws -> [Int32] {
        guard item.count == total, !item.contains(-1) else {
            throw StoreError.inconsistent(
                "deliveries record \(total) labels but their chunks hold \(item.count) of known items")
        }
        var start = [Int](repeating: 0, count: items + 1)
        for i in item { start[Int(i) + 1] += 1 }
        for i in 0..<items { start[i + 1] += start[i] }
        var out = [Int32](repeating: 0, count: item.count)
        for (l, i) in item.enumerated() {
            out[start[Int(i)]] = delivery[l]
            start[Int(i)] += 1
        }
        return out
    }
}
