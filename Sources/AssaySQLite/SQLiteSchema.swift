// Assay — quality control for human-labelled training data.

import AssayStore
import GRDB

/// The versioned schema of the SQLite store. Migrations only ever add; each runs once, in order,
/// inside a transaction.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: projects, vendors, annotators, items, deliveries, labels, gold, audit") {
            db in
            try db.execute(
                sql: """
                    CREATE TABLE project (
                        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, task_type TEXT NOT NULL,
                        classes TEXT NOT NULL, created_at TEXT NOT NULL);
                    CREATE TABLE vendor (
                        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
                        name TEXT NOT NULL, UNIQUE (project_id, name));
                    CREATE TABLE annotator (
                        id INTEGER PRIMARY KEY, vendor_id INTEGER NOT NULL REFERENCES vendor(id),
                        external_id TEXT NOT NULL, UNIQUE (vendor_id, external_id));
                    CREATE TABLE item (
                        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
                        external_id TEXT NOT NULL, payload TEXT, UNIQUE (project_id, external_id));
                    CREATE TABLE delivery (
                        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
                        vendor_id INTEGER NOT NULL REFERENCES vendor(id), source TEXT NOT NULL,
                        sha256 TEXT NOT NULL, rows INTEGER NOT NULL, imported_at TEXT NOT NULL, cost REAL,
                        UNIQUE (project_id, sha256));
                    CREATE TABLE label (
                        delivery_id INTEGER NOT NULL REFERENCES delivery(id),
                        item_id INTEGER NOT NULL REFERENCES item(id),
                        annotator_id INTEGER NOT NULL REFERENCES annotator(id),
                        value INTEGER NOT NULL, created_at REAL, duration REAL, cost REAL);
                    CREATE INDEX label_delivery ON label (delivery_id);
                    CREATE TABLE gold (
                        project_id INTEGER NOT NULL REFERENCES project(id),
                        item_id INTEGER NOT NULL REFERENCES item(id), answer INTEGER NOT NULL,
                        source TEXT NOT NULL, PRIMARY KEY (project_id, item_id));
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, action TEXT NOT NULL,
                        detail TEXT NOT NULL);
                    """)
        }
        m.registerMigration("v2: outgoing batches and the gold each vendor was shown") { db in
            try db.execute(
                sql: """
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
                        vendor_id INTEGER NOT NULL REFERENCES vendor(id), name TEXT NOT NULL,
                        created_at TEXT NOT NULL, items INTEGER NOT NULL, gold INTEGER NOT NULL);
                    CREATE TABLE batch_gold (
                        batch_id INTEGER NOT NULL REFERENCES batch(id),
                        item_id INTEGER NOT NULL REFERENCES item(id), PRIMARY KEY (batch_id, item_id));
                    """)
        }
        m.registerMigration("v3: labels stored column-wise in chunks per delivery") { db in
            try db.execute(sql: SQLiteLabelChunks.createSQL)
            // Move the rows of v1's one-row-per-label table into chunks, delivery by delivery, in
            // insertion order.
            let insert = try db.makeStatement(sql: SQLiteLabelChunks.insertV3SQL)
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT delivery_id, item_id, annotator_id, value, created_at, duration, cost
                    FROM label ORDER BY delivery_id, rowid
                    """)
            var delivery: Int64 = -1
            var chunk = LabelChunk(seq: 0)
            var present = (false, false, false)
            var doubles: ([Double], [Double], [Double]) = ([], [], [])
            func flush() throws {
                guard chunk.count > 0 else { return }
                chunk.createdAt = present.0 ? doubles.0 : nil
                chunk.duration = present.1 ? doubles.1 : nil
                chunk.cost = present.2 ? doubles.2 : nil
                try SQLiteLabelChunks.insert(chunk, delivery: delivery, statement: insert, db: db)
                chunk = LabelChunk(seq: chunk.seq + 1)
                present = (false, false, false)
                doubles = ([], [], [])
            }
            while let row = try rows.next() {
                let d: Int64 = row[0]
                if d != delivery || chunk.count == LabelChunk.capacity {
                    try flush()
                    if d != delivery { chunk.seq = 0 }
                    delivery = d
                }
                chunk.item.append(Int32(row[1] as Int64))
                chunk.annotator.append(Int32(row[2] as Int64))
                chunk.value.append(Int32(row[3] as Int64))
                let c: Double? = row[4]
                let u: Double? = row[5]
                let k: Double? = row[6]
                present = (present.0 || c != nil, present.1 || u != nil, present.2 || k != nil)
                doubles.0.append(c ?? .nan)
                doubles.1.append(u ?? .nan)
                doubles.2.append(k ?? .nan)
            }
            try flush()
            try db.execute(sql: "DROP TABLE label")
        }
        m.registerMigration("v4: a digest of each delivery's rows, to refuse the same rows twice") { db in
            // Deliveries imported before have no digest: they are recognised by their bytes only.
            try db.execute(
                sql: """
                    ALTER TABLE delivery ADD COLUMN rows_digest TEXT;
                    CREATE INDEX delivery_rows_digest ON delivery (project_id, vendor_id, rows_digest);
                    """)
        }
        m.registerMigration(
            "v5: tokens, receipts and batch rows for the server, and who did each audited write"
        ) { db in
            try db.execute(
                sql: """
                    CREATE TABLE token (
                        id INTEGER PRIMARY KEY, role TEXT NOT NULL, subject TEXT, projects TEXT NOT NULL,
                        created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT,
                        secret_hash TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
                    ALTER TABLE audit ADD COLUMN actor TEXT NOT NULL DEFAULT 'cli';
                    ALTER TABLE batch ADD COLUMN rows TEXT NOT NULL DEFAULT '[]';
                    CREATE TABLE receipt (
                        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
                        vendor TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, status TEXT NOT NULL,
                        labels INTEGER NOT NULL, items INTEGER NOT NULL, delivery_id INTEGER,
                        errors TEXT NOT NULL, error_total INTEGER NOT NULL, received_at TEXT NOT NULL,
                        actor TEXT NOT NULL);
                    CREATE INDEX receipt_project_vendor ON receipt (project_id, vendor, id);
                    """)
        }
        m.registerMigration(
            "v6: project types (settings), their label columns, pairwise objects and item pairs, typed gold"
        ) { db in
            // Projects written before have no settings: they are categorical (`ProjectType.stored`).
            try db.execute(sql: "ALTER TABLE project ADD COLUMN settings TEXT")
            for c in LabelChunk.Column.typed {
                try db.execute(sql: "ALTER TABLE label_chunk ADD COLUMN \(c.name) BLOB")
            }
            try db.execute(
                sql: """
                    CREATE TABLE object (
                        id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id),
                        external_id TEXT NOT NULL, UNIQUE (project_id, external_id));
                    CREATE TABLE item_pair (
                        item_id INTEGER PRIMARY KEY REFERENCES item(id),
                        first_object INTEGER NOT NULL REFERENCES object(id),
                        second_object INTEGER NOT NULL REFERENCES object(id));
                    ALTER TABLE gold ADD COLUMN answer_number REAL;
                    ALTER TABLE gold ADD COLUMN answer_text TEXT;
                    """)
        }
        return m
    }
}
