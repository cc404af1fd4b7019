// Assay — quality control for human-labelled training data.

import AssayCore
import AssayPostgres
import AssaySQLite
import AssayStore
import AssayTestSupport
import Foundation
import Testing

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
    func projectsAreCreatedListedAndUnique(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "toxicity", taskType: "categorical", classes: ["ok", "toxic"]))
        #expect(try await store.projects().map(\.name) == ["toxicity"])
        #expect(try await store.project(named: "toxicity") == p)
        await #expect(throws: StoreError.projectExists("toxicity")) {
            try await store.createProject(
                NewProject(name: "toxicity", taskType: "categorical", classes: ["a", "b"]))
        }
        await #expect(throws: StoreError.unknownProject("nope", known: ["toxicity"])) {
            try await store.project(named: "nope")
        }
        await #expect(throws: (any Error).self) {
            try await store.createProject(NewProject(name: "x", taskType: "categorical", classes: ["a"]))
        }
    }

    @Test(arguments: Backend.allCases)
    func importsRoundTripAndAreIdempotent(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b", "c"]))
        // The set's class order differs from the project's: values are mapped by name.
        let first = labels(
            [("i1", "w1", "b"), ("i1", "w2", "b"), ("i2", "w1", "a")], classes: ["b", "a"], cost: 0.1)
        let outcome = try await store.importDelivery(
            DeliveryImport(vendor: "Acme", source: "d1.csv", sha256: "h1", costPerLabel: nil, labels: first),
            into: p)
        guard case .imported(_, let n) = outcome else {
            Issue.record("expected an import, got \(outcome)")
            return
        }
        #expect(n == 3)
        let again = try await store.importDelivery(
            DeliveryImport(
                vendor: "Acme", source: "copy.csv", sha256: "h1", costPerLabel: nil, labels: first), into: p)
        guard case .duplicate(let existing) = again else {
            Issue.record("expected a duplicate")
            return
        }
        #expect(existing.source == "d1.csv")
        // Same worker id under another vendor is another annotator; item i2 is shared.
        let second = labels([("i2", "w1", "c"), ("i3", "w1", "a")], classes: ["a", "c"])
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "Beta", source: "d2.csv", sha256: "h2", costPerLabel: 0.05, labels: second), into: p)
        #expect(
            try await store.counts(of: p)
                == ProjectCounts(items: 3, labels: 5, annotators: 3, vendors: 2, deliveries: 2, gold: 0))
        let set = try await store.labelSet(of: p)
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
        let deliveryCosts = try await store.deliveries(of: p).map { $0.cost ?? .nan }
        #expect(abs(deliveryCosts[0] - 0.3) < 1e-12 && abs(deliveryCosts[1] - 0.1) < 1e-12)
        // A delivery found by its name is the vendor's own: Beta never sent d1.csv.
        #expect(try await store.delivery(named: "d1.csv", vendor: "Acme", in: p)?.sha256 == "h1")
        #expect(try await store.delivery(named: "d2.csv", vendor: "Beta", in: p)?.sha256 == "h2")
        #expect(try await store.delivery(named: "d1.csv", vendor: "Beta", in: p) == nil)
        #expect(try await store.delivery(named: "copy.csv", vendor: "Acme", in: p) == nil)
        #expect(
            try await store.auditLog().map(\.action) == [
                "project.create", "delivery.import", "delivery.import",
            ])
    }

    @Test(arguments: Backend.allCases)
    func unknownClassWritesNothing(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        let bad = labels([("i1", "w1", "a"), ("i2", "w1", "z")], classes: ["a", "z"])
        await #expect(throws: StoreError.unknownClass("z", classes: ["a", "b"])) {
            try await store.importDelivery(
                DeliveryImport(vendor: "V", source: "bad.csv", sha256: "h", costPerLabel: nil, labels: bad),
                into: p)
        }
        #expect(
            try await store.counts(of: p)
                == ProjectCounts(items: 0, labels: 0, annotators: 0, vendors: 0, deliveries: 0, gold: 0))
    }

    @Test(arguments: Backend.allCases)
    func goldIsStoredByClassName(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        #expect(try await store.addGold([("i9", "b"), ("i1", "a")], source: "gold.csv", to: p) == 2)
        #expect(try await store.addGold([("i9", "a")], source: "fix.csv", to: p) == 1)  // replaces
        // New items of one write get ids in byte order of their names: i1 before i9.
        let gold = try await store.goldAnswers(of: p)
        #expect(gold.map(\.item) == ["i1", "i9"] && gold.map(\.answer) == ["a", "a"])
        #expect(try await store.counts(of: p).gold == 2)
        await #expect(throws: StoreError.unknownClass("c", classes: ["a", "b"])) {
            try await store.addGold([("i2", "c")], source: "x", to: p)
        }
    }

    @Test(arguments: Backend.allCases)
    func batchesRecordGoldExposurePerVendor(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        _ = try await store.addGold([("g1", "a"), ("g2", "b"), ("g3", "a")], source: "gold.csv", to: p)
        try await store.setPayloads([("g1", #"{"text":"hello"}"#)], in: p)
        let b1 = try await store.recordBatch(
            name: "b1", vendor: "V", items: 10, gold: ["g1", "g2"],
            rows: #"{"columns":["task"],"rows":[["g1"]]}"#,
            in: p)
        _ = try await store.recordBatch(name: "b2", vendor: "V", items: 10, gold: ["g1"], rows: "{}", in: p)
        _ = try await store.recordBatch(name: "b3", vendor: "W", items: 10, gold: ["g3"], rows: "{}", in: p)
        #expect(try await store.batches(of: p, vendor: "V").map(\.name) == ["b1", "b2"])
        #expect(try await store.batches(of: p, vendor: nil).map(\.vendor) == ["V", "V", "W"])
        let (record, rows) = try #require(try await store.batch(id: b1, in: p))
        #expect(record.name == "b1" && record.vendor == "V" && record.items == 10)
        #expect(rows == #"{"columns":["task"],"rows":[["g1"]]}"#)
        #expect(try await store.batch(id: b1 + 100, in: p) == nil)
        let v = try await store.goldExposure(of: p, vendor: "V")
        #expect(v.map(\.item) == ["g1", "g2", "g3"])
        #expect(v.map(\.shown) == [2, 1, 0])
        #expect(v[0].payload == #"{"text":"hello"}"# && v[1].payload == nil)
        #expect(try await store.goldExposure(of: p, vendor: "W").map(\.shown) == [0, 0, 1])
        #expect(try await store.auditLog().filter { $0.action == "batch.make" }.count == 3)
    }

    /// A delivery larger than one SQLite label chunk, with optional columns present in parts only,
    /// comes back label for label; a second delivery reuses the first one's items.
    @Test(arguments: Backend.allCases)
    func largeDeliveriesRoundTripLabelForLabel(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "big", taskType: "categorical", classes: ["x", "y", "z"]))
        let n = 300_000
        let items = (0..<n / 3).map { "item-\($0)\t\\\n" }  // tab, backslash and newline survive
        let people = (0..<40).map { "w\($0)" }
        var created = [Double](repeating: .nan, count: n)
        var duration = [Double](repeating: .nan, count: n)
        for l in stride(from: 0, to: n, by: 7) { created[l] = 1.7e9 + Double(l) }
        for l in n / 2..<n { duration[l] = Double(l % 97) / 8 }
        let set = LabelSet(
            itemIDs: items, annotatorIDs: people, annotatorVendor: [Int32](repeating: 0, count: people.count),
            vendorIDs: ["V"], classes: ["z", "x", "y"], item: (0..<n).map { Int32($0 / 3) },
            annotator: (0..<n).map { Int32(($0 * 13) % 40) }, value: (0..<n).map { Int32(($0 * 7) % 3) },
            extras: LabelExtras(createdAt: created, durationSeconds: duration))
        _ = try await store.importDelivery(
            DeliveryImport(vendor: "V", source: "big.csv", sha256: "b1", costPerLabel: 0.02, labels: set),
            into: p)
        let back = try await store.labelSet(of: p)
        #expect(back.count == n && Set(back.itemIDs) == Set(items) && Set(back.annotatorIDs) == Set(people))
        // Items get store ids in byte order of their names; compare label by label through the names.
        // Each (item, annotator) pair occurs once, so it identifies a label.
        struct Label: Hashable {
            var item: String
            var annotator: String
            var value: String
            var created: Double?
            var duration: Double?
        }
        func labelsByName(_ s: LabelSet) -> Set<Label> {
            Set(
                (0..<s.count).map { l in
                    Label(
                        item: s.itemIDs[Int(s.item[l])], annotator: s.annotatorIDs[Int(s.annotator[l])],
                        value: s.classes[Int(s.value[l])],
                        created: s.extras.createdAt[l].isNaN ? nil : s.extras.createdAt[l],
                        duration: s.extras.durationSeconds[l].isNaN ? nil : s.extras.durationSeconds[l])
                })
        }
        #expect(labelsByName(back) == labelsByName(set))
        #expect(back.extras.cost.count == n && back.extras.cost.allSatisfy { $0 == 0.02 })
        let more = labels([("item-5\t\\\n", "w1", "x"), ("new", "w1", "y")], classes: ["x", "y"])
        _ = try await store.importDelivery(
            DeliveryImport(vendor: "V", source: "more.csv", sha256: "b2", costPerLabel: nil, labels: more),
            into: p)
        #expect(try await store.counts(of: p).items == n / 3 + 1)
        let all = try await store.labelSet(of: p)
        let item5 = try #require(all.itemIDs.firstIndex(of: "item-5\t\\\n"))
        #expect(all.count == n + 2 && all.labels(ofItem: item5).count == 4)
        let fresh = all.labels(ofItem: all.itemIDs.firstIndex(of: "new")!)
        #expect(
            all.extras.durationSeconds.count == n + 2 && all.extras.durationSeconds[fresh.lowerBound].isNaN)
        #expect(try await store.integrityProblems().isEmpty)
    }

    /// Twelve imports of new items into one project through one store at once (more than the
    /// PostgreSQL pool's connections): each finishes, every label stored once. Before `WriteSlots`,
    /// four of them took the whole pool and waited for ever.
    @Test(arguments: Backend.allCases)
    func manyConcurrentImportsIntoOneProjectFinish(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        // A deadlock shows as the deadline passing instead of a hang.
        let finished = try await withDeadline(seconds: 120) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for k in 0..<12 {
                    group.addTask {
                        let set = labels(
                            (0..<200).map { ("d\(k)-i\($0)", "w\($0 % 7)", $0 % 2 == 0 ? "a" : "b") },
                            classes: ["a", "b"])
                        _ = try await store.importDelivery(
                            DeliveryImport(
                                vendor: "V\(k % 3)", source: "d\(k)", sha256: "h\(k)", costPerLabel: nil,
                                labels: set),
                            into: p)
                    }
                }
                var done = 0
                for try await _ in group { done += 1 }
                return done
            }
        }
        // After a deadlock the pool has no connection left for the checks below: stop here.
        guard finished == 12 else {
            Issue.record(
                "the concurrent imports did not finish in 120 s (finished: \(String(describing: finished)))")
            return
        }
        #expect(
            try await store.counts(of: p)
                == ProjectCounts(
                    items: 2_400, labels: 2_400, annotators: 21, vendors: 3, deliveries: 12, gold: 0))
    }

    /// Two stores on the same location import deliveries that share items at the same time: every
    /// item gets one id, and both deliveries are whole.
    @Test(arguments: Backend.allCases)
    func concurrentImportsShareItems(backend: Backend) async throws {
        let location = try backend.makeLocation()
        let a = try await backend.open(location)
        let b = try await backend.open(location)
        let p = try await a.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        func delivery(_ worker: String) -> LabelSet {
            labels((0..<5_000).map { ("i\($0)", worker, $0 % 2 == 0 ? "a" : "b") }, classes: ["a", "b"])
        }
        async let first = a.importDelivery(
            DeliveryImport(vendor: "V", source: "1", sha256: "h1", costPerLabel: nil, labels: delivery("w1")),
            into: p)
        async let second = b.importDelivery(
            DeliveryImport(vendor: "W", source: "2", sha256: "h2", costPerLabel: nil, labels: delivery("w1")),
            into: p)
        _ = try await (first, second)
        #expect(
            try await a.counts(of: p)
                == ProjectCounts(
                    items: 5_000, labels: 10_000, annotators: 2, vendors: 2, deliveries: 2, gold: 0))
        let set = try await b.labelSet(of: p)
        #expect((0..<set.itemCount).allSatisfy { set.labels(ofItem: $0).count == 2 })
        #expect(try await a.integrityProblems().isEmpty)
        await a.close()
        await b.close()
    }
}
