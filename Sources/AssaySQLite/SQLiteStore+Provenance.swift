// Assay — quality control for human-labelled training data.

public import AssayStore
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// The delivery of each label, in the order of `labels(of:)` (every project type): read from
    /// the chunks' item column alone.
    /// - Complexity: O(labels + items).
    public func labelDeliveries(of p: ProjectRecord) async throws -> [Int32] {
        try await reading { db in
            var itemStore: [Int64] = []
            let items = try db.makeStatement(sql: "SELECT id FROM item WHERE project_id = ? ORDER BY id")
            try items.setArguments([p.id])
            try Self.step(items.sqliteStatement, db) { s in itemStore.append(sqlite3_column_int64(s, 0)) }
            var position: [Int64: Int32] = [:]
            var total = 0
            for row in try Row.fetchAll(
                db, sql: "SELECT id, rows FROM delivery WHERE project_id = ? ORDER BY id", arguments: [p.id])
            {
                position[row[0]] = Int32(position.count)
                total += row[1] as Int
            }
            var column = LabelDeliveryColumn(itemStore: itemStore, total: total)
            let chunks = try db.makeStatement(
                sql: """
                    SELECT c.delivery_id, c.rows, c.\(LabelChunk.Column.item.name) FROM label_chunk c JOIN delivery d ON d.id = c.delivery_id
                    WHERE d.project_id = ? ORDER BY c.delivery_id, c.seq
                    """)
            try chunks.setArguments([p.id])
            try Self.step(chunks.sqliteStatement, db) { s in
                let bytes = UnsafeRawBufferPointer(
                    start: sqlite3_column_blob(s, 2), count: Int(sqlite3_column_bytes(s, 2)))
                try column.append(
                    position: position[sqlite3_column_int64(s, 0)] ?? -1,
                    rows: Int(sqlite3_column_int64(s, 1)),
                    item: bytes)
            }
            return try column.column()
        }
    }

    /// Stored payloads of some items.
    public func payloads(of items: [String], in p: ProjectRecord) async throws -> [String: String] {
        try await reading { db in
            let statement = try db.makeStatement(
                sql:
                    "SELECT payload FROM item WHERE project_id = ? AND external_id = ? AND payload IS NOT NULL"
            )
            var out: [String: String] = [:]
            for item in Set(items) {
                if let json = try String.fetchOne(statement, arguments: [p.id, item]) { out[item] = json }
            }
            return out
        }
    }
}
