// Assay — quality control for human-labelled training data.

public import AssayStore
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// The delivery of each label, in the order of `labelSet(of:)` (interim copy of h/dash's, dropped when it lands in main).
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
                    SELECT c.delivery_id, c.rows, c.item FROM label_chunk c JOIN delivery d ON d.id = c.delivery_id
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
}
