// Assay — quality control for human-labelled training data.

public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// The delivery of each label, in the order of `labelSet(of:)` (interim copy of h/dash's, dropped when it lands in main).
    /// - Complexity: O(labels + items).
    public func labelDeliveries(of p: ProjectRecord) async throws -> [Int32] {
        try await transaction { c in
            var itemStore: [Int64] = []
            for try await ids in try await c.query(
                "SELECT string_agg(int8send(id), ''::bytea) FROM item WHERE project_id = \(p.id)",
                logger: logger
            ).decode(ByteBuffer?.self) {
                guard var ids else { continue }
                while let id = ids.readInteger(as: Int64.self) { itemStore.append(id) }
            }
            itemStore.sort()
            var deliveries: [(Int64, Int)] = []
            for try await r in try await c.query(
                "SELECT id, rows FROM delivery WHERE project_id = \(p.id) ORDER BY id", logger: logger
            ).decode((Int64, Int).self) {
                deliveries.append(r)
            }
            var column = LabelDeliveryColumn(itemStore: itemStore, total: deliveries.reduce(0) { $0 + $1.1 })
            for (position, (delivery, _)) in deliveries.enumerated() {
                for try await (rows, items) in try await c.query(
                    "SELECT rows, item FROM label_chunk WHERE delivery_id = \(delivery) ORDER BY seq",
                    logger: logger
                ).decode((Int, ByteBuffer).self) {
                    try items.withUnsafeReadableBytes {
                        try column.append(position: Int32(position), rows: rows, item: $0)
                    }
                }
            }
            return try column.column()
        }
    }
}
