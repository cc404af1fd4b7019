// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayStore
import PostgresNIO

extension PostgresStore {
    /// Imports one delivery in one transaction (see `Store.importDelivery`): new items and
    /// annotators, then the label chunks (`LabelChunk`), go through `COPY … FROM STDIN`.
    /// - Complexity: O(labels + the delivery's distinct ids); existing ids are looked up through
    ///   the unique indexes.
    public func importDelivery(_ d: DeliveryImport, into p: ProjectRecord) async throws -> ImportOutcome {
        let set = d.labels
        let values = try d.values(in: p)
        return try await lockedTransaction(project: p.id) { c in
            for try await r in try await c.query(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                WHERE d.project_id = \(p.id) AND d.sha256 = \(d.sha256)
                """, logger: logger
            ).decode((Int64, String, String, String, Int, String, Double?).self) {
                return .duplicate(of: Self.delivery(r))
            }
            if !d.allowDuplicateRows {
                for try await r in try await c.query(
                    """
                    SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN vendor v ON v.id = d.vendor_id
                    WHERE d.project_id = \(p.id) AND v.name = \(d.vendor) AND d.rows_digest = \(d.rowsDigest)
                    ORDER BY d.id LIMIT 1
                    """, logger: logger
                ).decode((Int64, String, String, String, Int, String, Double?).self) {
                    return .sameRows(as: Self.delivery(r))
                }
            }
            let vendorID = try await vendor(d.vendor, project: p.id, on: c)
            let itemIDs = try await resolve(
                set.itemIDs, table: "item", owner: "project_id", ownerID: p.id, on: c)
            let annotatorIDs = try await resolve(
                set.annotatorIDs, table: "annotator", owner: "vendor_id", ownerID: vendorID, on: c)
            var deliveryID: Int64 = 0
            for try await id in try await c.query(
                """
                INSERT INTO delivery (project_id, vendor_id, source, sha256, rows, cost, rows_digest)
                VALUES (\(p.id), \(vendorID), \(d.source), \(d.sha256), \(set.count), \(d.totalCost), \(d.rowsDigest))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                deliveryID = id
            }
            var objectIDs: [Int64] = []
            if case .pairwise(let pairs) = set {
                objectIDs = try await resolve(
                    pairs.objectIDs, table: "object", owner: "project_id", ownerID: p.id, on: c)
                try await recordPairs(pairs, itemIDs: itemIDs, objectIDs: objectIDs, on: c)
            }
            var chunks = try LabelChunkCutter(
                d, itemIDs: itemIDs, annotatorIDs: annotatorIDs, objectIDs: objectIDs, values: values)
            try await c.copyFrom(
                table: "label_chunk",
                columns: ["delivery_id", "seq", "rows"] + LabelChunk.Column.allCases.map(\.name),
                logger: logger
            ) { writer in
                var out = CopyText(writer)
                while let chunk = chunks.next() {
                    out.int(deliveryID)
                    out.int(Int64(chunk.seq))
                    out.int(Int64(chunk.count))
                    for column in LabelChunk.Column.allCases { chunk.withBytes(column) { out.bytea($0) } }
                    try await out.endRow()
                }
                try await out.flush()
            }
            try await audit(
                "delivery.import",
                "project \(p.name): \(set.count) labels from vendor \(d.vendor), source \(d.source), sha256 \(d.sha256)",
                on: c)
            return .imported(delivery: deliveryID, labels: set.count)
        }
    }

    /// Records the two objects of each item of `set` that has comparisons (`item_pair`), and throws
    /// `StoreError.invalidValue` when an item was shown with another pair before. The caller holds
    /// the project's lock.
    /// - Complexity: O(items of the delivery).
    func recordPairs(_ set: PairwiseSet, itemIDs: [Int64], objectIDs: [Int64], on c: PostgresConnection)
        async throws
    {
        var position: [Int64: Int] = [:]
        var items: [Int64] = []
        var first: [Int64] = []
        var second: [Int64] = []
        for i in 0..<set.itemCount where !set.index.labels(ofItem: i).isEmpty {
            let pair = ItemPair.pair(set, item: i, objectIDs: objectIDs)
            position[itemIDs[i]] = i
            items.append(itemIDs[i])
            first.append(pair.0)
            second.append(pair.1)
        }
        var stored: [Int64: (Int64, Int64)] = [:]
        for try await (item, a, b) in try await c.query(
            "SELECT item_id, first_object, second_object FROM item_pair WHERE item_id = ANY(\(items)::bigint[])",
            logger: logger
        ).decode((Int64, Int64, Int64).self) {
            stored[item] = (a, b)
        }
        var new: [Int] = []
        for (k, id) in items.enumerated() {
            guard let pair = stored[id] else {
                new.append(k)
                continue
            }
            if pair != (first[k], second[k]) {
                var names: [String] = []
                for try await name in try await c.query(
                    "SELECT external_id FROM object WHERE id IN (\(pair.0), \(pair.1)) ORDER BY id",
                    logger: logger
                ).decode(String.self) {
                    names.append(name)
                }
                throw ItemPair.conflict(set, item: position[id]!, stored: names)
            }
        }
        guard !new.isEmpty else { return }
        try await c.query(
            """
            INSERT INTO item_pair (item_id, first_object, second_object)
            SELECT * FROM unnest(\(new.map { items[$0] })::bigint[], \(new.map { first[$0] })::bigint[],
                \(new.map { second[$0] })::bigint[])
            """, logger: logger)
    }

