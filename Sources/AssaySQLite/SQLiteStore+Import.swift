// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

extension SQLiteStore {
    /// Imports one delivery in one transaction (see `Store.importDelivery`).
    /// - Complexity: O(labels + distinct ids), plus O(project items) when the delivery names many
    ///   items of a large project; labels are written as `LabelChunk`s.
    public func importDelivery(_ d: DeliveryImport, into p: ProjectRecord) async throws -> ImportOutcome {
        let set = d.labels
        let values = try d.values(in: p)
        return try await writing { [actor = AuditActor.current] db in
            if let existing = try Self.delivery(db, project: p.id, sha256: d.sha256) {
                return .duplicate(of: existing)
            }
            if !d.allowDuplicateRows,
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.*, v.name AS vendor FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                        WHERE d.project_id = ? AND v.name = ? AND d.rows_digest = ? ORDER BY d.id LIMIT 1
                        """, arguments: [p.id, d.vendor, d.rowsDigest])
            {
                return .sameRows(as: Self.deliveryRecord(row))
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
            var objectIDs: [Int64] = []
            if case .pairwise(let pairs) = set {
                objectIDs = try Self.resolve(
                    db, names: pairs.objectIDs, table: "object", owner: "project_id", ownerID: p.id)
                try Self.recordPairs(db, pairs, itemIDs: itemIDs, objectIDs: objectIDs)
            }
            var chunks = try LabelChunkCutter(
                d, itemIDs: itemIDs, annotatorIDs: annotatorIDs, objectIDs: objectIDs, values: values)
            try db.execute(
                sql: """
                    INSERT INTO delivery (project_id, vendor_id, source, sha256, rows, imported_at, cost, rows_digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    p.id, vendorID, d.source, d.sha256, set.count, Self.now(), d.totalCost, d.rowsDigest,
                ])
            let deliveryID = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: SQLiteLabelChunks.insertSQL)
            while let chunk = chunks.next() {
                try SQLiteLabelChunks.insert(chunk, delivery: deliveryID, statement: insert, db: db)
            }
            try Self.audit(
                db, "delivery.import",
                "project \(p.name): \(set.count) labels from vendor \(d.vendor), source \(d.source), sha256 \(d.sha256)",
                actor: actor)
            return .imported(delivery: deliveryID, labels: set.count)
        }
    }

    /// Records the two objects of each item of `set` that has comparisons (`item_pair`), and throws
    /// `StoreError.invalidValue` when an item was shown with another pair before: an item is one
    /// shown pair of objects for the project's whole life.
    /// - Complexity: O(items of the delivery), one index probe each.
    static func recordPairs(_ db: Database, _ set: PairwiseSet, itemIDs: [Int64], objectIDs: [Int64]) throws {
        let find = try db.makeStatement(
            sql: "SELECT first_object, second_object FROM item_pair WHERE item_id = ?")
        let insert = try db.makeStatement(
            sql: "INSERT INTO item_pair (item_id, first_object, second_object) VALUES (?, ?, ?)")
        let f = find.sqliteStatement
        for i in 0..<set.itemCount where !set.index.labels(ofItem: i).isEmpty {
            let pair = ItemPair.pair(set, item: i, objectIDs: objectIDs)
            sqlite3_bind_int64(f, 1, itemIDs[i])
            let rc = sqlite3_step(f)
            if rc == SQLITE_ROW {
                let stored = (sqlite3_column_int64(f, 0), sqlite3_column_int64(f, 1))
                sqlite3_reset(f)
                if stored != pair {
                    let names = try String.fetchAll(
                        db, sql: "SELECT external_id FROM object WHERE id IN (?, ?) ORDER BY id",
                        arguments: [stored.0, stored.1])
                    throw ItemPair.conflict(set, item: i, stored: names)
                }
            } else {
                sqlite3_reset(f)
                guard rc == SQLITE_DONE else { throw SQLiteStore.failure(rc, db) }
                try insert.execute(arguments: [itemIDs[i], pair.0, pair.1])
            }
        }
    }

    /// Store ids of `names` (distinct) in `table` under `owner`, inserting the missing ones with
    /// ids assigned here. Looks names up one by one through the unique index when they are few
    /// against what the owner has; otherwise reads the owner's whole id map once.
    /// - Complexity: O(names · log(existing)) when the owner has over 4 × names rows, else
    ///   O(names + existing); one insert per new name.
    static func resolve(_ db: Database, names: [String], table: String, owner: String, ownerID: Int64) throws
        -> [Int64]
    {
        var ids = [Int64](repeating: 0, count: names.count)
        guard !names.isEmpty else { return ids }
        // Counts the owner's rows only up to what the choice needs: a full count walks the owner's
        // whole index (2M items: ~60 ms, every 1,000-label push into a 10M-label project).
        let bound = names.count * 4 + 1
        let existing =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(table) WHERE \(owner) = ? LIMIT ?)",
                arguments: [ownerID, bound])
            ?? 0
        var missing: [Int] = []
        if existing == 0 {
            missing = Array(names.indices)
        } else if existing == bound {
            let lookup = try db.makeStatement(
                sql: "SELECT id FROM \(table) WHERE \(owner) = ? AND external_id = ?")
            let s = lookup.sqliteStatement
            for (j, name) in names.enumerated() {
                sqlite3_bind_int64(s, 1, ownerID)
                try bindText(s, 2, name, db)
                let rc = sqlite3_step(s)
                if rc == SQLITE_ROW {
                    ids[j] = sqlite3_column_int64(s, 0)
                } else if rc == SQLITE_DONE {
                    missing.append(j)
                } else {
                    throw SQLiteStore.failure(rc, db)
                }
                sqlite3_reset(s)
            }
        } else {
            var known: [String: Int64] = [:]
            known.reserveCapacity(existing)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, external_id FROM \(table) WHERE \(owner) = ?", arguments: [ownerID])
            while let row = try rows.next() { known[row[1]] = row[0] }
            for (j, name) in names.enumerated() {
                if let id = known[name] { ids[j] = id } else { missing.append(j) }
            }
        }
        guard !missing.isEmpty else { return ids }
        // New names go in in byte order with ascending ids, so that the table and its
        // (owner, external_id) index grow at their right edge: random-order index inserts cost
        // ~5 µs each (half of a 10M-label import with 2M new items), random rowids ~2 µs.
        let first = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM \(table)") ?? 0) + 1
        missing = ByteOrder.sorted(missing, of: names)
        for (k, j) in missing.enumerated() { ids[j] = first + Int64(k) }
        let insert = try db.makeStatement(
            sql: "INSERT INTO \(table) (id, \(owner), external_id) VALUES (?, ?, ?)")
        let s = insert.sqliteStatement
        for j in missing {
            sqlite3_bind_int64(s, 1, ids[j])
            sqlite3_bind_int64(s, 2, ownerID)
            try bindText(s, 3, names[j], db)
            try SQLiteStore.stepDone(s, db)
        }
        return ids
    }

    /// Like `resolve`, for names that may repeat.
    /// - Complexity: O(names) more than `resolve` on the distinct names.
    static func resolveRepeated(
        _ db: Database, names: [String], table: String, owner: String, ownerID: Int64
    ) throws -> [Int64] {
        var position: [String: Int] = [:]
        var distinct: [String] = []
        for name in names where position[name] == nil {
            position[name] = distinct.count
            distinct.append(name)
        }
        let ids = try resolve(db, names: distinct, table: table, owner: owner, ownerID: ownerID)
        return names.map { ids[position[$0]!] }
    }

    /// Binds `text` to parameter `column` of `s` (SQLite copies it).
    private static func bindText(_ s: OpaquePointer, _ column: Int32, _ text: String, _ db: Database) throws {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        var copy = text
        let rc = copy.withUTF8 { bytes -> Int32 in
            let raw = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!)
            return sqlite3_bind_text(
                s, column, raw.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        }
        guard rc == SQLITE_OK else {
            throw SQLiteStore.failure(rc, db)
        }
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
