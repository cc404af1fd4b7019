// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// Every label of the project as its typed set.
    ///
    /// Labels come as `LabelChunk`s; item (and object) ids and names come packed into three binary
    /// values (`string_agg`), since decoding millions of result rows one by one would cost seconds.
    /// - Complexity: O(labels + items + annotators + objects).
    public func labels(of p: ProjectRecord) async throws -> TypedLabels {
        try await transaction { c in
            let (itemStore, itemIDs) = try await externalIDs(table: "item", project: p.id, on: c)
            var (objectStore, objectIDs): ([Int64], [String]) = ([], [])
            if case .pairwise = p.type {
                (objectStore, objectIDs) = try await externalIDs(table: "object", project: p.id, on: c)
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
            var reader = LabelChunkReader(
                project: p, itemStore: itemStore, annotatorStore: annotatorStore, objectStore: objectStore,
                total: total)
            for (delivery, _) in deliveries {
                for try await row in try await c.query(
                    """
                    SELECT rows, \(unescaped: LabelChunk.Column.list) FROM label_chunk
                    WHERE delivery_id = \(delivery) ORDER BY seq
                    """, logger: logger
                ) {
                    var cells = row.makeIterator()
                    let rows = try cells.next()!.decode(Int.self)
                    var columns: [ByteBuffer?] = []
                    while let cell = cells.next() { columns.append(try cell.decode(ByteBuffer?.self)) }
                    try Self.withBytes(columns[...], []) { try reader.append(rows: rows, columns: $0) }
                }
            }
            return try reader.labels(
                itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendorIDs, objectIDs: objectIDs)
        }
    }

    /// Store ids and external ids of the project's rows of `table` (`item`, `object`), by id.
    /// Packed in heap order (no server-side sort of millions of rows; bulk imports write them in
    /// id order, so the order is nearly always ascending already), then ordered by id here.
    /// - Complexity: O(rows), O(rows log rows) when the heap order is not the ids'.
    func externalIDs(table: String, project: Int64, on c: PostgresConnection) async throws -> (
        [Int64], [String]
    ) {
        var store: [Int64] = []
        var names: [String] = []
        for try await (ids, lengths, packed) in try await c.query(
            """
            SELECT string_agg(int8send(id), ''::bytea), string_agg(int4send(octet_length(external_id)), ''::bytea),
                string_agg(textsend(external_id), ''::bytea)
            FROM \(unescaped: table) WHERE project_id = \(project)
            """, logger: logger
        ).decode((ByteBuffer?, ByteBuffer?, ByteBuffer?).self) {
            guard var ids, var lengths, var packed else { continue }
            store.reserveCapacity(ids.readableBytes / 8)
            names.reserveCapacity(ids.readableBytes / 8)
            while let id = ids.readInteger(as: Int64.self), let n = lengths.readInteger(as: Int32.self) {
                store.append(id)
                names.append(packed.readString(length: Int(n)) ?? "")
            }
        }
        if zip(store, store.dropFirst()).contains(where: { $0 > $1 }) {
            let order = store.indices.sorted { store[$0] < store[$1] }
            store = order.map { store[$0] }
            names = order.map { names[$0] }
        }
        return (store, names)
    }

    /// Calls `body` with the readable bytes of each buffer (nil for nil), after those `done`
    /// already has.
    private static func withBytes<T>(
        _ buffers: ArraySlice<ByteBuffer?>, _ done: [UnsafeRawBufferPointer?],
        _ body: ([UnsafeRawBufferPointer?]) throws -> T
    ) rethrows -> T {
        guard let first = buffers.first else { return try body(done) }
        guard let buffer = first else { return try withBytes(buffers.dropFirst(), done + [nil], body) }
        return try buffer.withUnsafeReadableBytes { try withBytes(buffers.dropFirst(), done + [$0], body) }
    }
}
