// Assay — quality control for human-labelled training data.

import AssayCore
import AssaySQLite
import AssayStore
import AssayTestSupport
import Foundation
import GRDB
import Testing

/// The bytes of stored label chunks, as `LabelChunk` documents them: categorical chunks as they
/// were before there were types (every typed column NULL), and the columns of the other types.
@Suite struct LabelChunkLayoutTests {
    /// Little-endian bytes of `values`.
    static func bytes<T>(_ values: [T]) -> Data { values.withUnsafeBytes { Data($0) } }

    /// The chunk columns of the store's only chunk, by name (nil for NULL).
    static func chunk(_ path: String) throws -> [String: Data?] {
        let queue = try DatabaseQueue(path: path)
        let row = try #require(
            try queue.read { db in
                try Row.fetchOne(db, sql: "SELECT rows, \(LabelChunk.Column.list) FROM label_chunk")
            })
        var out: [String: Data?] = [:]
        for c in LabelChunk.Column.allCases { out[c.name] = row[c.name] as Data? }
        return out
    }

    @Test func chunksHoldTheDocumentedBytes() async throws {
        let path = try Backend.sqlite.makeLocation()
        let store = try SQLiteStore(path: path)
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b", "c"]))
        // First seen: i2, then i1; the set's classes in another order than the project's.
        let set = labels(
            [("i2", "w1", "c"), ("i1", "w2", "a"), ("i1", "w1", "b")], classes: ["c", "b", "a"])
        _ = try await store.importDelivery(
            DeliveryImport(vendor: "V", source: "d", sha256: "d", costPerLabel: nil, labels: set), into: p)
        // New items and annotators get store ids in byte order (i1 = 1, i2 = 2; w1 = 1, w2 = 2); the
        // labels keep the set's order (sorted by the set's items: i2 first).
        var c = try Self.chunk(path)
        #expect(c["item"] == Self.bytes([2, 1, 1] as [Int32]))
        #expect(c["annotator"] == Self.bytes([1, 2, 1] as [Int32]))
        #expect(c["value"] == Self.bytes([2, 0, 1] as [Int32]))
        for name in ["created_at", "duration", "cost"] + LabelChunk.Column.typed.map(\.name) {
            #expect(c[name]! == nil, "\(name)")
        }

        let ratingPath = try Backend.sqlite.makeLocation()
        let ratingStore = try SQLiteStore(path: ratingPath)
        let r = try await ratingStore.createProject(
            NewProject(name: "r", type: .rating(scale: try RatingScale(minimum: 0, maximum: 10))))
        _ = try await ratingStore.importDelivery(
            DeliveryImport(
                vendor: "V", source: "r", sha256: "r", costPerLabel: nil,
                labels: .rating(ratings([("i1", "w1", 2.5), ("i1", "w2", 10)], scale: r.scale!))), into: r)
        c = try Self.chunk(ratingPath)
        #expect(c["value"] == Data() && c["number"] == Self.bytes([2.5, 10.0]))
        #expect(c["left_object"]! == nil && c["words"]! == nil && c["text"]! == nil)

        let pairPath = try Backend.sqlite.makeLocation()
        let pairStore = try SQLiteStore(path: pairPath)
        let q = try await pairStore.createProject(NewProject(name: "q", type: .pairwise))
        let pairs = try PairwiseSet(
            rows: [
                .init(item: "q1", annotator: "w1", left: "b", right: "a", outcome: .tie, strength: 0.25),
                .init(
                    item: "q1", annotator: "w2", left: "a", right: "b", outcome: .right, positionUnknown: true
                ),
            ], positionsKnown: true)
        _ = try await pairStore.importDelivery(
            DeliveryImport(
                vendor: "V", source: "q", sha256: "q", costPerLabel: nil, labels: .pairwise(pairs)), into: q)
        c = try Self.chunk(pairPath)
        // Objects a = 1, b = 2; outcomes as shown; strength NaN where none; flag 2 = position unknown.
        #expect(
            c["left_object"] == Self.bytes([2, 1] as [Int32])
                && c["right_object"] == Self.bytes([1, 2] as [Int32]))
        #expect(c["value"] == Self.bytes([2, 1] as [Int32]) && c["flags"] == Data([0, 2]))
        let strength = try #require(c["number"] ?? nil)
        #expect(strength.count == 16 && strength.prefix(8) == Self.bytes([0.25]))

        let textPath = try Backend.sqlite.makeLocation()
        let textStore = try SQLiteStore(path: textPath)
        let t = try await textStore.createProject(NewProject(name: "t", type: .text))
        _ = try await textStore.importDelivery(
            DeliveryImport(
                vendor: "V", source: "t", sha256: "t", costPerLabel: nil,
                labels: .text(texts([("i1", "w1", "é"), ("i1", "w2", ""), ("i1", "w3", "ab")]))), into: t)
        c = try Self.chunk(textPath)
        #expect(c["text"] == Data("éab".utf8) && c["text_end"] == Self.bytes([2, 2, 4] as [Int32]))

        let tagPath = try Backend.sqlite.makeLocation()
        let tagStore = try SQLiteStore(path: tagPath)
        let m = try await tagStore.createProject(
            NewProject(name: "m", type: .multilabel(classes: ["x", "y", "z"])))
        _ = try await tagStore.importDelivery(
            DeliveryImport(
                vendor: "V", source: "m", sha256: "m", costPerLabel: nil,
                labels: .multilabel(
                    multilabels([("i1", "w1", ["z", "x"]), ("i1", "w2", [])], classes: ["z", "x"]))),
            into: m)
        c = try Self.chunk(tagPath)
        #expect(c["words"] == Self.bytes([0b101, 0] as [UInt64]) && c["value"] == Data())
    }
}
