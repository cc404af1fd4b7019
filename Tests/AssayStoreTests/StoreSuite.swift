// Assay — quality control for human-labelled training data.

import AssayCore
import AssaySQLite
import AssayStore
import Foundation
import Testing

/// The backends every store test runs against. PostgreSQL joins this list with its implementation.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, empty store.
    func make() throws -> any Store {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "assay-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return try SQLiteStore(path: dir.appendingPathComponent("assay.db").path)
        }
    }
}

/// A small label set with string ids; `rows` are (item, annotator, class name).
func labels(_ rows: [(String, String, String)], classes: [String], cost: Double? = nil) -> LabelSet {
    var items: [String] = []
    var people: [String] = []
    func index(_ s: String, _ table: inout [String]) -> Int32 {
        if let i = table.firstIndex(of: s) { return Int32(i) }
        table.append(s)
        return Int32(table.count - 1)
    }
    var item: [Int32] = []
    var annotator: [Int32] = []
    for r in rows {
        item.append(index(r.0, &items))
        annotator.append(index(r.1, &people))
    }
    return LabelSet(
        itemIDs: items, annotatorIDs: people, annotatorVendor: [Int32](repeating: 0, count: people.count),
        vendorIDs: [""], classes: classes, item: item, annotator: annotator,
        value: rows.map { Int32(classes.firstIndex(of: $0.2)!) },
        extras: LabelExtras(cost: cost.map { c in rows.map { _ in c } } ?? []))
}

