// Assay — quality control for human-labelled training data.

import AssayStore
import Foundation
import GRDB
import GRDBSQLite

/// The SQLite side of `LabelChunk`: the `label_chunk` table (one row per chunk, one BLOB per
/// column) and its insert.
enum SQLiteLabelChunks {
    static let createSQL = """
        CREATE TABLE label_chunk (
            delivery_id INTEGER NOT NULL REFERENCES delivery(id), seq INTEGER NOT NULL,
            rows INTEGER NOT NULL, item BLOB NOT NULL, annotator BLOB NOT NULL, value BLOB NOT NULL,
            created_at BLOB, duration BLOB, cost BLOB, PRIMARY KEY (delivery_id, seq));
        """

    /// Chunks whose columns do not hold `rows` values: (delivery, seq, rows).
    static let malformedChunksSQL = """
        SELECT delivery_id, seq, rows FROM label_chunk
        WHERE length(item) != 4 * rows OR length(annotator) != 4 * rows OR length(value) != 4 * rows
            OR COALESCE(length(created_at), 8 * rows) != 8 * rows
            OR COALESCE(length(duration), 8 * rows) != 8 * rows OR COALESCE(length(cost), 8 * rows) != 8 * rows
        """

    /// Inserts one chunk through `statement` (the `insertSQL` statement).
    static func insert(_ c: LabelChunk, delivery: Int64, statement: Statement, db: Database) throws {
        let s = statement.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bind<T>(_ column: Int32, _ values: [T]?) {
            guard let values else {
                sqlite3_bind_null(s, column)
                return
            }
            values.withUnsafeBytes { raw in
                _ = sqlite3_bind_blob(s, column, raw.baseAddress, Int32(raw.count), transient)
            }
        }
        sqlite3_bind_int64(s, 1, delivery)
        sqlite3_bind_int64(s, 2, Int64(c.seq))
        sqlite3_bind_int64(s, 3, Int64(c.count))
        // Memory order is little-endian (checked at compile time in `LabelChunk`).
        bind(4, c.item)
        bind(5, c.annotator)
        bind(6, c.value)
        bind(7, c.createdAt)
        bind(8, c.duration)
        bind(9, c.cost)
        try SQLiteStore.stepDone(s, db)
    }

    static let insertSQL = """
        INSERT INTO label_chunk (delivery_id, seq, rows, item, annotator, value, created_at, duration, cost)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}
