// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import Foundation
import Logging
import PostgresNIO

/// The team store: one PostgreSQL database, through postgres-nio's connection pool.
///
/// Every write is one transaction; writes that create items take a per-project advisory lock, so
/// that imports running side by side never give one item two ids. Labels are written with
/// `COPY … FROM STDIN` (one row per label) and read back as one aggregated binary column per
/// delivery (see `PostgresStore+Load.swift`).
public final class PostgresStore: Store {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger
    /// Turns for the writes that hold a project's lock (one pooled connection stays free).
    let writeSlots = WriteSlots(capacity: PostgresStore.poolSize - 1)
    /// Connections in the pool.
    static let poolSize = 4
    /// The URL the store was opened with, password removed.
    public let location: String

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`)
    /// and brings the schema up to date.
    public init(url: String) async throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme,
            scheme == "postgres" || scheme == "postgresql", let host = parts.host, !host.isEmpty
        else {
            throw StoreError.invalidLocation(
                url, expected: "postgres://user[:password]@host[:port]/database")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        let mode = parts.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable"
        let tls: PostgresClient.Configuration.TLS
        let probeTLS: PostgresConnection.Configuration.TLS
        switch mode {
        case "disable":
            tls = .disable
            probeTLS = .disable
        case "prefer":
            tls = .prefer(.makeClientConfiguration())
            probeTLS = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require":
            tls = .require(.makeClientConfiguration())
            probeTLS = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default:
            throw StoreError.invalidLocation(url, expected: "sslmode disable, prefer or require")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
            password: parts.password, database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.maximumConnections = Self.poolSize
        var redacted = parts
        if redacted.password != nil { redacted.password = "***" }
        location = redacted.string ?? "postgres://\(host)"
        logger = Logger(label: "assay.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        // One plain connection first: the pool retries a failing server for a minute before it
        // gives up, and hides the server's reason (unknown database, bad password) when it does.
        do {
            let probe = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres",
                    password: parts.password, database: database.isEmpty ? nil : database, tls: probeTLS),
                id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw Self.described(error, location: location)
        }
        let client = PostgresClient(configuration: configuration)
        self.client = client
        runner = Task { await client.run() }
        do {
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            runner.cancel()
            throw Self.described(error, location: location)
        }
    }

    /// Closes the pool's connections.
    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    deinit { runner.cancel() }

    /// PostgreSQL's own message for `error` (postgres-nio hides it from `description`), as a store
    /// error naming the location.
    static func described(_ error: any Error, location: String) -> any Error {
        if let e = error as? PSQLError {
            let server = e.serverInfo.flatMap { info in
                info[.message].map { "\(info[.sqlState] ?? ""): \($0)" }
            }
            let cause = e.underlying.map { "\(e.code): \($0)" } ?? "\(e.code)"
            return StoreError.backend("\(location): \(server ?? cause)")
        }
        return error
    }

    /// Runs `body` in a transaction, mapping PostgreSQL errors to store errors.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { c in try await body(c) }
        } catch let e as PostgresTransactionError {
            // The body's own error, when it failed; else what BEGIN, COMMIT or ROLLBACK reported.
            let cause = e.closureError ?? e.beginError ?? e.commitError ?? e.rollbackError ?? e
            if let storeError = cause as? StoreError { throw storeError }
            throw Self.described(cause, location: location)
        } catch let e as StoreError {
            throw e
        } catch {
            throw Self.described(error, location: location)
        }
    }

    /// Runs `body` in a transaction that holds the project's lock, once a write slot is free (see
    /// `WriteSlots`: the lock holder needs a second pooled connection for its id block).
    func lockedTransaction<T: Sendable>(project: Int64, _ body: (PostgresConnection) async throws -> T)
        async throws -> T
    {
        await writeSlots.acquire()
        do {
            let value = try await transaction { c in
                try await lock(project: project, on: c)
                return try await body(c)
            }
            await writeSlots.release()
            return value
        } catch {
            await writeSlots.release()
            throw error
        }
    }

    /// Takes the per-project lock that serialises item-creating writes (held to the transaction's end).
    func lock(project: Int64, on c: PostgresConnection) async throws {
        try await c.query(
            "SELECT pg_advisory_xact_lock(\(Int32(1)), \(Int32(truncatingIfNeeded: project)))", logger: logger
        )
    }

    /// Appends an audit entry.
    func audit(_ action: String, _ detail: String, on c: PostgresConnection) async throws {
        let actor = AuditActor.current
        try await c.query(
            "INSERT INTO audit (action, detail, actor) VALUES (\(action), \(detail), \(actor))",
            logger: logger)
    }

    /// ISO 8601 (UTC, seconds) of a timestamp column, as SQL.
    static func iso(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }

    static let projectColumns = "id, name, task_type, classes::text, settings::text, \(iso("created_at"))"

    static func project(_ row: (Int64, String, String, String, String?, String)) throws -> ProjectRecord {
        ProjectRecord(
            id: row.0, name: row.1,
            type: try ProjectType.stored(project: row.1, taskType: row.2, classes: row.3, settings: row.4),
            createdAt: row.5)
    }

    /// Creates a project.
    public func createProject(_ p: NewProject) async throws -> ProjectRecord {
        try p.validate()
        let classes = String(decoding: try JSONEncoder().encode(p.classes), as: UTF8.self)
        let settings = p.type.settingsJSON
        return try await transaction { c in
            let rows = try await c.query(
                """
                INSERT INTO project (name, task_type, classes, settings)
                VALUES (\(p.name), \(p.taskType), \(classes)::jsonb, \(settings)::jsonb)
                ON CONFLICT (name) DO NOTHING RETURNING \(unescaped: Self.projectColumns)
                """, logger: logger)
            guard
                let row = try await rows.decode((Int64, String, String, String, String?, String).self).first(
                    where: { _ in true })
            else { throw StoreError.projectExists(p.name) }
            try await audit("project.create", "project \(p.name): \(p.type.description)", on: c)
            return try Self.project(row)
        }
    }

    /// Every project, oldest first.
    public func projects() async throws -> [ProjectRecord] {
        try await transaction { c in
            var out: [ProjectRecord] = []
            for try await row in try await c.query(
                "SELECT \(unescaped: Self.projectColumns) FROM project ORDER BY id", logger: logger
            ).decode((Int64, String, String, String, String?, String).self) {
                out.append(try Self.project(row))
            }
            return out
        }
    }

    /// The project called `name`.
    public func project(named name: String) async throws -> ProjectRecord {
        let all = try await projects()
        guard let p = all.first(where: { $0.name == name }) else {
            throw StoreError.unknownProject(name, known: all.map(\.name))
        }
        return p
    }

    /// Counts of items, labels, annotators, vendors, deliveries and gold items.
    public func counts(of p: ProjectRecord) async throws -> ProjectCounts {
        try await transaction { c in
            let rows = try await c.query(
                """
                SELECT (SELECT count(*) FROM item WHERE project_id = \(p.id)),
                    (SELECT COALESCE(sum(rows), 0)::bigint FROM delivery WHERE project_id = \(p.id)),
                    (SELECT count(*) FROM annotator a JOIN vendor v ON v.id = a.vendor_id WHERE v.project_id = \(p.id)),
                    (SELECT count(*) FROM vendor WHERE project_id = \(p.id)),
                    (SELECT count(*) FROM delivery WHERE project_id = \(p.id)),
                    (SELECT count(*) FROM gold WHERE project_id = \(p.id))
                """, logger: logger)
            for try await r in rows.decode((Int, Int, Int, Int, Int, Int).self) {
                return ProjectCounts(
                    items: r.0, labels: r.1, annotators: r.2, vendors: r.3, deliveries: r.4, gold: r.5)
            }
            throw StoreError.inconsistent("no counts for project \(p.name)")
        }
    }

    static let deliveryColumns =
        "d.id, v.name, d.source, d.sha256, d.rows, \(iso("d.imported_at")), d.cost"

    static func delivery(_ r: (Int64, String, String, String, Int, String, Double?)) -> DeliveryRecord {
        DeliveryRecord(id: r.0, vendor: r.1, source: r.2, sha256: r.3, rows: r.4, importedAt: r.5, cost: r.6)
    }

    /// The project's deliveries, oldest first.
    public func deliveries(of p: ProjectRecord) async throws -> [DeliveryRecord] {
        try await transaction { c in
            var out: [DeliveryRecord] = []
            for try await r in try await c.query(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                WHERE d.project_id = \(p.id) ORDER BY d.id
                """, logger: logger
            ).decode((Int64, String, String, String, Int, String, Double?).self) {
                out.append(Self.delivery(r))
            }
            return out
        }
    }

    /// The oldest delivery of `p` that `vendor` sent under the name `source`, if any.
    public func delivery(named source: String, vendor: String, in p: ProjectRecord) async throws
        -> DeliveryRecord?
    {
        try await transaction { c in
            for try await r in try await c.query(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                WHERE d.project_id = \(p.id) AND v.name = \(vendor) AND d.source = \(source)
                ORDER BY d.id LIMIT 1
                """, logger: logger
            ).decode((Int64, String, String, String, Int, String, Double?).self) {
                return Self.delivery(r)
            }
            return nil
        }
    }

    /// Adds or replaces gold answers in one transaction; a pairwise answer must be one of the
    /// item's two objects (or `tie`) when the item has been shown.
    public func addGold(_ answers: [(item: String, answer: String)], source: String, to p: ProjectRecord)
        async throws -> Int
    {
        let values = try answers.map { try GoldValue($0.answer, item: $0.item, project: p) }
        let names = answers.map(\.item)
        return try await lockedTransaction(project: p.id) { c in
            let ids = try await resolveRepeated(
                names, table: "item", owner: "project_id", ownerID: p.id, on: c)
            if case .pairwise = p.type {
                try await checkPairwiseGold(answers, itemIDs: ids, on: c)
            }
            // Later answers for the same item win, as in the SQLite store.
            var latest: [Int64: Int] = [:]
            for (j, id) in ids.enumerated() { latest[id] = j }
            let keys = Array(latest.keys)
            let chosen = keys.map { values[latest[$0]!] }
            // Arrays of optionals do not encode: each optional column goes as values and presence.
            try await c.query(
                """
                INSERT INTO gold (project_id, item_id, answer, answer_number, answer_text, source)
                SELECT \(p.id), i, a, CASE WHEN hn THEN n END, CASE WHEN ht THEN t END, \(source)
                FROM unnest(\(keys)::bigint[], \(chosen.map(\.answer))::integer[],
                    \(chosen.map { $0.number ?? 0 })::double precision[], \(chosen.map { $0.number != nil })::boolean[],
                    \(chosen.map { $0.text ?? "" })::text[], \(chosen.map { $0.text != nil })::boolean[])
                    AS g(i, a, n, hn, t, ht)
                ON CONFLICT (project_id, item_id) DO UPDATE SET answer = excluded.answer,
                    answer_number = excluded.answer_number, answer_text = excluded.answer_text,
                    source = excluded.source
                """, logger: logger)
            try await audit(
                "gold.add", "project \(p.name): \(answers.count) gold answers from \(source)", on: c)
            return answers.count
        }
    }

    /// Throws `StoreError.invalidValue` for a pairwise gold answer that is neither `tie` nor one of
    /// its item's two objects, for items shown already.
    private func checkPairwiseGold(
        _ answers: [(item: String, answer: String)], itemIDs: [Int64], on c: PostgresConnection
    ) async throws {
        var objects: [Int64: [String]] = [:]
        for try await (item, a, b) in try await c.query(
            """
            SELECT ip.item_id, a.external_id, b.external_id FROM item_pair ip
            JOIN object a ON a.id = ip.first_object JOIN object b ON b.id = ip.second_object
            WHERE ip.item_id = ANY(\(itemIDs)::bigint[])
            """, logger: logger
        ).decode((Int64, String, String).self) {
            objects[item] = [a, b]
        }
        for (j, a) in answers.enumerated() where a.answer != GoldValue.tie {
            if let pair = objects[itemIDs[j]], !pair.contains(a.answer) {
                throw StoreError.invalidValue(
                    a.answer, at: "gold for item \(a.item)",
                    expected: "\(pair[0]), \(pair[1]) (the item's objects) or \(GoldValue.tie)")
            }
        }
    }

    /// The project's gold answers.
    public func goldAnswers(of p: ProjectRecord) async throws -> [(item: String, answer: String)] {
        try await transaction { c in
            var out: [(item: String, answer: String)] = []
            for try await (item, k, number, text) in try await c.query(
                """
                SELECT i.external_id, g.answer, g.answer_number, g.answer_text FROM gold g
                JOIN item i ON i.id = g.item_id WHERE g.project_id = \(p.id) ORDER BY i.id
                """, logger: logger
            ).decode((String, Int, Double?, String?).self) {
                out.append((item, try GoldValue(answer: k, number: number, text: text).text(in: p)))
            }
            return out
        }
    }

    /// The audit log, oldest first.
    public func auditLog() async throws -> [AuditEntry] {
        try await transaction { c in
            var out: [AuditEntry] = []
            for try await (at, action, detail, actor) in try await c.query(
                "SELECT \(unescaped: Self.iso("at")), action, detail, actor FROM audit ORDER BY id",
                logger: logger
            ).decode((String, String, String, String).self) {
                out.append(AuditEntry(at: at, action: action, detail: detail, actor: actor))
            }
            return out
        }
    }

    /// Deliveries whose row count differs from their label chunks, malformed chunks, items of a
    /// missing project, and labels whose item or annotator is not their project's; empty when
    /// consistent.
    /// - Complexity: O(labels).
    public func integrityProblems() async throws -> [String] {
        try await tableProblems() + labelProblems()
    }

    /// The checks `integrityProblems` runs in SQL.
    private func tableProblems() async throws -> [String] {
        try await transaction { c in
            var problems: [String] = []
            for try await (id, rows, n) in try await c.query(
                """
                SELECT d.id, d.rows, COALESCE(sum(c.rows), 0)::bigint FROM delivery d
                LEFT JOIN label_chunk c ON c.delivery_id = d.id GROUP BY d.id
                """, logger: logger
            ).decode((Int64, Int, Int).self) where rows != n {
                problems.append("delivery \(id) records \(rows) labels but has \(n)")
            }
            for (what, sql) in [
                (
                    "label chunks whose columns do not hold their rows",
                    "SELECT count(*) FROM label_chunk WHERE \(LabelChunk.malformedSQL)"
                ),
                (
                    "items of a missing project",
                    "SELECT count(*) FROM item i WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = i.project_id)"
                ),
                (
                    "objects of a missing project",
                    "SELECT count(*) FROM object o WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = o.project_id)"
                ),
            ] {
                for try await n in try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(
                    Int.self)
                where n > 0 {
                    problems.append("\(n) \(what)")
                }
            }
            return problems
        }
    }
}
