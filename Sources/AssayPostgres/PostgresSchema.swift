// Assay — quality control for human-labelled training data.

import AssayStore
import Logging
import PostgresNIO

/// The versioned schema of the PostgreSQL store. Migrations only ever add; each runs once, in order,
/// in its own transaction, under an advisory lock so that processes starting together do not race.
enum PostgresSchema {
    /// (version, name, statements), oldest first.
    static let migrations: [(version: Int, name: String, sql: [String])] = [
        (
            1, "projects, vendors, annotators, items, deliveries, labels, gold, batches, audit",
            [
                """
                CREATE TABLE project (
                    id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, task_type text NOT NULL,
                    classes jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
                """,
                """
                CREATE TABLE vendor (
                    id bigserial PRIMARY KEY, project_id bigint NOT NULL REFERENCES project(id),
                    name text NOT NULL, UNIQUE (project_id, name))
                """,
                """
                CREATE TABLE annotator (
                    id bigint PRIMARY KEY, vendor_id bigint NOT NULL REFERENCES vendor(id),
                    external_id text COLLATE "C" NOT NULL, UNIQUE (vendor_id, external_id))
                """,
                // External ids compare bytewise ("C"): they are identifiers, and locale-aware
                // comparison makes every index probe several times slower. Items carry no foreign
                // key to their project: its per-row check tripled the COPY of a 2M-item delivery;
                // the import takes its project from the same transaction, and
                // `integrityProblems()` checks the reference.
                """
                CREATE TABLE item (
                    id bigint PRIMARY KEY, project_id bigint NOT NULL,
                    external_id text COLLATE "C" NOT NULL, payload json, UNIQUE (project_id, external_id))
                """,
                """
                CREATE TABLE delivery (
                    id bigserial PRIMARY KEY, project_id bigint NOT NULL REFERENCES project(id),
                    vendor_id bigint NOT NULL REFERENCES vendor(id), source text NOT NULL,
                    sha256 text NOT NULL, rows bigint NOT NULL, imported_at timestamptz NOT NULL DEFAULT now(),
                    cost double precision, UNIQUE (project_id, sha256))
                """,
                // Labels are stored column-wise, one row per chunk of up to 2^18 labels of a
                // delivery (see `LabelChunk`): little-endian int32 item and annotator ids and class
                // indices, float64 extras or NULL. Stored uncompressed (EXTERNAL): compressing
                // them costs more than it saves. COPY of 10M labels as chunks takes ~2 s; as rows
                // ~12 s.
                """
                CREATE TABLE label_chunk (
                    delivery_id bigint NOT NULL REFERENCES delivery(id), seq integer NOT NULL,
                    rows integer NOT NULL, item bytea NOT NULL, annotator bytea NOT NULL, value bytea NOT NULL,
                    created_at bytea, duration bytea, cost bytea, PRIMARY KEY (delivery_id, seq))
                """,
                """
                ALTER TABLE label_chunk ALTER COLUMN item SET STORAGE EXTERNAL,
                    ALTER COLUMN annotator SET STORAGE EXTERNAL, ALTER COLUMN value SET STORAGE EXTERNAL,
                    ALTER COLUMN created_at SET STORAGE EXTERNAL, ALTER COLUMN duration SET STORAGE EXTERNAL,
                    ALTER COLUMN cost SET STORAGE EXTERNAL
                """,
                // One row per label, for ad-hoc SQL (slow: it decodes the chunks byte by byte).
                """
                CREATE VIEW label AS
                SELECT c.delivery_id, g.j AS position,
                    (get_byte(c.item, 4 * g.j) | get_byte(c.item, 4 * g.j + 1) << 8
                        | get_byte(c.item, 4 * g.j + 2) << 16 | get_byte(c.item, 4 * g.j + 3) << 24)::bigint AS item_id,
                    (get_byte(c.annotator, 4 * g.j) | get_byte(c.annotator, 4 * g.j + 1) << 8
                        | get_byte(c.annotator, 4 * g.j + 2) << 16 | get_byte(c.annotator, 4 * g.j + 3) << 24)::bigint
                        AS annotator_id,
                    get_byte(c.value, 4 * g.j) | get_byte(c.value, 4 * g.j + 1) << 8 AS value
                FROM label_chunk c, generate_series(0, c.rows - 1) AS g(j)
                """,
                // Item and annotator ids come from here in blocks (one statement for a delivery's
                // new ids, where a sequence needs one call per id).
                "CREATE TABLE id_allocator (name text PRIMARY KEY, next bigint NOT NULL)",
                "INSERT INTO id_allocator VALUES ('item', 1), ('annotator', 1)",
                """
                CREATE TABLE gold (
                    project_id bigint NOT NULL REFERENCES project(id),
                    item_id bigint NOT NULL REFERENCES item(id), answer integer NOT NULL,
                    source text NOT NULL, PRIMARY KEY (project_id, item_id))
                """,
                """
                CREATE TABLE batch (
                    id bigserial PRIMARY KEY, project_id bigint NOT NULL REFERENCES project(id),
                    vendor_id bigint NOT NULL REFERENCES vendor(id), name text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(), items integer NOT NULL,
                    gold integer NOT NULL)
                """,
                """
                CREATE TABLE batch_gold (
                    batch_id bigint NOT NULL REFERENCES batch(id),
                    item_id bigint NOT NULL REFERENCES item(id), PRIMARY KEY (batch_id, item_id))
                """,
                """
                CREATE TABLE audit (
                    id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), action text NOT NULL,
                    detail text NOT NULL)
                """,
            ]
        ),
        (
            2, "a digest of each delivery's rows, to refuse the same rows twice",
            [
                // Deliveries imported before have no digest: they are recognised by their bytes only.
                "ALTER TABLE delivery ADD COLUMN rows_digest text",
                "CREATE INDEX delivery_rows_digest ON delivery (project_id, vendor_id, rows_digest)",
            ]
        ),
        (
            3, "tokens, receipts and batch rows for the server, and who did each audited write",
            [
                """
                CREATE TABLE token (
                    id bigserial PRIMARY KEY, role text NOT NULL, subject text, projects jsonb NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz,
                    revoked_at timestamptz, secret_hash text NOT NULL, note text NOT NULL DEFAULT '')
                """,
                "ALTER TABLE audit ADD COLUMN actor text NOT NULL DEFAULT 'cli'",
                "ALTER TABLE batch ADD COLUMN rows text NOT NULL DEFAULT '[]'",
                """
                CREATE TABLE receipt (
                    id bigserial PRIMARY KEY, project_id bigint NOT NULL REFERENCES project(id),
                    vendor text NOT NULL, name text NOT NULL, sha256 text NOT NULL, status text NOT NULL,
                    labels integer NOT NULL, items integer NOT NULL, delivery_id bigint,
                    errors text NOT NULL, error_total integer NOT NULL,
                    received_at timestamptz NOT NULL DEFAULT now(), actor text NOT NULL)
                """,
                "CREATE INDEX receipt_project_vendor ON receipt (project_id, vendor, id)",
            ]
        ),
        (
            4, "project types (settings), their label columns, pairwise objects and item pairs, typed gold",
            [
                // Projects written before have no settings: they are categorical (`ProjectType.stored`).
                "ALTER TABLE project ADD COLUMN settings jsonb",
                "ALTER TABLE label_chunk "
                    + LabelChunk.Column.typed.map { "ADD COLUMN \($0.name) bytea" }.joined(separator: ", "),
                "ALTER TABLE label_chunk "
                    + LabelChunk.Column.typed.map { "ALTER COLUMN \($0.name) SET STORAGE EXTERNAL" }
                    .joined(separator: ", "),
                // Objects compared in pairwise projects, like items (ids from the allocator, no
                // foreign key to the project: `integrityProblems()` checks it).
                """
                CREATE TABLE object (
                    id bigint PRIMARY KEY, project_id bigint NOT NULL,
                    external_id text COLLATE "C" NOT NULL, UNIQUE (project_id, external_id))
                """,
                "INSERT INTO id_allocator VALUES ('object', 1)",
                """
                CREATE TABLE item_pair (
                    item_id bigint PRIMARY KEY REFERENCES item(id),
                    first_object bigint NOT NULL REFERENCES object(id),
                    second_object bigint NOT NULL REFERENCES object(id))
                """,
                "ALTER TABLE gold ADD COLUMN answer_number double precision, ADD COLUMN answer_text text",
                // The label view: no class for types without one (instead of failing on an empty
                // value column), and the objects of comparisons.
                """
                CREATE OR REPLACE VIEW label AS
                SELECT c.delivery_id, g.j AS position,
                    (get_byte(c.item, 4 * g.j) | get_byte(c.item, 4 * g.j + 1) << 8
                        | get_byte(c.item, 4 * g.j + 2) << 16 | get_byte(c.item, 4 * g.j + 3) << 24)::bigint AS item_id,
                    (get_byte(c.annotator, 4 * g.j) | get_byte(c.annotator, 4 * g.j + 1) << 8
                        | get_byte(c.annotator, 4 * g.j + 2) << 16 | get_byte(c.annotator, 4 * g.j + 3) << 24)::bigint
                        AS annotator_id,
                    CASE WHEN length(c.value) > 0 THEN get_byte(c.value, 4 * g.j) | get_byte(c.value, 4 * g.j + 1) << 8
                    END AS value,
                    CASE WHEN c.left_object IS NOT NULL THEN
                        (get_byte(c.left_object, 4 * g.j) | get_byte(c.left_object, 4 * g.j + 1) << 8
                        | get_byte(c.left_object, 4 * g.j + 2) << 16 | get_byte(c.left_object, 4 * g.j + 3) << 24)::bigint
                    END AS left_object_id,
                    CASE WHEN c.right_object IS NOT NULL THEN
                        (get_byte(c.right_object, 4 * g.j) | get_byte(c.right_object, 4 * g.j + 1) << 8
                        | get_byte(c.right_object, 4 * g.j + 2) << 16 | get_byte(c.right_object, 4 * g.j + 3) << 24)::bigint
                    END AS right_object_id
                FROM label_chunk c, generate_series(0, c.rows - 1) AS g(j)
                """,
            ]
        ),
    ]

    /// The advisory-lock key that serialises migrations.
    static let migrationLock: Int64 = 0x4173_7361_7900_0001

    /// Brings the schema up to date.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { c in
            try await c.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await c.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = Set<Int>()
            for try await v in try await c.query("SELECT version FROM schema_migration", logger: logger)
                .decode(Int.self)
            {
                applied.insert(v)
            }
            let newest = migrations.last?.version ?? 0
            if let found = applied.max(), found > newest {
                throw StoreError.schemaTooNew(found: found, supported: newest)
            }
            for m in migrations where !applied.contains(m.version) {
                for statement in m.sql {
                    try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await c.query(
                    "INSERT INTO schema_migration (version, name) VALUES (\(m.version), \(m.name))",
                    logger: logger)
            }
        }
    }
}
