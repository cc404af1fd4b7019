// Assay — quality control for human-labelled training data.

extension DecisionProject {
    /// Mean price per label of each vendor (indexed like `set.vendorIDs`): from the labels' cost
    /// column where it has values for the vendor, else from its deliveries' recorded costs; nil
    /// where neither says.
    /// - Complexity: O(labels + deliveries × vendors).
    public func prices() -> [Double?] {
        let nV = set.vendorIDs.count
        var sum = [Double](repeating: 0, count: nV)
        var n = [Double](repeating: 0, count: nV)
        let cost = set.extras.cost
        if !cost.isEmpty {
            for l in 0..<set.count where cost[l].isFinite {
                let v = Int(set.annotatorVendor[Int(set.annotator[l])])
                sum[v] += cost[l]
                n[v] += 1
            }
        }
        let fromLabels = n.map { $0 > 0 }
        for d in deliveries {
            guard let v = set.vendorIDs.firstIndex(of: d.vendor), !fromLabels[v], let c = d.cost, d.rows > 0
            else { continue }
            sum[v] += c
            n[v] += Double(d.rows)
        }
        return (0..<nV).map { n[$0] > 0 ? sum[$0] / n[$0] : nil }
    }
}
