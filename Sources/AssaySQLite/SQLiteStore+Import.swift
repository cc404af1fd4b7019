// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Imports one delivery in one transaction (see `Store.importDelivery`).
    /// - Complexity: O(labels + distinct ids), one prepared statement reused for every label.
    public func importDelivery(_ d: DeliveryImport, into p: ProjectRecord) throws -> ImportOutcome {
        let set = d.labels
        // Project class index of each of the set's classes.
        var classIndex: [Int64] = []
        for c in set.classes {
            guard let k = p.classes.firstIndex(of: c) else {
                throw StoreError.unknownClass(c, classes: p.classes)
            }
            classIndex.append(Int64(k))
        }
        return try queue.write { db in
            if let existing = try Self.delivery(db, project: p.id, sha256: d.sha256) {
                return .duplicate(of: existing)
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO vendor (project_id, name) VALUES (?, ?)",
                arguments: [p.id, d.vendor])
            let vendorID = try Int64.fetchOne(
                db, sql: "SELECT id FROM vendor WHERE project_id = ? AND name = ?",
                arguments: [p.id, d.vendor])!
            let itemIDs = try Self.resolve(
                db, names: set.itemIDs, table: "item", owner: "project_id", ownerID: p.id)
            let annotatorIDs = try Self.resolve(
                db, names: set.annotatorIDs, table: "annotator", owner: "vendor_id", ownerID: vendorID)
            var total = 0.0
            var anyCost = false
            let costs = set.extras.cost
            for l in 0..<set.count {
                let c = costs.isEmpty || costs[l].isNaN ? d.costPerLabel : costs[l]
                if let c {
                    total += c
                    anyCost = true
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO delivery (project_id, vendor_id, source, sha256, rows, imported_at, cost)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [p.id, vendorID, d.source, d.sha256, set.count, Self.now(), anyCost ? total : nil])
            let deliveryID = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO label (delivery_id, item_id, annotator_id, value, created_at, duration, cost)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            let s = insert.sqliteStatement
            let created = set.extras.createdAt
            let duration = set.extras.durationSeconds
            func bindOptional(_ column: Int32, _ v: Double?) {
                if let v, !v.isNaN { sqlite3_bind_double(s, column, v) } else { sqlite3_bind_null(s, column) }
            }
            for l in 0..<set.count {
                sqlite3_bind_int64(s, 1, deliveryID)
                sqlite3_bind_int64(s, 2, itemIDs[Int(set.item[l])])
                sqlite3_bind_int64(s, 3, annotatorIDs[Int(set.annotator[l])])
                sqlite3_bind_int64(s, 4, classIndex[Int(set.value[l])])
                bindOptional(5, created.isEmpty ? nil : created[l])
                bindOptional(6, duration.isEmpty ? nil : duration[l])
                bindOptional(7, costs.isEmpty || costs[l].isNaN ? d.costPerLabel : costs[l])
                let rc = sqlite3_step(s)
                guard rc == SQLITE_DONE else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: rc),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                sqlite3_reset(s)
                if let progress = d.progress, l & 0xFFFF == 0 { progress(l, set.count) }
            }
            try Self.audit(
                db, "delivery.import",
                "project \(p.name): \(set.count) labels from vendor \(d.vendor), source \(d.source), sha256 \(d.sha256)"
            )
            return .imported(delivery: deliveryID, labels: set.count)
        }
    }

    /// Store ids of `names` in `table` under `owner`, inserting the missing ones.
    /// - Complexity: O(names) statements through a temporary table.
    static func resolve(_ db: Database, names: [String], table: String, owner: String, ownerID: Int64) throws
        -> [Int64]
    {
        try db.execute(
            sql: "CREATE TEMP TABLE IF NOT EXISTS import_name (idx INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        try db.execute(sql: "DELETE FROM import_name")
        let insert = try db.makeStatement(sql: "INSERT INTO import_name (idx, name) VALUES (?, ?)")
        let s = insert.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (j, name) in names.enumerated() {
            sqlite3_bind_int64(s, 1, Int64(j))
            var copy = name
            let rc = copy.withUTF8 { bytes -> Int32 in
                let raw = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!)
                sqlite3_bind_text(
                    s, 2, raw.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
                return sqlite3_step(s)
            }
            guard rc == SQLITE_DONE else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: rc),
                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            sqlite3_reset(s)
        }
        try db.execute(
            sql:
                "INSERT OR IGNORE INTO \(table) (\(owner), external_id) SELECT ?, name FROM import_name ORDER BY idx",
            arguments: [ownerID])
        var ids = [Int64](repeating: 0, count: names.count)
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT n.idx, t.id FROM import_name n JOIN \(table) t ON t.\(owner) = ? AND t.external_id = n.name",
            arguments: [ownerID])
        while let row = try rows.next() { ids[row[0] as Int] = row[1] }
        try db.execute(sql: "DELETE FROM import_name")
        return ids
    }

    static func delivery(_ db: Database, project: Int64, sha256: String) throws -> DeliveryRecord? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT d.*, v.name AS vendor FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                WHERE d.project_id = ? AND d.sha256 = ?
                """, arguments: [project, sha256]
        ).map(deliveryRecord)
    }

    static func deliveryRecord(_ row: Row) -> DeliveryRecord {
        DeliveryRecord(
            id: row["id"], vendor: row["vendor"], source: row["source"], sha256: row["sha256"],
            rows: row["rows"],
            importedAt: row["imported_at"], cost: row["cost"])
    }
}
