// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore

/// How far each vendor has seen the gold: per gold item, how many batches showed it to each vendor
/// (from the store) and how many labels each vendor gave it and how many of them equal the answer
/// (from the labels).
struct GoldCoverage: Sendable {
    /// One gold item.
    struct Item: Sendable {
        /// Item id.
        var item: String
        /// The gold answer.
        var answer: String
        /// Per vendor (in `vendors` order): batches that showed it.
        var shown: [Int]
        /// Per vendor: labels on it.
        var labels: [Int]
        /// Per vendor: labels equal to the answer.
        var right: [Int]
    }

    /// Vendors with labels (the label set's order), then any that only received batches.
    var vendors: [String]
    /// Gold items in the store's order.
    var items: [Item]

    /// Labels and right labels per gold item and vendor (in the set's vendor order).
    struct LabelCounts: Sendable {
        var vendors: [String]
        var labels: [String: [Int]]
        var right: [String: [Int]]
    }

    /// Counts the labels on gold items per vendor.
    /// - Complexity: O(items + labels of gold items).
    static func labelCounts(_ set: LabelSet, gold: [(item: String, answer: String)]) -> LabelCounts {
        let vendors = set.vendorIDs
        var wanted: [String: String] = [:]
        for g in gold { wanted[g.item] = g.answer }
        var labels: [String: [Int]] = [:]
        var right: [String: [Int]] = [:]
        for i in 0..<set.itemCount {
            guard let answer = wanted[set.itemIDs[i]] else { continue }
            var n = [Int](repeating: 0, count: vendors.count)
            var r = n
            for l in set.labels(ofItem: i) {
                let v = Int(set.annotatorVendor[Int(set.annotator[l])])
                n[v] += 1
                if set.classes[Int(set.value[l])] == answer { r[v] += 1 }
            }
            labels[set.itemIDs[i]] = n
            right[set.itemIDs[i]] = r
        }
        return LabelCounts(vendors: vendors, labels: labels, right: right)
    }

    /// The coverage from stored gold, exposure per vendor and label counts.
    /// - Complexity: O(gold items × vendors).
    static func build(
        gold: [(item: String, answer: String)], exposure: [String: [GoldExposure]], counts: LabelCounts?
    ) -> GoldCoverage {
        var vendors = counts?.vendors.filter { !$0.isEmpty } ?? []
        for v in exposure.keys.sorted() where !vendors.contains(v) { vendors.append(v) }
        let zero = [Int](repeating: 0, count: vendors.count)
        var shownOf: [String: [Int]] = [:]
        for (v, list) in exposure {
            let j = vendors.firstIndex(of: v)!
            for e in list { shownOf[e.item, default: zero][j] = e.shown }
        }
        // Counts come in the set's vendor order; place them in `vendors` order.
        let place = (counts?.vendors ?? []).map { vendors.firstIndex(of: $0) }
        func reorder(_ x: [Int]?) -> [Int] {
            var out = zero
            for (j, n) in (x ?? []).enumerated() { if let to = place[j] { out[to] += n } }
            return out
        }
        return GoldCoverage(
            vendors: vendors,
            items: gold.map { g in
                Item(
                    item: g.item, answer: g.answer, shown: shownOf[g.item] ?? zero,
                    labels: reorder(counts?.labels[g.item]), right: reorder(counts?.right[g.item]))
            })
    }
}

extension AssayServer {
    /// The project's gold coverage, cached until its next delivery or gold change, and computed
    /// again whenever a batch has been made since (a batch changes the exposure).
    func goldCoverage(_ p: ProjectRecord) async throws -> GoldCoverage {
        let batches = try await store.batches(of: p, vendor: nil)
        let kind = "gold-coverage \(batches.count) \(batches.last?.id ?? 0)"
        return try await cache.value(project: p.id, kind: kind) { [store] in
            let gold = try await store.goldAnswers(of: p)
            let counts = (try? await self.inference(p).0).map { GoldCoverage.labelCounts($0.set, gold: gold) }
            var exposure: [String: [GoldExposure]] = [:]
            for v in Set((counts?.vendors ?? []) + batches.map(\.vendor)) where !v.isEmpty {
                exposure[v] = try await store.goldExposure(of: p, vendor: v)
            }
            return GoldCoverage.build(gold: gold, exposure: exposure, counts: counts)
        }.0
    }
}
