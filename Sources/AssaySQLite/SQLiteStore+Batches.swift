// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Stores item payloads in one transaction.
    public func setPayloads(_ payloads: [(item: String, json: String)], in p: ProjectRecord) async throws {
        try await writing { [actor = AuditActor.current] db in
            let ids = try Self.resolveRepeated(
                db, names: payloads.map(\.item), table: "item", owner: "project_id", ownerID: p.id)
            let update = try db.makeStatement(sql: "UPDATE item SET payload = ? WHERE id = ?")
            for (j, entry) in payloads.enumerated() { try update.execute(arguments: [entry.json, ids[j]]) }
            try Self.audit(
                db, "item.payload", "project \(p.name): payloads for \(payloads.count) items", actor: actor)
        }
    }

    /// Gold items with their exposure to `vendor`.
    public func goldExposure(of p: ProjectRecord, vendor: String) async throws -> [GoldExposure] {
        try await reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.external_id, g.answer, g.answer_number, g.answer_text, i.payload,
                        (SELECT COUNT(*) FROM batch_gold bg JOIN batch b ON b.id = bg.batch_id
                         JOIN vendor v ON v.id = b.vendor_id
                         WHERE bg.item_id = g.item_id AND v.name = ? AND v.project_id = g.project_id) AS shown
                    FROM gold g JOIN item i ON i.id = g.item_id WHERE g.project_id = ? ORDER BY i.id
                    """, arguments: [vendor, p.id]
            ).map {
                GoldExposure(
                    item: $0[0], answer: try Self.goldValue($0, from: 1).text(in: p), payload: $0[4],
                    shown: $0[5])
            }
        }
    }

    /// Records a batch and its gold items in one transaction.
    public func recordBatch(
        name: String, vendor: String, items: Int, gold: [String], rows: String, in p: ProjectRecord
    ) async throws -> Int64 {
        try await writing { [actor = AuditActor.current] db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO vendor (project_id, name) VALUES (?, ?)",
                arguments: [p.id, vendor])
            let vendorID = try Int64.fetchOne(
                db, sql: "SELECT id FROM vendor WHERE project_id = ? AND name = ?", arguments: [p.id, vendor])!
            try db.execute(
                sql: """
                    INSERT INTO batch (project_id, vendor_id, name, created_at, items, gold, rows)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [p.id, vendorID, name, Self.now(), items, gold.count, rows])
            let batchID = db.lastInsertedRowID
            let ids = try Self.resolveRepeated(
                db, names: gold, table: "item", owner: "project_id", ownerID: p.id)
            for id in ids {
                try db.execute(
                    sql: "INSERT INTO batch_gold (batch_id, item_id) VALUES (?, ?)", arguments: [batchID, id])
            }
            try Self.audit(
                db, "batch.make",
                "project \(p.name): batch \(name) for \(vendor), \(items) items with \(gold.count) gold",
                actor: actor)
            return batchID
        }
    }

    /// The project's batches, oldest first.
    public func batches(of p: ProjectRecord, vendor: String?) async throws -> [BatchRecord] {
        try await reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT b.id, v.name, b.name, b.created_at, b.items FROM batch b JOIN vendor v ON v.id = b.vendor_id
                    WHERE b.project_id = ? AND (? IS NULL OR v.name = ?) ORDER BY b.id
                    """, arguments: [p.id, vendor, vendor]
            ).map { BatchRecord(id: $0[0], vendor: $0[1], name: $0[2], createdAt: $0[3], items: $0[4]) }
        }
    }

    /// One batch and its rows.
    public func batch(id: Int64, in p: ProjectRecord) async throws -> (record: BatchRecord, rows: String)? {
        try await reading { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT b.id, v.name, b.name, b.created_at, b.items, b.rows FROM batch b
                    JOIN vendor v ON v.id = b.vendor_id WHERE b.project_id = ? AND b.id = ?
                    """, arguments: [p.id, id]
            ).map {
                (BatchRecord(id: $0[0], vendor: $0[1], name: $0[2], createdAt: $0[3], items: $0[4]), $0[5])
            }
        }
    }

    /// Keeps a receipt.
    public func recordReceipt(_ r: NewReceipt, in p: ProjectRecord) async throws -> ReceiptRecord {
        try await writing { [actor = AuditActor.current] db in
            let at = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO receipt (project_id, vendor, name, sha256, status, labels, items, delivery_id,
                        errors, error_total, received_at, actor)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    p.id, r.vendor, r.name, r.sha256, r.status, r.labels, r.items, r.deliveryID, r.errors,
                    r.errorTotal, at, actor,
                ])
            return ReceiptRecord(
                id: db.lastInsertedRowID, vendor: r.vendor, name: r.name, sha256: r.sha256, status: r.status,
                labels: r.labels, items: r.items, deliveryID: r.deliveryID, errors: r.errors,
                errorTotal: r.errorTotal, receivedAt: at, actor: actor)
        }
    }

    /// Receipts after `after`, oldest first.
    public func receipts(of p: ProjectRecord, vendor: String?, after: Int64, limit: Int) async throws
        -> [ReceiptRecord]
    {
        try await reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM receipt WHERE project_id = ? AND id > ? AND (? IS NULL OR vendor = ?)
                    ORDER BY id LIMIT ?
                    """, arguments: [p.id, after, vendor, vendor, limit]
            ).map {
                ReceiptRecord(
                    id: $0["id"], vendor: $0["vendor"], name: $0["name"], sha256: $0["sha256"],
                    status: $0["status"],
                    labels: $0["labels"], items: $0["items"], deliveryID: $0["delivery_id"],
                    errors: $0["errors"],
                    errorTotal: $0["error_total"], receivedAt: $0["received_at"], actor: $0["actor"])
            }
        }
    }
}
