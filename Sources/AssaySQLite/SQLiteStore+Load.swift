// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Every label of the project as a label set, read chunk by chunk.
    /// - Complexity: O(labels + items + annotators); one array lookup per id.
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
    private func load(_ p: ProjectRecord, deliveries: Bool) async throws -> (
        labels: LabelSet, delivery: [Int32]
    ) {
        try await reading { db in
            var itemIDs: [String] = []
            var itemStore: [Int64] = []
            let itemCount =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item WHERE project_id = ?", arguments: [p.id])
                ?? 0
            itemIDs.reserveCapacity(itemCount)
            itemStore.reserveCapacity(itemCount)
            let items = try db.makeStatement(
                sql: "SELECT id, external_id FROM item WHERE project_id = ? ORDER BY id")
            try items.setArguments([p.id])
            try Self.step(items.sqliteStatement, db) { s in
                itemStore.append(sqlite3_column_int64(s, 0))
                let bytes = UnsafeRawBufferPointer(
                    start: sqlite3_column_text(s, 1), count: Int(sqlite3_column_bytes(s, 1)))
                itemIDs.append(String(decoding: bytes, as: UTF8.self))
            }
            var vendorIDs: [String] = []
            var vendorIndex: [Int64: Int32] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, name FROM vendor WHERE project_id = ? ORDER BY id", arguments: [p.id])
            {
                vendorIndex[row[0]] = Int32(vendorIDs.count)
                vendorIDs.append(row[1])
            }
            if vendorIDs.isEmpty { vendorIDs = [""] }
            var annotatorIDs: [String] = []
            var annotatorVendor: [Int32] = []
            var annotatorStore: [Int64] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.external_id, a.vendor_id FROM annotator a JOIN vendor v ON v.id = a.vendor_id
                    WHERE v.project_id = ? ORDER BY a.id
                    """,
                arguments: [p.id])
            {
                annotatorStore.append(row[0])
                annotatorIDs.append(row[1])
                annotatorVendor.append(vendorIndex[row[2]]!)
            }
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(rows), 0) FROM delivery WHERE project_id = ?",
                    arguments: [p.id]) ?? 0
            var reader = LabelChunkReader(itemStore: itemStore, annotatorStore: annotatorStore, total: total)
            // Deliveries in `deliveries(of:)` order (by id), for the per-label column.
            var deliveryIndex: [Int64: Int32] = [:]
            if deliveries {
                for id in try Int64.fetchAll(
                    db, sql: "SELECT id FROM delivery WHERE project_id = ? ORDER BY id", arguments: [p.id])
                {
                    deliveryIndex[id] = Int32(deliveryIndex.count)
                }
            }
            let chunks = try db.makeStatement(
                sql: """
                    SELECT c.rows, c.item, c.annotator, c.value, c.created_at, c.duration, c.cost, c.delivery_id
                    FROM label_chunk c JOIN delivery d ON d.id = c.delivery_id
                    WHERE d.project_id = ? ORDER BY c.delivery_id, c.seq
                    """)
            try chunks.setArguments([p.id])
            try Self.step(chunks.sqliteStatement, db) { s in
                /// Column `c` of the current row; nil when NULL.
                func blob(_ c: Int32) -> UnsafeRawBufferPointer? {
                    guard let p = sqlite3_column_blob(s, c) else { return nil }
                    return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, c)))
                }
                let empty = UnsafeRawBufferPointer(start: nil, count: 0)
                try reader.append(
                    rows: Int(sqlite3_column_int64(s, 0)), item: blob(1) ?? empty,
                    annotator: blob(2) ?? empty,
                    value: blob(3) ?? empty, createdAt: blob(4), duration: blob(5), cost: blob(6))
                if deliveries { reader.assign(delivery: deliveryIndex[sqlite3_column_int64(s, 7)] ?? -1) }
            }
            let set = try reader.labelSet(
                project: p, itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendorIDs)
            return (set, deliveries ? try reader.deliveryColumn(items: itemIDs.count) : [])
        }
    }

    /// Steps `s` to the end, calling `row` on each result row.
    static func step(_ s: OpaquePointer, _ db: Database, _ row: (OpaquePointer) throws -> Void) throws {
        defer { sqlite3_reset(s) }
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw SQLiteStore.failure(rc, db)
            }
            try row(s)
        }
    }

    /// The error for SQLite result code `rc`, with SQLite's message.
    static func failure(_ rc: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: rc),
            message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    /// Steps a statement that returns no rows, then resets it.
    static func stepDone(_ s: OpaquePointer, _ db: Database) throws {
        let rc = sqlite3_step(s)
        sqlite3_reset(s)
        guard rc == SQLITE_DONE else { throw failure(rc, db) }
    }
}
