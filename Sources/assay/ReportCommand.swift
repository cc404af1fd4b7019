// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay report`: vendor and annotator scorecards.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Vendor scorecard, then annotators (worst first), then flags.",
        discussion: """
            Vendors come from a vendor column, or from the file names when several files without one are \
            given. Intervals are 95% bootstrap intervals over items, given only when at least 30 items \
            (gold items, for gold figures) stand behind them; otherwise the figure says "too few items \
            (n)" (JSON: null bounds and a reason). Vendor comparisons use gold accuracy when every vendor \
            has at least 30 gold labels, otherwise the model-estimated accuracy; their items column counts \
            the items on that basis; p-values are two-sided bootstrap p-values, Holm-corrected across \
            pairs. The same input, method and --seed give the same figures. The JSON shape is documented \
            in README.md.
            """)

    @OptionGroup var input: LabelInputOptions

    @Option(help: "Known answers for some items (item and gold/truth columns).")
    var gold: String?

    @Option(
        help: """
            Inference method behind the estimated figures (default: the type's; pairwise: the object \
            model, the per-comparison consensus is always pds).
            """)
    var method: String?

    @Option(
        help: """
            Ratings: known-answer checks (attention checks) per rater, one row each with a rater column and a \
            category/result/passed column (Found or Missed, pass or fail, 1 or 0).
            """)
    var checks: String?

    @Option(help: "text, json or markdown.")
    var format = "text"

    @Option(help: "Bootstrap replicates.")
    var bootstrap = 200

    @Option(help: "Seed of the bootstrap and seeded methods.")
    var seed: UInt64 = 0

    func validate() throws {
        guard ["text", "json", "markdown"].contains(format) else {
            throw ValidationError("--format takes text, json or markdown")
        }
        if let method, input.typing.type == .categorical, Methods.make(method) == nil {
            throw ValidationError(
                "unknown method '\(method)'; expected one of: \(Methods.names.joined(separator: ", "))")
        }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap takes a count ≥ 0") }
    }

    func run() async throws {
        let loaded = try await input.loadTyped()
        if format != "json" { note(LabelInputOptions.summary(loaded)) }
        guard case .categorical(let set) = loaded.labels else {
            try runTyped(loaded)
            return
        }
        if checks != nil {
            throw InputProblem(message: "--checks applies to rating labels; these are categorical labels")
        }
        let goldAnswers = try goldFor(set, file: gold, stored: loaded.storedGold)
        let m = try AssayCLI.method(named: try TypedMethods.resolve(method, type: .categorical), seed: seed)
        if let reason = m.unsupportedReason(set) { throw InputProblem(message: reason) }
        let report = ScorecardReport.build(
            set, gold: goldAnswers, method: m, bootstrap: bootstrap, seed: seed)
        let text = ReportRenderer(report: report)
        switch format {
        case "json": print(try JSONOutput.line(report))
        case "markdown": print(text.markdown())
        default: print(text.plain())
        }
    }
}
