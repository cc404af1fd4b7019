// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// Stores item payloads in one transaction.
    public func setPayloads(_ payloads: [(item: String, json: String)], in p: ProjectRecord) async throws {
        let names = payloads.map(\.item)
        let json = payloads.map(\.json)
        try await transaction { c in
            try await lock(project: p.id, on: c)
            let ids = try await resolveRepeated(
                names, table: "item", owner: "project_id", ownerID: p.id, on: c)
            try await c.query(
                """
                UPDATE item SET payload = t.j::json FROM unnest(\(ids)::bigint[], \(json)::text[]) AS t(i, j)
                WHERE item.id = t.i
                """, logger: logger)
            try await audit("item.payload", "project \(p.name): payloads for \(payloads.count) items", on: c)
        }
    }

    /// Gold items with their exposure to `vendor`.
    public func goldExposure(of p: ProjectRecord, vendor: String) async throws -> [GoldExposure] {
        try await transaction { c in
            var out: [GoldExposure] = []
            for try await (item, k, payload, shown) in try await c.query(
                """
                SELECT i.external_id, g.answer, i.payload::text,
                    (SELECT count(*) FROM batch_gold bg JOIN batch b ON b.id = bg.batch_id
                     JOIN vendor v ON v.id = b.vendor_id
                     WHERE bg.item_id = g.item_id AND v.name = \(vendor) AND v.project_id = g.project_id)
                FROM gold g JOIN item i ON i.id = g.item_id WHERE g.project_id = \(p.id) ORDER BY i.id
                """, logger: logger
            ).decode((String, Int, String?, Int).self) {
                out.append(GoldExposure(item: item, answer: p.classes[k], payload: payload, shown: shown))
            }
            return out
        }
    }

    /// Records a batch and its gold items in one transaction.
    public func recordBatch(name: String, vendor: String, items: Int, gold: [String], in p: ProjectRecord)
        async throws -> Int64
    {
        try await transaction { c in
            try await lock(project: p.id, on: c)
            let vendorID = try await self.vendor(vendor, project: p.id, on: c)
            var batchID: Int64 = 0
            for try await id in try await c.query(
                """
                INSERT INTO batch (project_id, vendor_id, name, items, gold)
                VALUES (\(p.id), \(vendorID), \(name), \(items), \(gold.count)) RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                batchID = id
            }
            let ids = try await resolveRepeated(
                gold, table: "item", owner: "project_id", ownerID: p.id, on: c)
            try await c.query(
                "INSERT INTO batch_gold (batch_id, item_id) SELECT \(batchID), unnest(\(ids)::bigint[])",
                logger: logger)
            try await audit(
                "batch.make",
                "project \(p.name): batch \(name) for \(vendor), \(items) items with \(gold.count) gold",
                on: c)
            return batchID
        }
    }
}
