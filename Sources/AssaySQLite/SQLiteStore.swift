// Assay — quality control for human-labelled training data.

public import AssayStore
import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file (WAL journal), through GRDB.
///
/// Every write is one transaction, so a process killed at any instant leaves each delivery wholly
/// present or wholly absent. Labels are stored column-wise in chunks (`label_chunk`, see
/// `LabelChunk`); item and annotator ids are resolved in memory and new ones inserted once.
public final class SQLiteStore: Store {
    /// The database; internal so that the `SQLiteStore+…` extensions reach it.
    let queue: DatabaseQueue
    /// The database file.
    public let path: String

    /// Opens the store at `path` and brings its schema up to date.
    ///
    /// With `.create` the file is created when missing; with `.read` or `.write` a missing file is
    /// an error (`StoreError.missingStore`) and nothing is created. A file this process may not write
    /// (permissions, a read-only disk) is opened read-only, which works for reading as long as its
    /// schema is current; a write then fails with `StoreError.readOnlyStore`.
    public init(path: String, access: StoreAccess = .create) throws {
        guard !path.isEmpty else {
            throw StoreError.invalidLocation(
                path, expected: "a file path or a postgres:// URL, not an empty text")
        }
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if access != .create && !exists { throw StoreError.missingStore(path) }
        let folder = (path as NSString).deletingLastPathComponent
        let writable =
            exists
            ? Self.canWrite(path) && Self.canWrite(folder.isEmpty ? "." : folder)
            : Self.canWrite(folder.isEmpty ? "." : folder)
        var configuration = Configuration()
        // Every id written comes from the same transaction's own lookups, so per-row foreign-key
        // probes (three index searches per label; 4.7 µs a label in a 2M-row import) buy nothing;
        // `integrityProblems()` runs `PRAGMA foreign_key_check` and `integrity_check` on demand.
        configuration.foreignKeysEnabled = false
        // Several processes may share the file (an import while a report reads): GRDB begins write
        // transactions IMMEDIATE; a writer waits up to a minute for another's lock.
        configuration.busyMode = .timeout(60)
        configuration.readonly = !writable
        if writable {
            configuration.prepareDatabase { db in
                // NORMAL is durable at each commit in WAL mode; a 256 MiB page cache keeps the item and
                // annotator indexes of a large import in memory (the default 8 MiB thrashes: perf showed
                // a fifth of a 2M-row import in pread); temporary id tables live in memory.
                try db.execute(
                    sql:
                        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY"
                )
            }
        }
        do {
            if !writable && !exists { throw StoreError.readOnlyStore(path) }
            if writable {
                queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
                try SQLiteSchema.migrator.migrate(queue)
            } else {
                queue = try Self.openReadOnly(path, configuration)
                let pending = try queue.read { db in !(try SQLiteSchema.migrator.hasCompletedMigrations(db)) }
                if pending {
                    throw StoreError.backend(
                        "the store \(path) is read-only here and was written by an older assay; open it once where it is writable to upgrade it"
                    )
                }
            }
        } catch let e as DatabaseError {
            throw Self.storeError(e, path: path)
        }
    }

    /// Opens a store this process may not write. A WAL-mode file needs its shared-memory file to
    /// be read, which a reader without write access to the folder cannot create; SQLite then reads
    /// the file as immutable (`immutable=1`: no locks; a writer elsewhere during the read may make
    /// it fail, never change the file).
    static func openReadOnly(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        } catch let e as DatabaseError
            where e.resultCode.primaryResultCode == .SQLITE_READONLY
            || e.resultCode.primaryResultCode == .SQLITE_CANTOPEN
        {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            let uri =
                "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute)
            let queue = try DatabaseQueue(path: uri + "?immutable=1", configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        }
    }

