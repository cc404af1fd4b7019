// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension AgreementReport {
    /// Agreement on multi-label sets: nominal α of every class's present/absent view (metric
    /// `alpha`, the class in `class`), then α over whole sets with the Jaccard and MASI distances
    /// (metrics `alpha_jaccard`, `alpha_masi`), over all labels or, with `byVendor`, within each
    /// vendor.
    /// - Complexity: groups × (classes × `Agreement.estimate` + two `setAlphaEstimate`).
    public static func multiLabel(_ set: MultiLabelSet, byVendor: Bool, bootstrap: Int, seed: UInt64)
        -> AgreementReport
    {
        let groups: [(String?, MultiLabelSet)] =
            byVendor
            ? VendorSubsets.vendors(set.index).map {
                (set.index.vendorName($0), VendorSubsets.multiLabels(set, vendor: $0))
            }
            : [(nil, set)]
        var rows: [Row] = []
        for (group, subset) in groups {
            for c in 0..<subset.classCount {
                let start = DispatchTime.now().uptimeNanoseconds
                let e = Agreement.estimate(
                    subset.binaryView(ofClass: c), metric: "alpha", level: .nominal, bootstrap: bootstrap,
                    seed: seed)
                rows.append(
                    Row(
                        e, group: group, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                        className: subset.classes[c]))
            }
            for distance in SetDistance.allCases {
                let start = DispatchTime.now().uptimeNanoseconds
                let e = MultiLabelAgreement.setAlphaEstimate(
                    subset, distance: distance, bootstrap: bootstrap, seed: seed)
                rows.append(
                    Row(e, group: group, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
        }
        return AgreementReport(rows: rows)
    }
}
