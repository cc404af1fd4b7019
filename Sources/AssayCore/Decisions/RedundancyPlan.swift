// Assay — quality control for human-labelled training data.

/// Which items need another label, from which vendor, and which can stop: an item stops once its
/// consensus reaches the target confidence; the others are ranked by what one more label is
/// expected to add to their confidence per unit of price.
///
/// A vendor's next label on an item is modelled by the vendor's confusion rows m_v (a new label
/// from the vendor's typical annotator): with posterior p, the label o has probability
/// Σ_t p_t m_v(o | t), after which the posterior is p_t m_v(o | t) normalised; the expected gain is
/// E_o[max_t p'_t] − max_t p_t. Each item is offered to the vendor with the largest gain per
/// price (per label when prices are unknown); items are listed by that, largest first, up to
/// `budget` labels.
public struct RedundancyPlan: Sendable, Codable, Equatable {
    /// One item that needs another label.
    public struct Request: Sendable, Codable, Equatable {
        /// Item index.
        public var index: Int
        /// Item id.
        public var item: String
        /// Current consensus label.
        public var label: String
        /// Its confidence.
        public var confidence: Double
        /// Labels it has.
        public var labels: Int
        /// The vendor to ask.
        public var vendor: String
        /// Expected confidence after that vendor's label.
        public var expectedConfidence: Double
    }

    /// The confidence at which an item stops.
    public var target: Double
    /// Items at or above the target.
    public var done: Int
    /// Items below it.
    public var needing: Int
    /// Labels asked for (at most the budget).
    public var requested: Int
    /// The requests, best first.
    public var requests: [Request]
    /// Requests per vendor (vendors asked for none left out), most first.
    public var perVendor: [VendorRequests]

    /// How many labels one vendor is asked for.
    public struct VendorRequests: Sendable, Codable, Equatable {
        /// Vendor name.
        public var vendor: String
        /// Labels asked of it.
        public var labels: Int
    }

    /// The plan. `vendorRows` are the candidate vendors' confusion rows (`[(v*K + t)*K + o]`, as
    /// `VendorHierarchyFit.vendorConfusion`), `vendors` the indices to consider with their prices
    /// (nil: unknown, then every price counts as 1).
    /// - Complexity: O(items × vendors × K²) + O(n log n) for the ranking.
    public static func make(
        _ set: LabelSet, posteriors: [Double], vendorRows: [Double], vendors: [(index: Int, price: Double?)],
        target: Double = 0.95, budget: Int? = nil
    ) -> RedundancyPlan {
        let k = max(set.classCount, 1)
        var candidates: [(item: Int, value: Double, vendor: Int, after: Double)] = []
        var done = 0
        for i in 0..<set.itemCount {
            let p = posteriors[(i * k)..<((i + 1) * k)]
            let top = p.max() ?? 0
            if top >= target {
                done += 1
                continue
            }
            var bestValue = -Double.infinity
            var bestVendor = vendors.first?.index ?? 0
            var bestAfter = top
            for (v, price) in vendors {
                var after = 0.0
                // Σ_o P(o) · max_t p'(t | o) = Σ_o max_t p_t m(o | t).
                for o in 0..<k {
                    var m = 0.0
                    for t in 0..<k { m = max(m, p[p.startIndex + t] * vendorRows[(v * k + t) * k + o]) }
                    after += m
                }
                let value = (after - top) / (price ?? 1)
                if value > bestValue {
                    bestValue = value
                    bestVendor = v
                    bestAfter = after
                }
            }
            candidates.append((i, bestValue, bestVendor, bestAfter))
        }
        candidates.sort { ($0.value, -$0.item) > ($1.value, -$1.item) }
        let chosen = candidates.prefix(budget.map { max($0, 0) } ?? candidates.count)
        let labels = Posteriors.argmax(posteriors, classes: k)
        var asked = [Int](repeating: 0, count: set.vendorIDs.count)
        let requests = chosen.map { c in
            asked[c.vendor] += 1
            return Request(
                index: c.item, item: set.itemIDs[c.item], label: set.classes[Int(labels[c.item])],
                confidence: posteriors[c.item * k + Int(labels[c.item])],
                labels: set.itemOffsets[c.item + 1] - set.itemOffsets[c.item],
                vendor: set.vendorIDs[c.vendor],
                expectedConfidence: c.after)
        }
        let perVendor = asked.indices.filter { asked[$0] > 0 }.sorted { asked[$0] > asked[$1] }.map {
            VendorRequests(vendor: set.vendorIDs[$0], labels: asked[$0])
        }
        return RedundancyPlan(
            target: target, done: done, needing: candidates.count, requested: requests.count,
            requests: requests,
            perVendor: perVendor)
    }
}
