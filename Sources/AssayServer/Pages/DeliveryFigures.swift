// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import AssayStore
import Foundation

/// Each delivery's figures, for a vendor's page: its volume, cost, and its accuracy on gold and
/// estimated, each with a 95% interval, computed by Core's `VendorReport` on the delivery's own
/// labels under the project's one inference (the same posteriors as the scorecard's). A delivery's
/// labels come from `Store.labelDeliveries`. (Belongs in the report model as a delivery report
/// when the lead moves it there.)
struct DeliveryFigures: Sendable {
    /// One delivery.
    struct Row: Sendable {
        /// The stored delivery.
        var delivery: DeliveryRecord
        /// Items in it.
        var items: Int
        /// Labels on gold items, and the gold items.
        var goldLabels: Int
        var goldItems: Int
        /// Accuracy on gold, when it holds gold labels.
        var goldAccuracy: Figure?
        /// Accuracy estimated from the consensus.
        var estimatedAccuracy: Figure
        /// Krippendorff's α among its labels.
        var alpha: Double?
        /// Median seconds a label.
        var medianSeconds: Double?
    }

    /// Every delivery of the project with labels, oldest first.
    var rows: [Row]

    /// The rows of one vendor.
    func rows(of vendor: String) -> [Row] { rows.filter { $0.delivery.vendor == vendor } }

    /// Splits `set` by delivery and scores each part (of `vendor`'s deliveries only, when given):
    /// one `VendorReport` per delivery on its own items (200 bootstrap replicates over them, seed 0).
    /// - Complexity: O(labels + Σ over the deliveries scored of bootstrap × its items).
    static func build(
        _ inf: ProjectInference, column: [Int32], deliveries: [DeliveryRecord], vendor: String? = nil,
        bootstrap: Int = 200
    ) -> DeliveryFigures {
        let set = inf.set
        let k = set.classCount
        precondition(column.count == set.count, "one delivery per label")
        var labelsOf = [[Int32]](repeating: [], count: deliveries.count)
        for l in 0..<set.count where column[l] >= 0 { labelsOf[Int(column[l])].append(Int32(l)) }
        var compact = [Int32](repeating: -1, count: set.itemCount)
        var rows: [Row] = []
        for (d, record) in deliveries.enumerated()
        where !labelsOf[d].isEmpty && (vendor == nil || record.vendor == vendor) {
            // The delivery's items, renumbered 0..<n in item order.
            var items: [Int32] = []
            for l in labelsOf[d] {
                let i = set.item[Int(l)]
                if compact[Int(i)] < 0 {
                    compact[Int(i)] = Int32(items.count)
                    items.append(i)
                }
            }
            let mine = labelsOf[d].map(Int.init)
            func column(_ c: [Double]) -> [Double] { c.isEmpty ? [] : mine.map { c[$0] } }
            let part = LabelSet(
                itemIDs: items.map { set.itemIDs[Int($0)] }, annotatorIDs: set.annotatorIDs,
                annotatorVendor: set.annotatorVendor, vendorIDs: set.vendorIDs, classes: set.classes,
                item: mine.map { compact[Int(set.item[$0])] }, annotator: mine.map { set.annotator[$0] },
                value: mine.map { set.value[$0] },
                extras: LabelExtras(
                    createdAt: column(set.extras.createdAt),
                    durationSeconds: column(set.extras.durationSeconds),
                    cost: column(set.extras.cost)))
            var result = inf.result
            result.posteriors = items.flatMap { inf.result.posteriors[(Int($0) * k)..<(Int($0) * k + k)] }
            result.labels = items.map { inf.result.labels[Int($0)] }
            let gold = inf.gold.map { g in GoldAnswers(answer: items.map { g.answer[Int($0)] }) }
            for i in items { compact[Int(i)] = -1 }
            let cards = AnnotatorScorecard.all(part, result: result, gold: gold)
            let (vendors, _) = VendorReport.build(
                part, result: result, annotatorCards: cards, gold: gold, bootstrap: bootstrap, seed: 0)
            guard let v = vendors.first else { continue }
            rows.append(
                Row(
                    delivery: record, items: v.items, goldLabels: v.goldLabels, goldItems: v.goldItems,
                    goldAccuracy: v.goldAccuracy.map(Figure.init),
                    estimatedAccuracy: Figure(v.estimatedAccuracy),
                    alpha: v.alpha, medianSeconds: v.medianSeconds))
        }
        return DeliveryFigures(rows: rows)
    }
}

extension AssayServer {
    /// The per-delivery figures of one vendor's deliveries, cached until the project's next delivery
    /// or gold change (one vendor at a time: a vendor page waits for its own deliveries only).
    func deliveryFigures(_ p: ProjectRecord, vendor: String) async throws -> DeliveryFigures {
        try await cache.value(project: p.id, kind: "deliveries of " + vendor) { [store] in
            let (inf, _) = try await self.inference(p)
            let column = try await store.labelDeliveries(of: p)
            let deliveries = try await store.deliveries(of: p)
            guard column.count == inf.set.count else {
                throw Problem(.conflict, "project \(p.name) changed while it was read; reload the page")
            }
            return DeliveryFigures.build(inf, column: column, deliveries: deliveries, vendor: vendor)
        }.0
    }
}
