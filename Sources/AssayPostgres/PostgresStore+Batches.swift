// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// Stores item payloads in one transaction.
    public func setPayloads(_ payloads: [(item: String, json: String)], in p: ProjectRecord) async throws {
        let names = payloads.map(\.item)
        let json = payloads.map(\.json)
        try await lockedTransaction(project: p.id) { c in
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
            for try await (item, k, number, text, payload, shown) in try await c.query(
                """
                SELECT i.external_id, g.answer, g.answer_number, g.answer_text, i.payload::text,
                    (SELECT count(*) FROM batch_gold bg JOIN batch b ON b.id = bg.batch_id
                     JOIN vendor v ON v.id = b.vendor_id
                     WHERE bg.item_id = g.item_id AND v.name = \(vendor) AND v.project_id = g.project_id)
                FROM gold g JOIN item i ON i.id = g.item_id WHERE g.project_id = \(p.id) ORDER BY i.id
                """, logger: logger
            ).decode((String, Int, Double?, String?, String?, Int).self) {
                let answer = try GoldValue(answer: k, number: number, text: text).text(in: p)
                out.append(GoldExposure(item: item, answer: answer, payload: payload, shown: shown))
            }
            return out
        }
    }

    /// Records a batch and its gold items in one transaction.
    public func recordBatch(
        name: String, vendor: String, items: Int, gold: [String], rows: String, in p: ProjectRecord
    ) async throws -> Int64 {
        try await lockedTransaction(project: p.id) { c in
            let vendorID = try await self.vendor(vendor, project: p.id, on: c)
            var batchID: Int64 = 0
            for try await id in try await c.query(
                """
                INSERT INTO batch (project_id, vendor_id, name, items, gold, rows)
                VALUES (\(p.id), \(vendorID), \(name), \(items), \(gold.count), \(rows)) RETURNING id
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

    /// The project's batches, oldest first.
    public func batches(of p: ProjectRecord, vendor: String?) async throws -> [BatchRecord] {
        try await transaction { c in
            var out: [BatchRecord] = []
            for try await (id, v, name, at, items) in try await c.query(
                """
                SELECT b.id, v.name, b.name, \(unescaped: Self.iso("b.created_at")), b.items FROM batch b
                JOIN vendor v ON v.id = b.vendor_id
                WHERE b.project_id = \(p.id) AND (\(vendor)::text IS NULL OR v.name = \(vendor)) ORDER BY b.id
                """, logger: logger
            ).decode((Int64, String, String, String, Int).self) {
                out.append(BatchRecord(id: id, vendor: v, name: name, createdAt: at, items: items))
            }
            return out
        }
    }

    /// One batch and its rows.
    public func batch(id: Int64, in p: ProjectRecord) async throws -> (record: BatchRecord, rows: String)? {
        try await transaction { c in
            for try await (id, v, name, at, items, rows) in try await c.query(
                """
                SELECT b.id, v.name, b.name, \(unescaped: Self.iso("b.created_at")), b.items, b.rows FROM batch b
                JOIN vendor v ON v.id = b.vendor_id WHERE b.project_id = \(p.id) AND b.id = \(id)
                """, logger: logger
            ).decode((Int64, String, String, String, Int, String).self) {
                return (BatchRecord(id: id, vendor: v, name: name, createdAt: at, items: items), rows)
            }
            return nil
        }
    }

    static let receiptColumns =
        "id, vendor, name, sha256, status, labels, items, delivery_id, errors, error_total, \(iso("received_at")), actor"

    typealias ReceiptRow = (
        Int64, String, String, String, String, Int, Int, Int64?, String, Int, String, String
    )

    static func receiptRecord(_ r: ReceiptRow) -> ReceiptRecord {
        ReceiptRecord(
            id: r.0, vendor: r.1, name: r.2, sha256: r.3, status: r.4, labels: r.5, items: r.6,
            deliveryID: r.7,
            errors: r.8, errorTotal: r.9, receivedAt: r.10, actor: r.11)
    }

    /// Keeps a receipt.
    public func recordReceipt(_ r: NewReceipt, in p: ProjectRecord) async throws -> ReceiptRecord {
        let actor = AuditActor.current
        return try await transaction { c in
            for try await row in try await c.query(
                """
                INSERT INTO receipt (project_id, vendor, name, sha256, status, labels, items, delivery_id, errors,
                    error_total, actor)
                VALUES (\(p.id), \(r.vendor), \(r.name), \(r.sha256), \(r.status), \(r.labels), \(r.items),
                    \(r.deliveryID), \(r.errors), \(r.errorTotal), \(actor))
                RETURNING \(unescaped: Self.receiptColumns)
                """, logger: logger
            ).decode(ReceiptRow.self) {
                return Self.receiptRecord(row)
            }
            throw StoreError.backend("the receipt was not stored")
        }
    }

    /// Receipts after `after`, oldest first.
    public func receipts(of p: ProjectRecord, vendor: String?, after: Int64, limit: Int) async throws
        -> [ReceiptRecord]
    {
        try await transaction { c in
            var out: [ReceiptRecord] = []
            for try await row in try await c.query(
                """
                SELECT \(unescaped: Self.receiptColumns) FROM receipt
                WHERE project_id = \(p.id) AND id > \(after) AND (\(vendor)::text IS NULL OR vendor = \(vendor))
                ORDER BY id LIMIT \(limit)
                """, logger: logger
            ).decode(ReceiptRow.self) {
                out.append(Self.receiptRecord(row))
            }
            return out
        }
    }
}