    /// Whether this process may write `path` (a file or a folder).
    static func canWrite(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// A sentence for a SQLite failure: what happened to the store and what the user can do.
    static func storeError(_ e: DatabaseError, path: String) -> StoreError {
        switch e.resultCode.primaryResultCode {
        case .SQLITE_READONLY: return .readOnlyStore(path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .backend(
                "the store \(path) is busy: another process has held its write lock for a minute; try again when it has finished"
            )
        case .SQLITE_FULL: return .backend("the disk holding the store \(path) is full; nothing was written")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .backend(
                "\(path) is not an Assay store or is damaged (SQLite: \(e.message ?? "\(e.resultCode)"))")
        case .SQLITE_CANTOPEN:
            return .backend(
                "cannot open the store \(path) (SQLite: \(e.message ?? "unable to open the file"))")
        case .SQLITE_IOERR:
            return .backend(
                "reading or writing the store \(path) failed (SQLite: \(e.message ?? "disk I/O error")); nothing was written"
            )
        case .SQLITE_CONSTRAINT:
            return .backend(
                "the store \(path) refused a write that would break its rules (\(e.message ?? "constraint")); nothing was written"
            )
        default:
            return .backend(
                "the store \(path) failed (SQLite error \(e.resultCode.rawValue): \(e.message ?? "no message"))"
            )
        }
    }

    /// Runs a read transaction, turning SQLite's failures into `StoreError` sentences.
    func reading<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await queue.read(body) } catch let e as DatabaseError {
            throw Self.storeError(e, path: path)
        }
    }

