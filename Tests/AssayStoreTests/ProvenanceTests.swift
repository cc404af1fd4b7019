// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// Which delivery each label came from (the dashboard's per-delivery figures) and item payloads
/// (the labelling queue), on every backend.
@Suite struct ProvenanceTests {
    /// Small deliveries whose labels can be told apart only by their delivery: the same annotator
    /// gives item i1 two different classes in two deliveries, and one annotator id is used by two
    /// vendors.
    @Test(arguments: Backend.allCases)
    func eachLabelNamesItsDelivery(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        let deliveries: [(vendor: String, rows: [(String, String, String)])] = [
            ("V", [("i2", "w1", "a"), ("i1", "w1", "b"), ("i3", "w2", "a")]),
            ("V", [("i1", "w1", "a"), ("i2", "w3", "b")]),
            ("W", [("i1", "w1", "b"), ("i4", "x1", "a")]),
        ]
        var expected: [String: Int32] = [:]
        for (j, d) in deliveries.enumerated() {
            _ = try await store.importDelivery(
                DeliveryImport(
                    vendor: d.vendor, source: "d\(j)", sha256: "h\(j)", costPerLabel: nil,
                    labels: labels(d.rows, classes: ["a", "b"])), into: p)
            for r in d.rows { expected["\(r.0)/\(d.vendor)/\(r.1)/\(r.2)"] = Int32(j) }
        }
        let set = try await store.labelSet(of: p)
        let column = try await store.labelDeliveries(of: p)
        #expect(column.count == set.count)
        for l in 0..<set.count {
            let a = Int(set.annotator[l])
            let key =
                "\(set.itemIDs[Int(set.item[l])])/\(set.vendorIDs[Int(set.annotatorVendor[a])])/"
                + "\(set.annotatorIDs[a])/\(set.classes[Int(set.value[l])])"
            #expect(column[l] == expected[key], "label \(l) \(key)")
        }
        #expect(try await store.deliveries(of: p).map(\.source) == ["d0", "d1", "d2"])
    }

    /// Enough labels for the set's two-part sort (≥ 2^16), items in shuffled order and repeated
    /// across deliveries; each label's class is its delivery's number, so the column must equal the
    /// value column. Once without per-label extras (the packed sort) and once with costs (the sort
    /// that keeps the row order).
    @Test(arguments: Backend.allCases, [false, true])
    func largeDeliveriesStayAligned(backend: Backend, withCost: Bool) async throws {
        let store = try await backend.make()
        let classes = ["d0", "d1", "d2"]
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: classes))
        var rng = SeededGenerator(seed: 3)
        for d in 0..<3 {
            let n = 25_000
            var item: [Int32] = []
            var annotator: [Int32] = []
            for _ in 0..<n {
                item.append(Int32(rng.next() % 9_000))
                annotator.append(Int32(rng.next() % 40))
            }
            let set = LabelSet(
                itemIDs: (0..<9_000).map { "item\($0)" }, annotatorIDs: (0..<40).map { "w\($0)" },
                annotatorVendor: [Int32](repeating: 0, count: 40), vendorIDs: ["V"], classes: classes,
                item: item, annotator: annotator, value: [Int32](repeating: Int32(d), count: n),
                extras: LabelExtras(cost: withCost ? (0..<n).map { Double($0) } : []))
            var delivery = DeliveryImport(
                vendor: "V", source: "d\(d)", sha256: "h\(d)", costPerLabel: nil, labels: set)
            delivery.allowDuplicateRows = true
            _ = try await store.importDelivery(delivery, into: p)
        }
        let set = try await store.labelSet(of: p)
        let column = try await store.labelDeliveries(of: p)
        #expect(set.count == 75_000)
        #expect(column == set.value)
    }

    /// Rating and text projects (typed chunks): each label's value is its delivery's number, items
    /// repeat across deliveries in another order, so the column must equal the values read back by
    /// `labels(of:)`.
    @Test(arguments: Backend.allCases)
    func typedLabelsNameTheirDelivery(backend: Backend) async throws {
        let store = try await backend.make()
        let scale = try RatingScale(minimum: 0, maximum: 10, step: 1, level: .interval)
        let r = try await store.createProject(NewProject(name: "r", type: .rating(scale: scale)))
        let t = try await store.createProject(NewProject(name: "t", type: .text))
        let rows: [[(String, String)]] = [
            [("i3", "w1"), ("i1", "w1"), ("i2", "w2")],
            [("i1", "w2"), ("i3", "w3")],
            [("i2", "w1"), ("i1", "w3"), ("i4", "w1")],
        ]
        for (d, part) in rows.enumerated() {
            _ = try await store.importDelivery(
                DeliveryImport(
                    vendor: "V", source: "r\(d)", sha256: "r\(d)", costPerLabel: nil,
                    labels: .rating(ratings(part.map { ($0.0, $0.1, Double(d)) }, scale: scale))), into: r)
            _ = try await store.importDelivery(
                DeliveryImport(
                    vendor: "V", source: "t\(d)", sha256: "t\(d)", costPerLabel: nil,
                    labels: .text(texts(part.map { ($0.0, $0.1, "answer \(d)") }))), into: t)
        }
        guard case .rating(let ratingsBack) = try await store.labels(of: r),
            case .text(let textsBack) = try await store.labels(of: t)
        else {
            Issue.record("not the projects' types")
            return
        }
        #expect(ratingsBack.value.count == 8 && textsBack.answers.count == 8)
        #expect(try await store.labelDeliveries(of: r) == ratingsBack.value.map { Int32($0) })
        #expect(try await store.labelDeliveries(of: t) == textsBack.answers.map { Int32(String($0.last!))! })
    }

    @Test(arguments: Backend.allCases)
    func payloadsOfItems(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        try await store.setPayloads([("x1", #"{"text":"hello"}"#), ("x2", #"{"text":"<b>bye</b>"}"#)], in: p)
        _ = try await store.importDelivery(
            DeliveryImport(
                vendor: "V", source: "d", sha256: "h", costPerLabel: nil,
                labels: labels([("x3", "w", "a")], classes: ["a", "b"])), into: p)
        let found = try await store.payloads(of: ["x1", "x2", "x3", "nope", "x1"], in: p)
        #expect(Set(found.keys) == ["x1", "x2"])
        let x2 = try JSONSerialization.jsonObject(with: Data(found["x2"]!.utf8)) as? [String: String]
        #expect(x2 == ["text": "<b>bye</b>"])
    }
}
