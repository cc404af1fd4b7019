// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import Foundation

/// `assay infer`: the consensus label of every item, with posteriors and annotator skills.
struct InferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Infer each item's true label from redundant noisy labels.",
        discussion: "Methods:\n"
            + Methods.summaries.map { "  \($0.0.padding(toLength: 6, withPad: " ", startingAt: 0)) \($0.1)" }
            .joined(separator: "\n"))

    @OptionGroup var input: LabelInputOptions

    @Option(help: "Inference method (the default is the one every command uses; see the list below).")
    var method = Methods.defaultName

    @Option(help: "Known answers for some items (item and truth/gold columns); clamped by ds and ods.")
    var gold: String?

    @Option(help: "Where to write one row per item ('-' for standard output).")
    var out = "-"

    @Option(
        name: .customLong("annotators-out"), help: "Where to write one row per annotator (skill, confusion).")
    var annotatorsOut: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .csv

    @Option(help: "Seed for methods that draw random numbers.")
    var seed: UInt64 = 0

    func validate() throws {
        guard Methods.make(method) != nil else {
            throw ValidationError(
                "unknown method '\(method)'; expected one of: \(Methods.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        try refuseOverwritingInputs(
            outputs: [("--out", out), ("--annotators-out", annotatorsOut)],
            inputs: input.labels + [gold].compactMap { $0 })
        if let annotatorsOut, annotatorsOut == out, out != "-" {
            throw InputProblem(message: "--out and --annotators-out name the same file \(out)")
        }
        let (set, reports, storedGold) = try await input.loadWithGold()
        note(LabelInputOptions.summary(set, reports))
        let goldAnswers = try goldFor(set, file: gold, stored: storedGold)
        let m = try AssayCLI.method(named: method, seed: seed)
        if let reason = m.unsupportedReason(set) { throw InputProblem(message: reason) }
        let result = m.infer(set, gold: goldAnswers)
        note("method \(result.method)")
        for line in result.notes { note("\(method): \(line)") }
        for w in result.warnings { note("warning: \(w)") }
        if method != "mv" {
            let mv = MajorityVote().infer(set, gold: goldAnswers)
            let differ = zip(mv.labels, result.labels).filter { $0 != $1 }.count
            note(
                "majority-vote baseline: \(method) differs from it on \(differ) of \(set.itemCount) items "
                    + String(format: "(%.1f%%)", 100 * Double(differ) / Double(max(set.itemCount, 1))))
        }
        let written: InputFormat = format == .csv ? .csv : .jsonl
        try ResultWriter.writeItems(result, set: set, to: out, format: written)
        if let annotatorsOut {
            try ResultWriter.writeAnnotators(result, set: set, to: annotatorsOut, format: written)
        }
    }
}

/// Namespace for CLI helpers that share names with Core types.
enum AssayCLI {
    /// Writes a line to standard error.
    static func note(_ message: String) { assay.note(message) }

    static func method(named name: String, seed: UInt64) throws -> any InferenceMethod {
        try assay.method(named: name, seed: seed)
    }
}