    /// Runs a write transaction, turning SQLite's failures into `StoreError` sentences.
    func writing<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await queue.write(body) } catch let e as DatabaseError {
            throw Self.storeError(e, path: path)
        }
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    /// Creates a project; its type and settings are fixed from now on.
    public func createProject(_ p: NewProject) async throws -> ProjectRecord {
        try p.validate()
        return try await writing { [actor = AuditActor.current] db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM project WHERE name = ?", arguments: [p.name]) != nil {
                throw StoreError.projectExists(p.name)
            }
            let at = Self.now()
            let classes = String(decoding: try JSONEncoder().encode(p.classes), as: UTF8.self)
            try db.execute(
                sql:
                    "INSERT INTO project (name, task_type, classes, settings, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [p.name, p.taskType, classes, p.type.settingsJSON, at])
            let id = db.lastInsertedRowID
            try Self.audit(db, "project.create", "project \(p.name): \(p.type.description)", actor: actor)
            return ProjectRecord(id: id, name: p.name, type: p.type, createdAt: at)
        }
    }

    /// Appends an audit entry; `actor` is `AuditActor.current`, read by the caller before its
    /// transaction (task-local values do not reach GRDB's queue).
    static func audit(_ db: Database, _ action: String, _ detail: String, actor: String) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, action, detail, actor) VALUES (?, ?, ?, ?)",
            arguments: [now(), action, detail, actor])
    }

    static func record(_ row: Row) throws -> ProjectRecord {
        let name: String = row["name"]
        return ProjectRecord(
            id: row["id"], name: name,
            type: try ProjectType.stored(
                project: name, taskType: row["task_type"], classes: row["classes"], settings: row["settings"]),
            createdAt: row["created_at"])
    }

    /// Every project, oldest first.
    public func projects() async throws -> [ProjectRecord] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM project ORDER BY id").map(Self.record)
        }
    }

    /// The project called `name`.
    public func project(named name: String) async throws -> ProjectRecord {
        try await reading { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM project WHERE name = ?", arguments: [name])
            {
                return try Self.record(row)
            }
            throw StoreError.unknownProject(
                name, known: try String.fetchAll(db, sql: "SELECT name FROM project ORDER BY id"))
        }
    }

    /// Counts of items, labels, annotators, vendors, deliveries and gold items.
    public func counts(of p: ProjectRecord) async throws -> ProjectCounts {
        try await reading { db in
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

    /// The project's deliveries, oldest first.
    public func deliveries(of p: ProjectRecord) async throws -> [DeliveryRecord] {
        try await reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, v.name AS vendor FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                    WHERE d.project_id = ? ORDER BY d.id
                    """, arguments: [p.id]
            ).map(Self.deliveryRecord)
        }
    }

    /// The oldest delivery of `p` that `vendor` sent under the name `source`, if any.
    public func delivery(named source: String, vendor: String, in p: ProjectRecord) async throws
        -> DeliveryRecord?
    {
        try await reading { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT d.*, v.name AS vendor FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                    WHERE d.project_id = ? AND v.name = ? AND d.source = ? ORDER BY d.id LIMIT 1
                    """, arguments: [p.id, vendor, source]
            ).map(Self.deliveryRecord)
        }
    }

    /// Adds or replaces gold answers in one transaction; a pairwise answer must be one of the
    /// item's two objects (or `tie`) when the item has been shown.
    public func addGold(_ answers: [(item: String, answer: String)], source: String, to p: ProjectRecord)
        async throws -> Int
    {
        let values = try answers.map { try GoldValue($0.answer, item: $0.item, project: p) }
        return try await writing { [actor = AuditActor.current] db in
            let ids = try Self.resolveRepeated(
                db, names: answers.map(\.item), table: "item", owner: "project_id", ownerID: p.id)
            if case .pairwise = p.type {
                try Self.checkPairwiseGold(db, answers, itemIDs: ids)
            }
            let insert = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO gold (project_id, item_id, answer, answer_number, answer_text, source)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for (j, v) in values.enumerated() {
                try insert.execute(arguments: [p.id, ids[j], v.answer, v.number, v.text, source])
            }
            try Self.audit(
                db, "gold.add", "project \(p.name): \(answers.count) gold answers from \(source)",
                actor: actor)
            return answers.count
        }
    }

    /// Throws `StoreError.invalidValue` for a pairwise gold answer that is neither `tie` nor one of
    /// its item's two objects, for items shown already.
    private static func checkPairwiseGold(
        _ db: Database, _ answers: [(item: String, answer: String)], itemIDs: [Int64]
    ) throws {
        let pair = try db.makeStatement(
            sql: """
                SELECT a.external_id, b.external_id FROM item_pair ip
                JOIN object a ON a.id = ip.first_object JOIN object b ON b.id = ip.second_object
                WHERE ip.item_id = ?
                """)
        for (j, a) in answers.enumerated() where a.answer != GoldValue.tie {
            if let row = try Row.fetchOne(pair, arguments: [itemIDs[j]]) {
                let objects: [String] = [row[0], row[1]]
                if !objects.contains(a.answer) {
                    throw StoreError.invalidValue(
                        a.answer, at: "gold for item \(a.item)",
                        expected: "\(objects[0]), \(objects[1]) (the item's objects) or \(GoldValue.tie)")
                }
            }
        }
    }

    /// The project's gold answers.
    public func goldAnswers(of p: ProjectRecord) async throws -> [(item: String, answer: String)] {
        try await reading { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.external_id, g.answer, g.answer_number, g.answer_text FROM gold g
                    JOIN item i ON i.id = g.item_id WHERE g.project_id = ? ORDER BY i.id
                    """,
                arguments: [p.id]
            ).map { ($0[0] as String, try Self.goldValue($0, from: 1).text(in: p)) }
        }
    }

    /// The gold value in columns `k`, `k + 1`, `k + 2` (answer, answer_number, answer_text) of `row`.
    static func goldValue(_ row: Row, from k: Int) -> GoldValue {
        GoldValue(answer: row[k], number: row[k + 1], text: row[k + 2])
    }

    /// Problems SQLite finds in the file (`PRAGMA integrity_check`, `PRAGMA foreign_key_check`),
    /// deliveries whose stored row count differs from their label chunks, chunks whose columns do not
    /// hold `rows` values, chunks of missing deliveries, and labels whose item or annotator is not
    /// their project's; empty when consistent.
    /// - Complexity: O(database size).
    public func integrityProblems() async throws -> [String] {
        try await tableProblems() + labelProblems()
    }

    /// The checks `integrityProblems` runs in SQL.
    private func tableProblems() async throws -> [String] {
        try await reading { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            problems += try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            problems += try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.rows, COALESCE(SUM(c.rows), 0) AS n FROM delivery d
                    LEFT JOIN label_chunk c ON c.delivery_id = d.id GROUP BY d.id HAVING n != d.rows
                    """
            ).map {
                "delivery \($0["id"] as Int64) records \($0["rows"] as Int) labels but has \($0["n"] as Int)"
            }
            problems += try Row.fetchAll(db, sql: SQLiteLabelChunks.malformedChunksSQL).map {
                "label chunk \($0[1] as Int) of delivery \($0[0] as Int64): a column does not hold \($0[2] as Int) values"
            }
            problems += try Int.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT delivery_id FROM label_chunk WHERE delivery_id NOT IN (SELECT id FROM delivery)"
            ).map { "labels of a missing delivery \($0)" }
            return problems
        }
    }

    /// Nothing to release: the file is closed when the store is deallocated.
    public func close() async {}

    /// The audit log, oldest first.
    public func auditLog() async throws -> [AuditEntry] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT at, action, detail, actor FROM audit ORDER BY id").map {
                AuditEntry(at: $0[0], action: $0[1], detail: $0[2], actor: $0[3])
            }
        }
    }
}
