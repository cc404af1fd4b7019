// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

extension AgreementReport {
    /// Agreement among free-text answers: the mean pairwise word error rate between answers of
    /// different annotators on the same item (metric `mean_pairwise_wer`, level `words`; lower is
    /// better agreement), over all answers or, with `byVendor`, within each vendor.
    /// - Complexity: groups × `TextAgreement.estimate` (pass `distances` of the whole set to reuse).
    public static func text(
        _ set: TextSet, distances: AnswerDistances? = nil, byVendor: Bool, bootstrap: Int, seed: UInt64
    ) -> AgreementReport {
        let groups: [(String?, TextSet, AnswerDistances?)] =
            byVendor
            ? VendorSubsets.vendors(set.index).map {
                (set.index.vendorName($0), VendorSubsets.texts(set, vendor: $0), nil)
            }
            : [(nil, set, distances)]
        var rows: [Row] = []
        for (group, subset, d) in groups {
            let start = DispatchTime.now().uptimeNanoseconds
            let e = TextAgreement.estimate(subset, distances: d, bootstrap: bootstrap, seed: seed)
            var answers = 0
            for i in 0..<subset.itemCount where subset.index.labels(ofItem: i).count >= 2 {
                answers += subset.index.labels(ofItem: i).count
            }
            rows.append(
                Row(
                    metric: "mean_pairwise_wer", level: "words", group: group, value: e.meanPairwiseWER,
                    ciLow: e.ciLow, ciHigh: e.ciHigh, ciReason: e.ciReason, items: e.items, labels: answers,
                    interpretation: e.meanPairwiseWER.map {
                        String(format: "%.1f%% of words differ between two answers", 100 * $0)
                    } ?? "undefined",
                    undefinedReason: e.meanPairwiseWER == nil
                        ? "no item has answers by two different annotators" : nil,
                    seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, pairs: e.pairs))
        }
        return AgreementReport(rows: rows)
    }
}
