// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// `labelDeliveries(of:)` on every backend: each label carries the delivery it came from, in
/// the order `labelSet(of:)` gives the labels, whatever the items the deliveries share.
@Suite struct StoreDeliveryTests {
    @Test(arguments: Backend.allCases)
    func everyLabelNamesItsDelivery(backend: Backend) async throws {
        let store = try await backend.make()
        let p = try await store.createProject(
            NewProject(name: "p", taskType: "categorical", classes: ["a", "b"]))
        // Three deliveries from two vendors over shared items, in an order that interleaves them:
        // item i2 is in all three, i1 in the first and the last.
        let rows: [[(String, String, String)]] = [
            [("i2", "w1", "a"), ("i1", "w1", "b"), ("i3", "w2", "a")],
            [("i2", "w9", "b"), ("i4", "w9", "b")],
            [("i1", "w1", "a"), ("i2", "w2", "a"), ("i5", "w1", "b")],
        ]
        for (d, r) in rows.enumerated() {
            _ = try await store.importDelivery(
                DeliveryImport(
                    vendor: d == 1 ? "Beta" : "Acme", source: "d\(d).csv", sha256: "h\(d)", costPerLabel: nil,
                    labels: labels(r, classes: ["a", "b"])), into: p)
        }
        let set = try await store.labelSet(of: p)
        let delivery = try await store.labelDeliveries(of: p)
        #expect(delivery.count == set.count)
        let records = try await store.deliveries(of: p)
        #expect(records.map(\.source) == ["d0.csv", "d1.csv", "d2.csv"])
        // Each (item, annotator, class) names exactly one delivery here.
        var expected: [String: Int] = [:]
        for (d, r) in rows.enumerated() { for (i, w, v) in r { expected["\(i)/\(w)/\(v)"] = d } }
        for l in 0..<set.count {
            let key =
                "\(set.itemIDs[Int(set.item[l])])/\(set.annotatorIDs[Int(set.annotator[l])])/\(set.classes[Int(set.value[l])])"
            #expect(Int(delivery[l]) == expected[key], "label \(key)")
        }
    }
}
