// Assay — quality control for human-labelled training data.

public import ArgumentParser
public import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay agreement`: inter-annotator agreement with bootstrap intervals.
struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract:
            "Inter-annotator agreement: Krippendorff's α, Fleiss/Scott, Cohen, Gwet AC1/AC2, Brennan–Prediger.",
        discussion: """
            Intervals are 95% percentile intervals from a seeded bootstrap over items, given only when at \
            least 30 items carry agreement information (otherwise "too few items (n)"). A metric asked \
            for by name that is undefined on the data (for example Cohen's κ on three annotators) is an \
            error (exit 1, with the reason); --metric all prints undefined metrics with their reason. \
            Levels set α's \
            difference function and the κ-family's weights (nominal: identity, ordinal: linear, interval \
            and ratio: quadratic); interval and ratio need numeric classes. Cohen's κ needs exactly two \
            annotators, or --by annotator. --json prints an array of objects with keys metric, level, group (null when not \
            grouped), value, ci_low, ci_high, ci_reason (why there is no interval), n_items, n_labels, interpretation, undefined_reason, seconds (compute time, reading excluded).
            """)

    @OptionGroup var input: LabelInputOptions

    @Option(
        help: """
            Categorical: alpha (default), fleiss, cohen, scott, ac1, ac2, bp, percent, or all. Pairwise: \
            with_ties, without_ties, alpha (default: all three). Rating: alpha. Text: mean_pairwise_wer. \
            Multilabel: alpha (per class), alpha_jaccard, alpha_masi (default: all).
            """)
    var metric: String?

    @Option(
        help: "nominal (default), ordinal, interval or ratio; ratings: interval and ordinal unless given.")
    var level: MeasurementLevel?

    @Option(
        help:
            "Group by: vendor (agreement within each vendor) or annotator (each annotator against the consensus, without its own labels, on the items it labelled)."
    )
    var by: String?

    @Option(help: "With --by annotator: the method whose consensus each annotator is compared with.")
    var method = Methods.defaultName

    @Option(help: "Bootstrap replicates for the intervals (0: none).")
    var bootstrap = 200

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard
            metric == nil || input.typing.type.map({ $0 != .categorical }) ?? true || metric == "all"
                || Agreement.metrics.contains(metric!)
        else {
            throw ValidationError(
                "unknown metric '\(metric!)'; expected all or one of: \(Agreement.metrics.joined(separator: ", "))"
            )
        }
        guard by == nil || by == "vendor" || by == "annotator" else {
            throw ValidationError("--by takes vendor or annotator")
        }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap takes a count ≥ 0") }
        guard Methods.make(method) != nil else {
            throw ValidationError(
                "unknown method '\(method)'; expected one of: \(Methods.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let loaded = try await input.loadTyped()
        if !json { note(LabelInputOptions.summary(loaded)) }
        guard case .categorical(let set) = loaded.labels else {
            try runTyped(loaded)
            return
        }
        let metric = self.metric ?? "alpha"
        guard metric == "all" || Agreement.metrics.contains(metric) else {
            throw ValidationError(
                "metric '\(metric)' does not apply to categorical labels; expected all or one of: "
                    + Agreement.metrics.joined(separator: ", "))
        }
        let level = self.level ?? .nominal
        var numeric: [Double]?
        if level == .interval || level == .ratio {
            let values = set.classes.map { DecimalNumber.parse($0.trimmingCharacters(in: .whitespaces)) }
            guard values.allSatisfy({ $0 != nil }) else {
                throw InputProblem(
                    message: "the \(level.rawValue) level needs numeric classes; the classes are: "
                        + set.classes.prefix(20).joined(separator: ", "))
            }
            numeric = values.map { $0! }
        }
        let metrics = metric == "all" ? Agreement.metrics : [metric]
        var result: InferenceResult?
        if by == "annotator" {
            // Each annotator against the consensus of the same method every other output uses,
            // with its own labels divided out.
            let m = try AssayCLI.method(named: method, seed: seed)
            if let reason = m.unsupportedReason(set) { throw InputProblem(message: reason) }
            result = m.infer(set, gold: nil)
            if !json { note("consensus by method \(result!.method)") }
        }
        let report = AgreementReport.build(
            groups: AgreementReport.groups(set, by: by, result: result), metrics: metrics, level: level,
            numericValues: numeric, bootstrap: bootstrap, seed: seed)
        // A metric asked for by name must be defined (in at least one group, with --by).
        if metric != "all", let first = report.rows.first, report.rows.allSatisfy({ $0.value == nil }) {
            let reason = first.undefinedReason ?? "undefined"
            throw InputProblem(
                message: "\(metric) is undefined on this data: \(reason)"
                    + (report.rows.count > 1 ? " (and in every other group)" : ""))
        }
        try Self.print(report, json: json)
    }

    /// Prints the rows as JSON or one line each.
    static func print(_ report: AgreementReport, json: Bool) throws {
        if json {
            Swift.print(try JSONOutput.line(report.rows))
            return
        }
        for r in report.rows {
            let prefix =
                (r.group.map { "\(ReportRenderer.Escaping.text.apply($0)): " } ?? "")
                + (r.className.map { "class \(ReportRenderer.Escaping.text.apply($0)): " } ?? "")
            guard let v = r.value else {
                Swift.print("\(prefix)\(r.metric) (\(r.level)): undefined — \(r.undefinedReason ?? "")")
                continue
            }
            var line = "\(prefix)\(r.metric) (\(r.level)) = \(String(format: "%.4f", v))"
            if let lo = r.ciLow, let hi = r.ciHigh {
                line += String(format: " [%.4f, %.4f]", lo, hi)
            } else if let reason = r.ciReason {
                line += " (no interval: \(reason))"
            }
            line += " on \(r.items) items, \(r.labels) labels"
            if let pairs = r.pairs { line += ", \(pairs) pairs" }
            line += " — \(r.interpretation)"
            Swift.print(line)
        }
    }
}

extension MeasurementLevel: ExpressibleByArgument {}