@Suite struct StoreSuite {
    @Test(arguments: Backend.allCases)
    func projectsAreCreatedListedAndUnique(backend: Backend) throws {
        let store = try backend.make()
        let p = try store.createProject(
            NewProject(name: "toxicity", taskType: "categorical", classes: ["ok", "toxic"]))
        #expect(try store.projects().map(\.name) == ["toxicity"])
        #expect(try store.project(named: "toxicity") == p)
        #expect(throws: StoreError.projectExists("toxicity")) {
            try store.createProject(
                NewProject(name: "toxicity", taskType: "categorical", classes: ["a", "b"]))
        }
        #expect(throws: StoreError.unknownProject("nope", known: ["toxicity"])) {
            try store.project(named: "nope")
        }
        #expect(throws: (any Error).self) {
            try store.createProject(NewProject(name: "x", taskType: "categorical", classes: ["a"]))
        }
    }

    @Test(arguments: Backend.allCases)
    func importsRoundTripAndAreIdempotent(backend: Backend) throws {
        let store = try backend.make()
        let p = try store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b", "c"]))
        // The set's class order differs from the project's: values are mapped by name.
        let first = labels(
            [("i1", "w1", "b"), ("i1", "w2", "b"), ("i2", "w1", "a")], classes: ["b", "a"], cost: 0.1)
        let outcome = try store.importDelivery(
            DeliveryImport(vendor: "Acme", source: "d1.csv", sha256: "h1", costPerLabel: nil, labels: first),
            into: p)
        guard case .imported(_, let n) = outcome else {
            Issue.record("expected an import, got \(outcome)")
            return
        }
        #expect(n == 3)
        let again = try store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "copy.csv", sha256: "h1", costPerLabel: nil, labels: first), into: p)
        guard case .duplicate(let existing) = again else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(existing.source == "d1.csv")
        // Same worker id under another vendor is another annotator; item i2 is shared.
        let second = labels([("i2", "w1", "c"), ("i3", "w1", "a")], classes: ["a", "c"])
        _ = try store.importDelivery(
            DeliveryImport(
                vendor: "Beta", source: "d2.csv", sha256: "h2", costPerLabel: 0.05, labels: second), into: p)
        #expect(
            try store.counts(of: p)
                == ProjectCounts(items: 3, labels: 5, annotators: 3, vendors: 2, deliveries: 2, gold: 0))
        let set = try store.labelSet(of: p)
        #expect(set.classes == ["a", "b", "c"])
        #expect(set.itemIDs == ["i1", "i2", "i3"])
        #expect(set.vendorIDs == ["Acme", "Beta"])
        #expect(set.count == 5)
        // Item i2: Acme's w1 said a, Beta's w1 said c.
        let i2 = set.labels(ofItem: 1).map {
            (set.vendorIDs[Int(set.annotatorVendor[Int(set.annotator[$0])])], set.classes[Int(set.value[$0])])
        }
        #expect(i2.map(\.0) == ["Acme", "Beta"] && i2.map(\.1) == ["a", "c"])
        let totalCost: Double = set.extras.cost.reduce(0.0) { $0 + ($1.isNaN ? 0 : $1) }
        #expect(abs(totalCost - 0.4) < 1e-12)  // 3 × 0.1 from the rows, 2 × 0.05 stated per label
        let deliveryCosts = try store.deliveries(of: p).map { $0.cost ?? .nan }
        #expect(abs(deliveryCosts[0] - 0.3) < 1e-12 && abs(deliveryCosts[1] - 0.1) < 1e-12)
        #expect(
            try store.auditLog().map(\.action) == ["project.create", "delivery.import", "delivery.import"])
    }

    @Test(arguments: Backend.allCases)
    func unknownClassWritesNothing(backend: Backend) throws {
        let store = try backend.make()
        let p = try store.createProject(NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        let bad = labels([("i1", "w1", "a"), ("i2", "w1", "z")], classes: ["a", "z"])
        #expect(throws: StoreError.unknownClass("z", classes: ["a", "b"])) {
            try store.importDelivery(
                DeliveryImport(vendor: "V", source: "bad.csv", sha256: "h", costPerLabel: nil, labels: bad),
                into: p)
        }
        #expect(
            try store.counts(of: p)
                == ProjectCounts(items: 0, labels: 0, annotators: 0, vendors: 0, deliveries: 0, gold: 0))
    }

    @Test(arguments: Backend.allCases)
    func goldIsStoredByClassName(backend: Backend) throws {
        let store = try backend.make()
        let p = try store.createProject(NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        #expect(try store.addGold([("i9", "b"), ("i1", "a")], source: "gold.csv", to: p) == 2)
        #expect(try store.addGold([("i9", "a")], source: "fix.csv", to: p) == 1)  // replaces
        let gold = try store.goldAnswers(of: p)
        #expect(gold.map(\.item) == ["i9", "i1"] && gold.map(\.answer) == ["a", "a"])
        #expect(try store.counts(of: p).gold == 2)
        #expect(throws: StoreError.unknownClass("c", classes: ["a", "b"])) {
            try store.addGold([("i2", "c")], source: "x", to: p)
        }
    }

    @Test(arguments: Backend.allCases)
    func batchesRecordGoldExposurePerVendor(backend: Backend) throws {
        let store = try backend.make()
        let p = try store.createProject(NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        _ = try store.addGold([("g1", "a"), ("g2", "b"), ("g3", "a")], source: "gold.csv", to: p)
        try store.setPayloads([("g1", #"{"text":"hello"}"#)], in: p)
        _ = try store.recordBatch(name: "b1", vendor: "V", items: 10, gold: ["g1", "g2"], in: p)
        _ = try store.recordBatch(name: "b2", vendor: "V", items: 10, gold: ["g1"], in: p)
        _ = try store.recordBatch(name: "b3", vendor: "W", items: 10, gold: ["g3"], in: p)
        let v = try store.goldExposure(of: p, vendor: "V")
        #expect(v.map(\.item) == ["g1", "g2", "g3"])
        #expect(v.map(\.shown) == [2, 1, 0])
        #expect(v[0].payload == #"{"text":"hello"}"# && v[1].payload == nil)
        #expect(try store.goldExposure(of: p, vendor: "W").map(\.shown) == [0, 0, 1])
        #expect(try store.auditLog().filter { $0.action == "batch.make" }.count == 3)
    }
}
