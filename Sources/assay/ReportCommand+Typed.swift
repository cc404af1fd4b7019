// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayReport

extension ReportCommand {
    /// `report` on pairwise, rating, multi-label and text labels: the type's report as text,
    /// Markdown or JSON.
    func runTyped(_ input: TypedInput) throws {
        let type = input.labels.labelType
        if gold != nil {
            throw InputProblem(
                message: "--gold applies to categorical labels; these are \(type.rawValue) labels")
        }
        if checks != nil && type != .rating {
            throw InputProblem(
                message: "--checks applies to rating labels; these are \(type.rawValue) labels")
        }
        let name = try TypedMethods.resolve(method, type: type)
        let json: () throws -> String
        let renderer: TypedReportRenderer
        switch input.labels {
        case .pairwise(let set):
            let r = PairwiseReport.build(
                set, method: PairwiseMethods.named(name, seed: seed)!, bootstrap: bootstrap, seed: seed)
            (json, renderer) = ({ try JSONOutput.line(r) }, TypedReportRenderer(r))
        case .rating(let set):
            let m = RatingMethods.make(name, seed: seed)!
            if let reason = m.unsupportedReason(set) {
                throw InputProblem(message: "method \(name) does not apply to these rating labels: \(reason)")
            }
            let checks = try self.checks.map { try KnownAnswerInput.read($0, index: set.index) }
            let r = RatingReport.build(set, method: m, checks: checks, bootstrap: bootstrap, seed: seed)
            (json, renderer) = ({ try JSONOutput.line(r) }, TypedReportRenderer(r))
        case .text(let set):
            let r = TextReport.build(
                set, method: TextConsensus.Method(rawValue: name)!, bootstrap: bootstrap, seed: seed)
            (json, renderer) = ({ try JSONOutput.line(r) }, TypedReportRenderer(r))
        case .multilabel(let set):
            let r = MultiLabelReport.build(
                set, method: try AssayCLI.method(named: name, seed: seed), bootstrap: bootstrap, seed: seed)
            (json, renderer) = ({ try JSONOutput.line(r) }, TypedReportRenderer(r))
        case .categorical:
            preconditionFailure("categorical reports are run()'s")
        }
        switch format {
        case "json": print(try json())
        case "markdown": print(renderer.markdown())
        default: print(renderer.plain())
        }
    }
}
