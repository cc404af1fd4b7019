// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay drift`: quality, label mix and speed of each vendor and annotator over deliveries.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract:
            "Drift per vendor and annotator over deliveries: gold accuracy (EWMA), label mix (PSI, χ²), speed.",
        discussion: """
            Deliveries are taken in the order they were imported. Each vendor's (and annotator's) first \
            --baseline deliveries with the data make its baseline; later ones are charted against it: gold \
            accuracy on an EWMA chart whose limits allow for each delivery's gold count and the baseline's \
            own uncertainty (an alarm when it falls below the lower limit), the label distribution by PSI and \
            χ² (an alarm when the Benjamini–Hochberg adjusted p is below 0.01 and PSI ≥ 0.1), and the mean \
            log-seconds of a label on an EWMA chart (an alarm either way when labels also got 25% faster or \
            slower). Each alarm names the first delivery that crossed. Text: the alarms, then a line per \
            vendor and delivery. JSON: {"alarms", "series": [{"scope", "vendor", "annotator", "points": [...]}], ...} \
            (annotators' series only when they have an alarm, unless --all-annotators).
            """)

    @OptionGroup var input: DecisionInput

    @Option(help: "EWMA weight of the newest delivery.")
    var lambda = DecimalNumber("0.5")!

    @Option(help: "Deliveries that make a baseline.")
    var baseline = 3

    @Flag(name: .customLong("all-annotators"), help: "Keep every annotator's series in the JSON.")
    var allAnnotators = false

    /// The parameters as the decision takes them.
    var parameters: DriftDecision.Parameters {
        var p = DriftDecision.Parameters()
        p.lambda = lambda.value
        p.baseline = baseline
        p.allAnnotators = allAnnotators
        return p
    }

    func validate() throws {
        do { try parameters.validate() } catch { throw error.asValidation }
    }

    func run() async throws {
        let loaded = try await input.load(byDelivery: true)
        let report: DriftReport
        do { report = try loaded.drift(parameters) } catch { throw error.asInput }
        if input.json {
            print(try JSONOutput.line(report, snakeCase: true))
            return
        }
        if loaded.gold == nil { note("no gold in project \(loaded.name): accuracy is not charted") }
        print(report.alarms.isEmpty ? "no alarms" : "\(report.alarms.count) alarms:")
        for a in report.alarms { print("  \(a.kind): \(a.message)") }
        print("vendor\tdelivery\tlabels\tgold\taccuracy\tewma\tlower\tpsi\tseconds")
        for s in report.series where s.scope == "vendor" {
            for p in s.points {
                print(
                    [
                        quotedIfNeeded(s.vendor), quotedIfNeeded(p.name), "\(p.labels)", "\(p.goldLabels)",
                        p.accuracy.map { fixed($0) } ?? "", p.accuracyChart?.ewma.map { fixed($0) } ?? "",
                        p.accuracyChart?.lower.map { fixed($0) } ?? "", p.shift.map { fixed($0.psi) } ?? "",
                        p.seconds.map { fixed($0, 1) } ?? "",
                    ].joined(separator: "\t"))
            }
            for n in s.notes { print("  \(quotedIfNeeded(s.vendor)): \(n)") }
        }
        print("(\(report.annotatorsExamined) annotators with more than \(baseline) deliveries examined)")
    }
}
