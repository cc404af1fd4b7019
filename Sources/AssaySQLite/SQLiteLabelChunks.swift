// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import GRDB
import GRDBSQLite

/// The SQLite side of `LabelChunk`: the `label_chunk` table (one row per chunk, one BLOB per
/// column) and its insert.
enum SQLiteLabelChunks {
    /// The table as schema v3 created it; v6 adds `LabelChunk.Column.typed`.
    static let createSQL = """
        CREATE TABLE label_chunk (
            delivery_id INTEGER NOT NULL REFERENCES delivery(id), seq INTEGER NOT NULL,
            rows INTEGER NOT NULL, item BLOB NOT NULL, annotator BLOB NOT NULL, value BLOB NOT NULL,
            created_at BLOB, duration BLOB, cost BLOB, PRIMARY KEY (delivery_id, seq));
        """

    /// Chunks whose columns do not hold `rows` values: (delivery, seq, rows).
    static let malformedChunksSQL =
        "SELECT delivery_id, seq, rows FROM label_chunk WHERE \(LabelChunk.malformedSQL)"

    /// Inserts one chunk through `statement` (`insertSQL`, or v3's `insertV3SQL`, which lacks the
    /// typed columns).
    static func insert(_ c: LabelChunk, delivery: Int64, statement: Statement, db: Database) throws {
        let s = statement.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_int64(s, 1, delivery)
        sqlite3_bind_int64(s, 2, Int64(c.seq))
        sqlite3_bind_int64(s, 3, Int64(c.count))
        let columns = Int(sqlite3_bind_parameter_count(s)) - 3
        // Memory order is little-endian (checked at compile time in `LabelChunk`).
        for column in LabelChunk.Column.allCases.prefix(columns) {
            let k = Int32(4 + column.rawValue)
            c.withBytes(column) { raw in
                guard let raw else {
                    sqlite3_bind_null(s, k)
                    return
                }
                // A NULL pointer would bind NULL: an empty column binds an empty blob.
                if raw.isEmpty {
                    sqlite3_bind_zeroblob(s, k, 0)
                } else {
                    sqlite3_bind_blob(s, k, raw.baseAddress, Int32(raw.count), transient)
                }
            }
        }
        try SQLiteStore.stepDone(s, db)
    }

    /// Every column of the current schema.
    static let insertSQL = """
        INSERT INTO label_chunk (delivery_id, seq, rows, \(LabelChunk.Column.list))
        VALUES (?, ?, ?, \(LabelChunk.Column.allCases.map { _ in "?" }.joined(separator: ", ")))
        """

    /// The columns of schema v3 (for its own migration of one-row-per-label tables).
    static let insertV3SQL = """
        INSERT INTO label_chunk (delivery_id, seq, rows, item, annotator, value, created_at, duration, cost)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}
