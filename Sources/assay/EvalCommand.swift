// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import Foundation

/// `assay eval`: accuracy of every method against known truth.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score inference methods against a truth file.",
        discussion: """
            Prints method, accuracy over items with truth, items scored, iterations, seconds, and \
            three scores of the posteriors as probabilities over the same items: log loss (mean -ln \
            of the true class's posterior, floored at 1e-12), Brier score (mean squared distance \
            from the true class's one-hot vector) and expected calibration error (15 equal-width \
            confidence bins); lower is better. Every item with truth is scored: a true class that no \
            label uses is a wrong prediction. With --gold-share X a seeded random share X of the \
            truth is handed to the methods as gold and scoring uses the rest. --json prints an array \
            of objects with keys method, accuracy, items_scored, correct, iterations, seconds, \
            log_loss, brier, ece, confident (items scored at confidence >= 0.99), confident_correct, \
            unseen_labels (items whose predicted label none of their annotators gave), \
            unseen_scored, unseen_correct, status, note, notes and warnings.
            """)

    @OptionGroup var input: LabelInputOptions

    @Option(help: "Truth file: item and truth columns.")
    var truth: String

    @Option(help: "Methods: all (the type's methods), or a comma-separated list.")
    var methods = "all"

    @Option(name: .customLong("gold-share"), help: "Share of truth handed to the methods as gold (0 to 1).")
    var goldShare = DecimalNumber("0")!

    @Flag(
        name: .customLong("withhold-gold"),
        help:
            "Sample the gold share but do not hand it to the methods (plain methods scored on the same items)."
    )
    var withholdGold = false

    @Option(help: "Seed for the gold sample and seeded methods.")
    var seed: UInt64 = 0

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard (0..<1).contains(goldShare.value) else {
            throw ValidationError("--gold-share takes a number in [0, 1)")
        }
        for name in methodNames where input.typing.type == .categorical && Methods.make(name) == nil {
            throw ValidationError(
                "unknown method '\(name)'; expected all or some of: \(Methods.names.joined(separator: ", "))")
        }
    }

    var methodNames: [String] {
        methods == "all"
            ? Methods.names
            : methods.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    struct Row: Encodable {
        var method: String
        var accuracy: Double?
        var itemsScored: Int
        var correct: Int
        var iterations: Int?
        var seconds: Double
        var status: String
        var note: String?
        var logLoss: Double? = nil
        var brier: Double? = nil
        var ece: Double? = nil
        var confident: Int? = nil
        var confidentCorrect: Int? = nil
        var unseenLabels: Int? = nil
        var unseenScored: Int? = nil
        var unseenCorrect: Int? = nil
        var notes: [String] = []
        var warnings: [String] = []

        enum CodingKeys: String, CodingKey {
            case method, accuracy, correct, iterations, seconds, status, note, brier, ece, confident, notes
            case warnings
            case itemsScored = "items_scored"
            case logLoss = "log_loss"
            case confidentCorrect = "confident_correct"
            case unseenLabels = "unseen_labels"
            case unseenScored = "unseen_scored"
            case unseenCorrect = "unseen_correct"
        }
    }

    func run() async throws {
        let loaded = try await input.loadTyped()
        if !json { note(LabelInputOptions.summary(loaded)) }
        guard case .categorical(let set) = loaded.labels else {
            try runTyped(loaded)
            return
        }
        for name in methodNames { _ = try TypedMethods.resolve(name, type: .categorical) }
        let truthTable = try loadTruth(truth, for: set)
        let gold =
            goldShare.value > 0
            ? Accuracy.sampleGold(from: truthTable, share: goldShare.value, seed: seed) : nil
        if let gold, !json {
            note("handing \(gold.knownCount) truth items to the methods as gold; scoring the rest")
        }
        var rows: [Row] = []
        for name in methodNames {
            let m = try AssayCLI.method(named: name, seed: seed)
            if let reason = m.unsupportedReason(set) {
                rows.append(
                    Row(
                        method: name, accuracy: nil, itemsScored: 0, correct: 0, iterations: nil, seconds: 0,
                        status: "skipped", note: reason))
                continue
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let r = m.infer(set, gold: withholdGold ? nil : gold)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let acc = Accuracy.score(r.labels, truth: truthTable, excluding: gold)
            let cal = Calibration.score(
                r.posteriors, classes: r.classCount, truth: truthTable, excluding: gold)
            let unseen = UnseenLabels.score(r.labels, set: set, truth: truthTable, excluding: gold)
            rows.append(
                Row(
                    method: name, accuracy: acc.value, itemsScored: acc.scored, correct: acc.correct,
                    iterations: r.iterations, seconds: seconds, status: "ok", note: r.notes.first,
                    logLoss: cal.logLoss, brier: cal.brier, ece: cal.expectedCalibrationError,
                    confident: cal.confident, confidentCorrect: cal.confidentCorrect,
                    unseenLabels: unseen.count,
                    unseenScored: unseen.scored, unseenCorrect: unseen.correct, notes: r.notes,
                    warnings: r.warnings))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            return
        }
        print("method  accuracy  items_scored  iterations  seconds  log_loss   brier     ece")
        for r in rows {
            guard let a = r.accuracy else {
                print(
                    "\(r.method.padding(toLength: 6, withPad: " ", startingAt: 0))  skipped: \(r.note ?? "")")
                continue
            }
            print(
                "\(r.method.padding(toLength: 6, withPad: " ", startingAt: 0))  \(String(format: "%8.4f", a))  "
                    + "\(String(format: "%12d", r.itemsScored))  \(String(format: "%10d", r.iterations ?? 0))  "
                    + String(format: "%7.3f", r.seconds)
                    + String(
                        format: "  %8.4f  %6.4f  %6.4f", r.logLoss ?? .nan, r.brier ?? .nan, r.ece ?? .nan))
        }
        if let auto = rows.first(where: { $0.method == "auto" }), let n = auto.note { note("auto: \(n)") }
        for r in rows { for w in r.warnings { note("warning (\(r.method)): \(w)") } }
    }

    /// The truth table for scoring: every item with truth, those whose true class no label uses
    /// marked `GoldAnswers.classNoLabelUses` (scored as wrong, never dropped).
    func loadTruth(_ path: String, for set: LabelSet) throws -> GoldAnswers {
        let (table, unknownItems, unknownClasses) = try AnswerReader.readMatched(path, to: set)
        if !unknownItems.isEmpty {
            note(
                "\(path): \(unknownItems.count) truth items have no labels and are not scored (first: \(unknownItems[0]))"
            )
        }
        guard !unknownClasses.isEmpty else { return table }
        // The items of those answers, found through the same matching (any class will do).
        let marked = AnswerReader.match(unknownClasses.map { ($0.item, set.classes[0]) }, to: set).gold
        var answer = table.answer
        for i in answer.indices where marked.answer[i] >= 0 { answer[i] = GoldAnswers.classNoLabelUses }
        let (item, value) = unknownClasses[0]
        note(
            "\(path): \(unknownClasses.count) truth answers name a class no label uses; those items are scored "
                + "as wrong (first: item \(item), answer '\(value)')")
        return GoldAnswers(answer: answer)
    }
}