    /// The id of vendor `name` in the project, created when new.
    func vendor(_ name: String, project: Int64, on c: PostgresConnection) async throws -> Int64 {
        try await c.query(
            "INSERT INTO vendor (project_id, name) VALUES (\(project), \(name)) ON CONFLICT DO NOTHING",
            logger: logger)
        for try await id in try await c.query(
            "SELECT id FROM vendor WHERE project_id = \(project) AND name = \(name)", logger: logger
        ).decode(Int64.self) {
            return id
        }
        throw StoreError.inconsistent("vendor \(name) vanished while being created")
    }

    /// Store ids of `names` (distinct) in `table` under `owner`, creating the missing ones (in byte
    /// order, with ids from `id_allocator`) by COPY. The caller holds the project's lock.
    /// - Complexity: O(names) plus an index probe per name when the owner has rows already.
    func resolve(_ names: [String], table: String, owner: String, ownerID: Int64, on c: PostgresConnection)
        async throws -> [Int64]
    {
        var ids = [Int64](repeating: 0, count: names.count)
        guard !names.isEmpty else { return ids }
        var missing: [Int] = []
        var any = false
        for try await _ in try await c.query(
            "SELECT 1 FROM \(unescaped: table) WHERE \(unescaped: owner) = \(ownerID) LIMIT 1", logger: logger
        ).decode(Int.self) {
            any = true
        }
        if any {
            var position: [String: Int] = [:]
            position.reserveCapacity(names.count)
            for (j, name) in names.enumerated() { position[name] = j }
            var found = [Bool](repeating: false, count: names.count)
            for try await (id, name) in try await c.query(
                """
                SELECT id, external_id FROM \(unescaped: table)
                WHERE \(unescaped: owner) = \(ownerID) AND external_id = ANY(\(names)::text[])
                """, logger: logger
            ).decode((Int64, String).self) {
                if let j = position[name] {
                    ids[j] = id
                    found[j] = true
                }
            }
            missing = names.indices.filter { !found[$0] }
        } else {
            missing = Array(names.indices)
        }
        guard !missing.isEmpty else { return ids }
        // A block of ids, taken in its own short transaction (on another pooled connection) so
        // that concurrent imports into other projects never wait for this one's commit.
        var first: Int64 = 0
        for try await start in try await client.query(
            """
            UPDATE id_allocator SET next = next + \(missing.count) WHERE name = \(table)
            RETURNING next - \(missing.count)
            """, logger: logger
        ).decode(Int64.self) {
            first = start
        }
        guard first > 0 else { throw StoreError.inconsistent("no id allocator for \(table)") }
        missing = ByteOrder.sorted(missing, of: names)
        for (k, j) in missing.enumerated() { ids[j] = first + Int64(k) }
        try await c.copyFrom(table: table, columns: ["id", owner, "external_id"], logger: logger) { writer in
            var out = CopyText(writer)
            // Rows in byte order with ascending ids: both indexes grow at their right edge.
            for j in missing {
                out.int(ids[j])
                out.int(ownerID)
                out.text(names[j])
                try await out.endRow()
            }
            try await out.flush()
        }
        return ids
    }

    /// Like `resolve`, for names that may repeat.
    func resolveRepeated(
        _ names: [String], table: String, owner: String, ownerID: Int64, on c: PostgresConnection
    ) async throws -> [Int64] {
        var position: [String: Int] = [:]
        var distinct: [String] = []
        for name in names where position[name] == nil {
            position[name] = distinct.count
            distinct.append(name)
        }
        let ids = try await resolve(distinct, table: table, owner: owner, ownerID: ownerID, on: c)
        return names.map { ids[position[$0]!] }
    }
}
