// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayReport

extension AgreementCommand {
    /// The metrics of each type other than categorical.
    static func typedMetrics(_ type: LabelType) -> [String] {
        switch type {
        case .pairwise: PairwiseAgreement.Measure.allCases.map(\.rawValue)
        case .rating: ["alpha"]
        case .text: ["mean_pairwise_wer"]
        case .multilabel: ["alpha", "alpha_jaccard", "alpha_masi"]
        case .categorical: Agreement.metrics
        }
    }

    /// `agreement` on pairwise, rating, multi-label and text labels: the type's metrics over all
    /// labels, or within each vendor (pairwise: and between every two vendors) with `--by vendor`.
    func runTyped(_ input: TypedInput) throws {
        let type = input.labels.labelType
        if by == "annotator" {
            throw InputProblem(
                message: "--by annotator applies to categorical labels; these are \(type.rawValue) labels "
                    + "(use --by vendor, or `assay report` for each annotator's figures)")
        }
        let allowed = Self.typedMetrics(type)
        if let metric, metric != "all", !allowed.contains(metric) {
            throw InputProblem(
                message: "metric '\(metric)' does not apply to \(type.rawValue) labels; metrics: "
                    + allowed.joined(separator: ", "))
        }
        if let level, type != .rating, level != .nominal {
            throw InputProblem(
                message: "--level \(level.rawValue) applies to categorical and rating labels; these are "
                    + "\(type.rawValue) labels")
        }
        let byVendor = by == "vendor"
        var report: AgreementReport
        switch input.labels {
        case .pairwise(let set):
            report = .pairwise(set, byVendor: byVendor, bootstrap: bootstrap, seed: seed)
        case .rating(let set):
            report = .ratings(
                set, levels: level.map { [$0] } ?? [.interval, .ordinal], byVendor: byVendor,
                bootstrap: bootstrap,
                seed: seed)
        case .text(let set):
            report = .text(set, byVendor: byVendor, bootstrap: bootstrap, seed: seed)
        case .multilabel(let set):
            report = .multiLabel(set, byVendor: byVendor, bootstrap: bootstrap, seed: seed)
        case .categorical:
            preconditionFailure("categorical agreement is run()'s")
        }
        if let metric, metric != "all" {
            report.rows = report.rows.filter { $0.metric == metric }
            if let first = report.rows.first, report.rows.allSatisfy({ $0.value == nil }) {
                throw InputProblem(
                    message: "\(metric) is undefined on this data: \(first.undefinedReason ?? "undefined")"
                        + (report.rows.count > 1 ? " (and in every other group)" : ""))
            }
        }
        try Self.print(report, json: json)
    }
}
