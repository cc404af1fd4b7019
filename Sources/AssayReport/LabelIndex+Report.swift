// Assay — quality control for human-labelled training data.

import AssayCore

extension LabelIndex {
    /// Vendor `v`'s name as reports print it: "(no vendor)" for the unnamed one.
    func vendorName(_ v: Int) -> String { vendorIDs[v].isEmpty ? "(no vendor)" : vendorIDs[v] }

    /// Vendor name of annotator `a`.
    func vendorName(ofAnnotator a: Int) -> String { vendorName(Int(annotatorVendor[a])) }

    /// The vendors that labelled item `i`, in order of first label, by their stored names.
    /// - Complexity: O(labels of the item × vendors of the item).
    func vendors(ofItem i: Int) -> [String] {
        var seen: [Int32] = []
        for l in labels(ofItem: i) {
            let v = annotatorVendor[Int(annotator[l])]
            if !seen.contains(v) { seen.append(v) }
        }
        return seen.map { vendorIDs[Int($0)] }
    }

    /// Per annotator (or per vendor, with `byVendor`): median seconds a label and mean cost a label,
    /// from the duration and cost columns (nil where the column is absent or every value blank).
    /// - Complexity: O(labels log labels).
    func timeAndCost(byVendor: Bool) -> (medianSeconds: [Double?], costPerLabel: [Double?]) {
        let groups = byVendor ? vendorIDs.count : annotatorCount
        var seconds = [[Double]](repeating: [], count: groups)
        var cost = [Double](repeating: 0, count: groups)
        var costed = [Int](repeating: 0, count: groups)
        for l in 0..<count {
            let a = Int(annotator[l])
            let g = byVendor ? Int(annotatorVendor[a]) : a
            if !extras.durationSeconds.isEmpty, extras.durationSeconds[l].isFinite {
                seconds[g].append(extras.durationSeconds[l])
            }
            if !extras.cost.isEmpty, extras.cost[l].isFinite {
                cost[g] += extras.cost[l]
                costed[g] += 1
            }
        }
        return (
            seconds.map(median),
            (0..<groups).map { costed[$0] > 0 ? cost[$0] / Double(costed[$0]) : nil }
        )
    }
}

/// The median of `values` (the mean of the middle two for an even count), nil when empty.
/// - Complexity: O(n log n).
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    let m = s.count / 2
    return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/// The sample standard deviation of `values` (0 with fewer than two).
/// - Complexity: O(n).
func standardDeviation(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (ss / Double(values.count - 1)).squareRoot()
}
