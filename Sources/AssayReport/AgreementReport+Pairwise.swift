// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension AgreementReport {
    /// Agreement among pairwise votes: the shares of agreeing vote pairs with and without ties
    /// (MT-bench's measure) and α over the three outcomes, among all votes; with `byVendor`, within
    /// each vendor and between every two vendors (every vote of one paired with every vote of the
    /// other on the same item: an LLM judge against human votes). Metrics `with_ties`,
    /// `without_ties`, `alpha`; groups the vendor, or `A vs B`.
    /// - Complexity: O(vendors² × (labels + bootstrap × items)).
    public static func pairwise(_ set: PairwiseSet, byVendor: Bool, bootstrap: Int, seed: UInt64)
        -> AgreementReport
    {
        let idx = set.index
        var rows: [Row] = []
        func votes(_ mask: [Bool]?) -> Int {
            guard let mask else { return set.count }
            return (0..<set.count).reduce(0) { $0 + (mask[Int(idx.annotator[$1])] ? 1 : 0) }
        }
        func add(_ estimates: [PairwiseAgreement.Estimate], group: String?, labels: Int, start: UInt64) {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            for e in estimates {
                let share = e.measure != .alpha
                rows.append(
                    Row(
                        metric: e.measure.rawValue, level: "nominal", group: group, value: e.value,
                        ciLow: e.low,
                        ciHigh: e.high, ciReason: e.intervalReason, items: e.items,
                        labels: share ? labels : e.pairs,
                        interpretation: e.value.map {
                            share
                                ? String(format: "%.1f%% of vote pairs agree", 100 * $0)
                                : Agreement.band($0, metric: "alpha")
                        } ?? "undefined",
                        undefinedReason: e.undefinedReason, seconds: seconds / Double(estimates.count),
                        pairs: share ? e.pairs : nil))
            }
        }
        guard byVendor else {
            let start = DispatchTime.now().uptimeNanoseconds
            add(
                PairwiseAgreement.within(set, bootstrap: bootstrap, seed: seed), group: nil,
                labels: set.count,
                start: start)
            return AgreementReport(rows: rows)
        }
        let vendors = VendorSubsets.vendors(idx)
        let masks = vendors.map { VendorSubsets.mask(idx, vendor: $0) }
        for (j, v) in vendors.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            add(
                PairwiseAgreement.within(set, group: masks[j], bootstrap: bootstrap, seed: seed),
                group: idx.vendorName(v), labels: votes(masks[j]), start: start)
        }
        for a in vendors.indices {
            for b in vendors.indices where b > a {
                let start = DispatchTime.now().uptimeNanoseconds
                add(
                    PairwiseAgreement.between(set, masks[a], masks[b], bootstrap: bootstrap, seed: seed),
                    group: "\(idx.vendorName(vendors[a])) vs \(idx.vendorName(vendors[b]))",
                    labels: votes(masks[a]) + votes(masks[b]), start: start)
            }
        }
        return AgreementReport(rows: rows)
    }
}
