// Assay — quality control for human-labelled training data.

public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// The delivery of each label, in the order of `labels(of:)` (every project type): read from
    /// the chunks' item column alone.
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
                    "SELECT rows, \(unescaped: LabelChunk.Column.item.name) FROM label_chunk WHERE delivery_id = \(delivery) ORDER BY seq",
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

    /// Stored payloads of some items.
    public func payloads(of items: [String], in p: ProjectRecord) async throws -> [String: String] {
        try await transaction { c in
            var out: [String: String] = [:]
            for try await (item, json) in try await c.query(
                """
                SELECT external_id, payload::text FROM item
                WHERE project_id = \(p.id) AND external_id = ANY(\(Array(Set(items)))) AND payload IS NOT NULL
                """, logger: logger
            ).decode((String, String).self) {
                out[item] = json
            }
            return out
        }
    }
}
