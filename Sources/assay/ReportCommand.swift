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

    @Option(help: "Inference method behind the estimated figures.")
    var method = Methods.defaultName

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
        guard Methods.make(method) != nil else {
            throw ValidationError(
                "unknown method '\(method)'; expected one of: \(Methods.names.joined(separator: ", "))")
        }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap takes a count ≥ 0") }
    }

    func run() async throws {
        let (set, reports, storedGold) = try await input.loadWithGold()
        if format != "json" { note(LabelInputOptions.summary(set, reports)) }
        let goldAnswers = try goldFor(set, file: gold, stored: storedGold)
        let m = try AssayCLI.method(named: method, seed: seed)
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
