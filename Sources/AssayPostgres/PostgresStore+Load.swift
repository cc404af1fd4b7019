// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// Every label of the project as a label set.
    ///
    /// Labels come as `LabelChunk`s; item ids and names come packed into three binary values
    /// (`string_agg`), since decoding millions of result rows one by one would cost seconds.
    /// - Complexity: O(labels + items + annotators).
    public func labelSet(of p: ProjectRecord) async throws -> LabelSet {
        try await load(p, deliveries: false).labels
    }

    /// Every label of the project with the delivery of each (an index into `deliveries(of:)`).
    /// - Complexity: O(labels + items + annotators).
    public func labelSetByDelivery(of p: ProjectRecord) async throws -> (labels: LabelSet, delivery: [Int32])
    {
        try await load(p, deliveries: true)
    }

    /// The label set, and with `deliveries` the delivery of each label (else an empty column).
    private func load(_ p: ProjectRecord, deliveries tracked: Bool) async throws -> (
        labels: LabelSet, delivery: [Int32]
    ) {
        try await transaction { c in
            // Packed in heap order (no server-side sort of millions of rows; bulk imports write
            // items in id order, so the order is nearly always ascending already), then ordered
            // by id here.
            var itemStore: [Int64] = []
            var itemIDs: [String] = []
            for try await (ids, lengths, names) in try await c.query(
                """
                SELECT string_agg(int8send(id), ''::bytea), string_agg(int4send(octet_length(external_id)), ''::bytea),
                    string_agg(textsend(external_id), ''::bytea)
                FROM item WHERE project_id = \(p.id)
                """, logger: logger
            ).decode((ByteBuffer?, ByteBuffer?, ByteBuffer?).self) {
                guard var ids, var lengths, var names else { continue }
                itemStore.reserveCapacity(ids.readableBytes / 8)
                itemIDs.reserveCapacity(ids.readableBytes / 8)
                while let id = ids.readInteger(as: Int64.self), let n = lengths.readInteger(as: Int32.self) {
                    itemStore.append(id)
                    itemIDs.append(names.readString(length: Int(n)) ?? "")
                }
            }
            if zip(itemStore, itemStore.dropFirst()).contains(where: { $0 > $1 }) {
                let order = itemStore.indices.sorted { itemStore[$0] < itemStore[$1] }
                itemStore = order.map { itemStore[$0] }
                itemIDs = order.map { itemIDs[$0] }
            }
            var vendorIDs: [String] = []
            var vendorIndex: [Int64: Int32] = [:]
            for try await (id, name) in try await c.query(
                "SELECT id, name FROM vendor WHERE project_id = \(p.id) ORDER BY id", logger: logger
            ).decode((Int64, String).self) {
                vendorIndex[id] = Int32(vendorIDs.count)
                vendorIDs.append(name)
            }
            if vendorIDs.isEmpty { vendorIDs = [""] }
            var annotatorIDs: [String] = []
            var annotatorVendor: [Int32] = []
            var annotatorStore: [Int64] = []
            for try await (id, name, vendor) in try await c.query(
                """
                SELECT a.id, a.external_id, a.vendor_id FROM annotator a JOIN vendor v ON v.id = a.vendor_id
                WHERE v.project_id = \(p.id) ORDER BY a.id
                """, logger: logger
            ).decode((Int64, String, Int64).self) {
                annotatorStore.append(id)
                annotatorIDs.append(name)
                annotatorVendor.append(vendorIndex[vendor] ?? 0)
            }
            var deliveries: [(Int64, Int)] = []
            for try await r in try await c.query(
                "SELECT id, rows FROM delivery WHERE project_id = \(p.id) ORDER BY id", logger: logger
            ).decode((Int64, Int).self) {
                deliveries.append(r)
            }
            let total = deliveries.reduce(0) { $0 + $1.1 }
            var reader = LabelChunkReader(itemStore: itemStore, annotatorStore: annotatorStore, total: total)
            for (index, (delivery, _)) in deliveries.enumerated() {
                for try await row in try await c.query(
                    """
                    SELECT rows, item, annotator, value, created_at, duration, cost FROM label_chunk
                    WHERE delivery_id = \(delivery) ORDER BY seq
                    """, logger: logger
                ).decode(
                    (Int, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer?, ByteBuffer?, ByteBuffer?).self)
                {
                    let (rows, items, annotators, values, created, durations, costs) = row
                    try items.withUnsafeReadableBytes { i in
                        try annotators.withUnsafeReadableBytes { a in
                            try values.withUnsafeReadableBytes { v in
                                try Self.withOptionalBytes(created) { c0 in
                                    try Self.withOptionalBytes(durations) { c1 in
                                        try Self.withOptionalBytes(costs) { c2 in
                                            try reader.append(
                                                rows: rows, item: i, annotator: a, value: v, createdAt: c0,
                                                duration: c1, cost: c2)
                                            if tracked { reader.assign(delivery: Int32(index)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let set = try reader.labelSet(
                project: p, itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendorIDs)
            return (set, tracked ? try reader.deliveryColumn(items: itemIDs.count) : [])
        }
    }

    /// Calls `body` with the readable bytes of `buffer`, or nil.
    private static func withOptionalBytes<T>(
        _ buffer: ByteBuffer?, _ body: (UnsafeRawBufferPointer?) throws -> T
    ) rethrows -> T {
        guard let buffer else { return try body(nil) }
        return try buffer.withUnsafeReadableBytes { try body($0) }
    }
}
