// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Every label of the project as its typed set, read chunk by chunk.
    /// - Complexity: O(labels + items + annotators + objects); one array lookup per id.
    public func labels(of p: ProjectRecord) async throws -> TypedLabels {
        try await reading { db in
            let (itemStore, itemIDs) = try Self.externalIDs(db, table: "item", project: p.id)
            var (objectStore, objectIDs): ([Int64], [String]) = ([], [])
            if case .pairwise = p.type {
                (objectStore, objectIDs) = try Self.externalIDs(db, table: "object", project: p.id)
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
            var reader = LabelChunkReader(
                project: p, itemStore: itemStore, annotatorStore: annotatorStore, objectStore: objectStore,
                total: total)
            let chunks = try db.makeStatement(
                sql: """
                    SELECT c.rows, \(LabelChunk.Column.allCases.map { "c." + $0.name }.joined(separator: ", "))
                    FROM label_chunk c JOIN delivery d ON d.id = c.delivery_id
                    WHERE d.project_id = ? ORDER BY c.delivery_id, c.seq
                    """)
            try chunks.setArguments([p.id])
            try Self.step(chunks.sqliteStatement, db) { s in
                let columns = LabelChunk.Column.allCases.map { c -> UnsafeRawBufferPointer? in
                    let k = Int32(1 + c.rawValue)
                    // An empty blob reads as a NULL pointer: tell it from NULL by the column's type.
                    guard sqlite3_column_type(s, k) != SQLITE_NULL else { return nil }
                    return UnsafeRawBufferPointer(
                        start: sqlite3_column_blob(s, k), count: Int(sqlite3_column_bytes(s, k)))
                }
                try reader.append(rows: Int(sqlite3_column_int64(s, 0)), columns: columns)
            }
            return try reader.labels(
                itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendorIDs, objectIDs: objectIDs)
        }
    }

    /// Store ids and external ids of the project's rows of `table` (`item`, `object`), by id.
    /// - Complexity: O(rows).
    static func externalIDs(_ db: Database, table: String, project: Int64) throws -> ([Int64], [String]) {
        var store: [Int64] = []
        var names: [String] = []
        let count =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM \(table) WHERE project_id = ?", arguments: [project])
            ?? 0
        store.reserveCapacity(count)
        names.reserveCapacity(count)
        let rows = try db.makeStatement(
            sql: "SELECT id, external_id FROM \(table) WHERE project_id = ? ORDER BY id")
        try rows.setArguments([project])
        try Self.step(rows.sqliteStatement, db) { s in
            store.append(sqlite3_column_int64(s, 0))
            let bytes = UnsafeRawBufferPointer(
                start: sqlite3_column_text(s, 1), count: Int(sqlite3_column_bytes(s, 1)))
            names.append(String(decoding: bytes, as: UTF8.self))
        }
        return (store, names)
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
