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

    @Option(
        help: """
            Inference method (default: the one every command uses for the type: \(Methods.defaultName) for \
            categorical labels, auto for pairwise and rating, rover for text, ds per class for multilabel).
            """)
    var method: String?

    @Option(help: "Known answers for some items (item and truth/gold columns); clamped by ds and ods.")
    var gold: String?

    @Option(
        help: """
            Where to write one row per item ('-' for standard output; pairwise: the per-comparison \
            consensus, written to standard output unless --objects-out is given).
            """)
    var out: String?

    @Option(
        name: .customLong("objects-out"),
        help: "Pairwise: where to write one row per object (object, score, low, high; higher = preferred).")
    var objectsOut: String?

    @Option(
        name: .customLong("annotators-out"), help: "Where to write one row per annotator (skill, confusion).")
    var annotatorsOut: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .csv

    @Option(help: "Seed for methods that draw random numbers.")
    var seed: UInt64 = 0

    func validate() throws {
        if let method, input.typing.type == .categorical, Methods.make(method) == nil {
            throw ValidationError(
                "unknown method '\(method)'; expected one of: \(Methods.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let outputs = [("--out", out), ("--annotators-out", annotatorsOut), ("--objects-out", objectsOut)]
        try refuseOverwritingInputs(outputs: outputs, inputs: input.labels + [gold].compactMap { $0 })
        let files = outputs.compactMap { o in o.1.flatMap { $0 == "-" ? nil : ($0, o.0) } }
        for (path, option) in files where files.filter({ $0.0 == path }).count > 1 {
            throw InputProblem(message: "\(option) and another output option name the same file \(path)")
        }
        let loaded = try await input.loadTyped()
        note(LabelInputOptions.summary(loaded))
        guard case .categorical(let set) = loaded.labels else {
            if gold != nil {
                throw InputProblem(
                    message: "--gold applies to categorical labels; these are \(loaded.typeName) labels")
            }
            try runTyped(loaded)
            return
        }
        if objectsOut != nil {
            throw InputProblem(
                message: "--objects-out applies to pairwise labels; these are categorical labels")
        }
        let method = try TypedMethods.resolve(self.method, type: .categorical)
        let out = self.out ?? "-"
        let storedGold = loaded.storedGold
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
