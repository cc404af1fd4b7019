// Assay — quality control for human-labelled training data.

public import AssayCore
public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file (WAL journal), through GRDB.
///
/// Every write is one transaction, so a process killed at any instant leaves each delivery wholly
/// present or wholly absent. Labels are inserted through one reused prepared statement; ids are
/// resolved set-wise through temporary tables.
public final class SQLiteStore: Store {
    private let queue: DatabaseQueue
    /// The database file.
    public let path: String

    /// Opens (creating when missing) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        // Every id written comes from the same transaction's own lookups, so per-row foreign-key
        // probes (three index searches per label; 4.7 µs a label in a 2M-row import) buy nothing;
        // `integrityProblems()` runs `PRAGMA foreign_key_check` and `integrity_check` on demand.
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            // NORMAL is durable at each commit in WAL mode; a 256 MiB page cache keeps the item and
            // annotator indexes of a large import in memory (the default 8 MiB thrashes: perf showed
            // a fifth of a 2M-row import in pread); temporary id tables live in memory.
            try db.execute(
                sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try SQLiteSchema.migrator.migrate(queue)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// Creates a project; its classes are fixed from now on.
    public func createProject(_ p: NewProject) throws -> ProjectRecord {
        guard !p.name.isEmpty else { throw StoreError.invalidProject("the name is empty") }
        guard p.taskType == "categorical" else {
            throw StoreError.invalidProject(
                "task type '\(p.taskType)' is not supported yet; expected categorical")
        }
        guard p.classes.count >= 2, Set(p.classes).count == p.classes.count, !p.classes.contains("") else {
            throw StoreError.invalidProject(
                "expected at least two distinct, non-empty classes, got \(p.classes)")
        }
        return try queue.write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM project WHERE name = ?", arguments: [p.name]) != nil {
                throw StoreError.projectExists(p.name)
            }
            let at = Self.now()
            let classes = String(decoding: try JSONEncoder().encode(p.classes), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO project (name, task_type, classes, created_at) VALUES (?, ?, ?, ?)",
                arguments: [p.name, p.taskType, classes, at])
            let id = db.lastInsertedRowID
            try Self.audit(
                db, "project.create",
                "project \(p.name): \(p.taskType), classes \(p.classes.joined(separator: ", "))")
            return ProjectRecord(
                id: id, name: p.name, taskType: p.taskType, classes: p.classes, createdAt: at)
        }
    }

    static func audit(_ db: Database, _ action: String, _ detail: String) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, action, detail) VALUES (?, ?, ?)",
            arguments: [now(), action, detail])
    }

    static func record(_ row: Row) throws -> ProjectRecord {
        let classes = try JSONDecoder().decode([String].self, from: Data((row["classes"] as String).utf8))
        return ProjectRecord(
            id: row["id"], name: row["name"], taskType: row["task_type"], classes: classes,
            createdAt: row["created_at"])
    }

    /// Every project, oldest first.
    public func projects() throws -> [ProjectRecord] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM project ORDER BY id").map(Self.record)
        }
    }

    /// The project called `name`.
    public func project(named name: String) throws -> ProjectRecord {
        try queue.read { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM project WHERE name = ?", arguments: [name])
            {
                return try Self.record(row)
            }
            throw StoreError.unknownProject(
                name, known: try String.fetchAll(db, sql: "SELECT name FROM project ORDER BY id"))
        }
    }

    /// Counts of items, labels, annotators, vendors, deliveries and gold items.
    public func counts(of p: ProjectRecord) throws -> ProjectCounts {
        try queue.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [p.id]) ?? 0 }
            return ProjectCounts(
                items: try count("SELECT COUNT(*) FROM item WHERE project_id = ?"),
                labels: try count("SELECT COALESCE(SUM(rows), 0) FROM delivery WHERE project_id = ?"),
                annotators: try count(
                    "SELECT COUNT(*) FROM annotator a JOIN vendor v ON v.id = a.vendor_id WHERE v.project_id = ?"
                ),
                vendors: try count("SELECT COUNT(*) FROM vendor WHERE project_id = ?"),
                deliveries: try count("SELECT COUNT(*) FROM delivery WHERE project_id = ?"),
                gold: try count("SELECT COUNT(*) FROM gold WHERE project_id = ?"))
        }
    }

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

    /// The project's deliveries, oldest first.
    public func deliveries(of p: ProjectRecord) throws -> [DeliveryRecord] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, v.name AS vendor FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                    WHERE d.project_id = ? ORDER BY d.id
                    """, arguments: [p.id]
            ).map(Self.deliveryRecord)
        }
    }

    /// Adds or replaces gold answers in one transaction.
    public func addGold(_ answers: [(item: String, answer: String)], source: String, to p: ProjectRecord)
        throws -> Int
    {
        var classOf: [Int64] = []
        for (_, answer) in answers {
            guard let k = p.classes.firstIndex(of: answer) else {
                throw StoreError.unknownClass(answer, classes: p.classes)
            }
            classOf.append(Int64(k))
        }
        return try queue.write { db in
            let ids = try Self.resolve(
                db, names: answers.map(\.item), table: "item", owner: "project_id", ownerID: p.id)
            let insert = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO gold (project_id, item_id, answer, source) VALUES (?, ?, ?, ?)")
            for j in answers.indices { try insert.execute(arguments: [p.id, ids[j], classOf[j], source]) }
            try Self.audit(db, "gold.add", "project \(p.name): \(answers.count) gold answers from \(source)")
            return answers.count
        }
    }

    /// The project's gold answers.
    public func goldAnswers(of p: ProjectRecord) throws -> [(item: String, answer: String)] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT i.external_id, g.answer FROM gold g JOIN item i ON i.id = g.item_id WHERE g.project_id = ? ORDER BY i.id",
                arguments: [p.id]
            ).map { ($0[0] as String, p.classes[$0[1] as Int]) }
        }
    }

    /// Every label of the project as a label set.
    /// - Complexity: O(labels) with one dictionary lookup per id.
    public func labelSet(of p: ProjectRecord) throws -> LabelSet {
        try queue.read { db in
            var itemIDs: [String] = []
            var itemStore: [Int64] = []
            let items = try Row.fetchCursor(
                db, sql: "SELECT id, external_id FROM item WHERE project_id = ? ORDER BY id",
                arguments: [p.id])
            while let row = try items.next() {
                itemStore.append(row[0])
                itemIDs.append(row[1])
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
            let itemIndex = DenseIndex(itemStore)
            let annotatorIndex = DenseIndex(annotatorStore)
            var item: [Int32] = []
            var annotator: [Int32] = []
            var value: [Int32] = []
            var created: [Double] = []
            var duration: [Double] = []
            var cost: [Double] = []
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(rows), 0) FROM delivery WHERE project_id = ?",
                    arguments: [p.id]) ?? 0
            item.reserveCapacity(total)
            annotator.reserveCapacity(total)
            value.reserveCapacity(total)
            let statement = try db.makeStatement(
                sql: """
                    SELECT l.item_id, l.annotator_id, l.value, l.created_at, l.duration, l.cost
                    FROM label l JOIN delivery d ON d.id = l.delivery_id WHERE d.project_id = ?
                    """)
            try statement.setArguments([p.id])
            let s = statement.sqliteStatement
            /// Appends column `c` to `column`, which stays empty until a first non-null value.
            func extra(_ c: Int32, _ column: inout [Double], _ n: Int) {
                let isNull = sqlite3_column_type(s, c) == SQLITE_NULL
                if column.isEmpty {
                    if isNull { return }
                    column = [Double](repeating: .nan, count: n)
                    column.reserveCapacity(total)
                }
                column.append(isNull ? .nan : sqlite3_column_double(s, c))
            }
            while true {
                let rc = sqlite3_step(s)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: rc),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let n = item.count
                item.append(itemIndex[sqlite3_column_int64(s, 0)])
                annotator.append(annotatorIndex[sqlite3_column_int64(s, 1)])
                value.append(Int32(sqlite3_column_int64(s, 2)))
                extra(3, &created, n)
                extra(4, &duration, n)
                extra(5, &cost, n)
            }
            sqlite3_reset(s)
            func full(_ c: [Double]) -> [Double] {
                c.isEmpty ? [] : c + [Double](repeating: .nan, count: item.count - c.count)
            }
            return LabelSet(
                itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                vendorIDs: vendorIDs,
                classes: p.classes, item: item, annotator: annotator, value: value,
                extras: LabelExtras(
                    createdAt: full(created), durationSeconds: full(duration), cost: full(cost)))
        }
    }

    /// Stores item payloads in one transaction.
    public func setPayloads(_ payloads: [(item: String, json: String)], in p: ProjectRecord) throws {
        try queue.write { db in
            let ids = try Self.resolve(
                db, names: payloads.map(\.item), table: "item", owner: "project_id", ownerID: p.id)
            let update = try db.makeStatement(sql: "UPDATE item SET payload = ? WHERE id = ?")
            for (j, entry) in payloads.enumerated() { try update.execute(arguments: [entry.json, ids[j]]) }
            try Self.audit(db, "item.payload", "project \(p.name): payloads for \(payloads.count) items")
        }
    }

    /// Gold items with their exposure to `vendor`.
    public func goldExposure(of p: ProjectRecord, vendor: String) throws -> [GoldExposure] {
        try queue.read { db in
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
        throws
        -> Int64
    {
        try queue.write { db in
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
            let ids = try Self.resolve(db, names: gold, table: "item", owner: "project_id", ownerID: p.id)
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

    /// Problems SQLite finds in the file (`PRAGMA integrity_check`, `PRAGMA foreign_key_check`) and
    /// deliveries whose stored row count differs from their labels; empty when consistent.
    /// - Complexity: O(database size).
    public func integrityProblems() throws -> [String] {
        try queue.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            problems += try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            problems += try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.rows, (SELECT COUNT(*) FROM label l WHERE l.delivery_id = d.id) AS n
                    FROM delivery d WHERE d.rows != (SELECT COUNT(*) FROM label l WHERE l.delivery_id = d.id)
                    """
            ).map {
                "delivery \($0["id"] as Int64) records \($0["rows"] as Int) labels but has \($0["n"] as Int)"
            }
            problems += try Int.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT delivery_id FROM label WHERE delivery_id NOT IN (SELECT id FROM delivery)"
            ).map { "labels of a missing delivery \($0)" }
            return problems
        }
    }

    /// The audit log, oldest first.
    public func auditLog() throws -> [AuditEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT at, action, detail FROM audit ORDER BY id").map {
                AuditEntry(at: $0[0], action: $0[1], detail: $0[2])
            }
        }
    }
}

/// Maps store ids (sorted ascending) to dense indices: an array when the ids are nearly contiguous
/// (as bulk imports make them), a dictionary otherwise.
struct DenseIndex {
    private let base: Int64
    private let table: [Int32]
    private let fallback: [Int64: Int32]

    init(_ sortedIDs: [Int64]) {
        let lo = sortedIDs.first ?? 0
        let span = (sortedIDs.last ?? 0) - lo + 1
        if !sortedIDs.isEmpty && span <= Int64(sortedIDs.count) * 4 {
            var t = [Int32](repeating: -1, count: Int(span))
            for (j, id) in sortedIDs.enumerated() { t[Int(id - lo)] = Int32(j) }
            base = lo
            table = t
            fallback = [:]
        } else {
            var d: [Int64: Int32] = [:]
            for (j, id) in sortedIDs.enumerated() { d[id] = Int32(j) }
            base = 0
            table = []
            fallback = d
        }
    }

    /// The dense index of store id `id`.
    subscript(_ id: Int64) -> Int32 { table.isEmpty ? fallback[id]! : table[Int(id - base)] }
}
