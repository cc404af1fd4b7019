// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import Foundation

/// `assay export`: the clean dataset, one row per item.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export each item's consensus label with confidence, posteriors, label count and vendors.",
        discussion: """
            JSONL rows: {"item", "label", "confidence", "posterior": {class: p}, "labels", "vendors": [...], \
            "method"}; \
            CSV columns: item, label, confidence, p_<class>..., labels, vendors, method (vendors separated by \
            '|'; a '|' or a backslash inside a vendor name gets a backslash before it). Items \
            below --min-confidence are left out and counted on standard error. Gold items keep their gold \
            answer (confidence 1). Other types write their consensus rows: pairwise {item, first, second, \
            outcome, preferred, confidence, p_first, p_second, p_tie, votes, vendors, method}; rating {item, \
            value, low, high, ratings, vendors, method}; text {item, text, confidence, answers, vendors, \
            source_annotator, method}; multilabel {item, classes, posterior, labels, vendors, method} (CSV: the \
            same columns, lists joined with '|', multilabel posteriors as p_<class>).
            """)

    @OptionGroup var input: LabelInputOptions
    @Option(help: "Output file ('-' for standard output).") var out: String
    @Option(name: .customLong("min-confidence"), help: "Leave out items whose confidence is below this.")
    var minConfidence = DecimalNumber("0")!
    @Option(help: "Output format.") var format: OutputFormat = .jsonl
    @Option(help: "Inference method (default: the one every command uses for the type).") var method: String?
    @Option(help: "Gold answers (default: the project's stored gold).") var gold: String?
    @Option(help: "Seed for seeded methods.") var seed: UInt64 = 0

    func validate() throws {
        guard (0...1).contains(minConfidence.value) else {
            throw ValidationError("--min-confidence takes a number in [0, 1]")
        }
        if let method, input.typing.type == .categorical, Methods.make(method) == nil {
            throw ValidationError(
                "unknown method '\(method)'; expected one of: \(Methods.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        try refuseOverwritingInputs(
            outputs: [("--out", out)], inputs: input.labels + [gold].compactMap { $0 })
        let loaded = try await input.loadTyped()
        guard case .categorical(let set) = loaded.labels else {
            try runTyped(loaded)
            return
        }
        let goldAnswers = try goldFor(set, file: gold, stored: loaded.storedGold)
        let m = try AssayCLI.method(named: try TypedMethods.resolve(method, type: .categorical), seed: seed)
        if let reason = m.unsupportedReason(set) { throw InputProblem(message: reason) }
        let r = m.infer(set, gold: goldAnswers)
        for w in r.warnings { note("warning: \(w)") }
        let k = set.classCount
        let w = try TextFileWriter(path: out)
        if format == .csv {
            w.csv(
                ["item", "label", "confidence"] + set.classes.map { "p_" + $0 } + [
                    "labels", "vendors", "method",
                ])
        }
        var kept = 0
        var vendorsSeen = [Bool](repeating: false, count: set.vendorIDs.count)
        for i in 0..<set.itemCount {
            let confidence = r.confidence(ofItem: i)
            guard confidence >= minConfidence.value else { continue }
            kept += 1
            let range = set.labels(ofItem: i)
            for v in vendorsSeen.indices { vendorsSeen[v] = false }
            for l in range { vendorsSeen[Int(set.annotatorVendor[Int(set.annotator[l])])] = true }
            let vendors = vendorsSeen.indices.filter { vendorsSeen[$0] }.map { set.vendorIDs[$0] }
            let label = set.classes[Int(r.labels[i])]
            if format == .csv {
                w.csv(
                    [set.itemIDs[i], label, "\(confidence)"] + (0..<k).map { "\(r.posteriors[i * k + $0])" }
                        + ["\(range.count)", Self.joinVendors(vendors), r.method])
            } else {
                let posterior = (0..<k).map {
                    "\(TextFileWriter.jsonString(set.classes[$0])):\(TextFileWriter.jsonNumber(r.posteriors[i * k + $0]))"
                }
                w.line(
                    "{\"item\":\(TextFileWriter.jsonString(set.itemIDs[i])),\"label\":\(TextFileWriter.jsonString(label)),"
                        + "\"confidence\":\(TextFileWriter.jsonNumber(confidence)),\"posterior\":{\(posterior.joined(separator: ","))},"
                        + "\"labels\":\(range.count),\"vendors\":[\(vendors.map(TextFileWriter.jsonString).joined(separator: ","))],"
                        + "\"method\":\(TextFileWriter.jsonString(r.method))}"
                )
            }
        }
        try w.commit()
        note(
            "exported \(kept) of \(set.itemCount) items (\(set.itemCount - kept) below confidence \(minConfidence)) with method \(r.method)"
        )
    }

    /// Vendor names joined with '|'; a '|' or a backslash inside a name gets a backslash before it.
    static func joinVendors(_ names: [String]) -> String {
        names.map {
            $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
        }
        .joined(separator: "|")
    }
}
