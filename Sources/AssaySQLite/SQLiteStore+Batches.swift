// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Stores item payloads in one transaction.
    public func setPayloads(_ payloads: [(item: String, json: String)], in p: ProjectRecord) async throws {
        try await writing { db in
            let ids = try Self.resolveRepeated(
                db, names: payloads.map(\.item), table: "item", owner: "project_id", ownerID: p.id)
            let update = try db.makeStatement(sql: "UPDATE item SET payload = ? WHERE id = ?")
            for (j, entry) in payloads.enumerated() { try update.execute(arguments: [entry.json, ids[j]]) }
            try Self.audit(db, "item.payload", "project \(p.name): payloads for \(payloads.count) items")
        }
    }

    /// Gold items with their exposure to `vendor`.
    public func goldExposure(of p: ProjectRecord, vendor: String) async throws -> [GoldExposure] {
        try await reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.external_id, g.answer, i.payload,
                        (SELECT COUNT(*) FROM batch_gold bg JOIN batch b ON b.id = bg.batch_id
                         JOIN vendor v ON v.id = b.vendor_id
                         WHERE bg.item_id = g.item_id AND v.name = ? AND v.project_id = g.project_id) AS shown
                    FROM gold g JOIN item i ON i.id = g.item_id WHERE g.project_id = ? ORDER BY i.id
                    """, arguments: [vendor, p.id]
            ).map {
                GoldExposure(item: $0[0], answer: p.classes[$0[1] as Int], payload: $0[2], shown: $0[3])
            }
        }
    }

    /// Records a batch and its gold items in one transaction.
    public func recordBatch(name: String, vendor: String, items: Int, gold: [String], in p: ProjectRecord)
        async throws -> Int64
    {
        try await writing { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO vendor (project_id, name) VALUES (?, ?)",
                arguments: [p.id, vendor])
            let vendorID = try Int64.fetchOne(
                db, sql: "SELECT id FROM vendor WHERE project_id = ? AND name = ?", arguments: [p.id, vendor])!
            try db.execute(
                sql:
                    "INSERT INTO batch (project_id, vendor_id, name, created_at, items, gold) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [p.id, vendorID, name, Self.now(), items, gold.count])
            let batchID = db.lastInsertedRowID
            let ids = try Self.resolveRepeated(
                db, names: gold, table: "item", owner: "project_id", ownerID: p.id)
            for id in ids {
                try db.execute(
                    sql: "INSERT INTO batch_gold (batch_id, item_id) VALUES (?, ?)", arguments: [batchID, id])
            }
            try Self.audit(
                db, "batch.make",
                "project \(p.name): batch \(name) for \(vendor), \(items) items with \(gold.count) gold")
            return batchID
        }
    }
}
