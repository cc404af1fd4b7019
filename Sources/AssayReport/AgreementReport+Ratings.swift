// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension AgreementReport {
    /// Krippendorff's α of ratings at each of `levels` (interval and ordinal for a scale; nominal
    /// is offered too), over all ratings or, with `byVendor`, within each vendor.
    /// - Complexity: levels × groups × `RatingAgreement.estimate`.
    public static func ratings(
        _ set: RatingSet, levels: [MeasurementLevel], byVendor: Bool, bootstrap: Int, seed: UInt64
    ) -> AgreementReport {
        let groups: [(String?, RatingSet)] =
            byVendor
            ? VendorSubsets.vendors(set.index).map {
                (set.index.vendorName($0), VendorSubsets.ratings(set, vendor: $0))
            }
            : [(nil, set)]
        var rows: [Row] = []
        for (group, subset) in groups {
            for level in levels {
                let start = DispatchTime.now().uptimeNanoseconds
                let e = RatingAgreement.estimate(subset, level: level, bootstrap: bootstrap, seed: seed)
                rows.append(
                    Row(e, group: group, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }
        }
        return AgreementReport(rows: rows)
    }
}
