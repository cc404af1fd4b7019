// Assay — quality control for human-labelled training data.

import AssayStore
import AssayTestSupport
import Foundation
import GRDB
import Testing

@testable import AssaySQLite

/// A file written by the v2 schema (one row per label) opens under v3 with its labels moved into
/// chunks, the same labels in the same order.
@Test func version2FilesAreMigratedToLabelChunks() async throws {
    let path = Scratch.file("assay-v2").path + ".db"
    let queue = try DatabaseQueue(path: path)
    try SQLiteSchema.migrator.migrate(queue, upTo: "v2: outgoing batches and the gold each vendor was shown")
    try await queue.write { db in
        try db.execute(
            sql: """
                INSERT INTO project VALUES (1, 'old', 'categorical', '["a","b"]', '2026-01-01T00:00:00Z');
                INSERT INTO vendor VALUES (1, 1, 'V'), (2, 1, 'W');
                INSERT INTO annotator VALUES (1, 1, 'w1'), (2, 2, 'w1');
                INSERT INTO item (id, project_id, external_id) VALUES (1, 1, 'i1'), (2, 1, 'i2');
                INSERT INTO delivery VALUES (1, 1, 1, 'd1.csv', 'h1', 2, '2026-01-01T00:00:00Z', 0.2),
                    (2, 1, 2, 'd2.csv', 'h2', 1, '2026-01-02T00:00:00Z', NULL);
                INSERT INTO label VALUES (1, 2, 1, 1, 1700000000, NULL, 0.1), (1, 1, 1, 0, NULL, NULL, 0.1),
                    (2, 2, 2, 0, NULL, 3.5, NULL);
                """)
    }
    let store = try SQLiteStore(path: path)
    let p = try await store.project(named: "old")
    let set = try await store.labelSet(of: p)
    #expect(set.itemIDs == ["i1", "i2"] && set.vendorIDs == ["V", "W"])
    // Sorted by item: i1 (V's w1: a), then i2 (V's w1: b, W's w1: a).
    #expect(set.item == [0, 1, 1] && set.annotator == [0, 0, 1] && set.value == [0, 1, 0])
    #expect(set.extras.createdAt[1] == 1_700_000_000 && set.extras.createdAt[0].isNaN)
    #expect(set.extras.durationSeconds[2] == 3.5 && set.extras.durationSeconds[0].isNaN)
    #expect(set.extras.cost[0] == 0.1 && set.extras.cost[2].isNaN)
    #expect(try await store.integrityProblems().isEmpty)
    let tables = try await queue.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    #expect(!tables.contains("label") && tables.contains("label_chunk"))
}
