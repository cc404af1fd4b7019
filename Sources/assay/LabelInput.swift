// Assay — quality control for human-labelled training data.

public import ArgumentParser
import AssayCore
public import AssayFormats
import AssayStore
import Foundation

/// Options shared by every command that reads label files.
struct LabelInputOptions: ParsableArguments {
    @Argument(
        help:
            "Label files (CSV, TSV or JSONL; columns task/item, worker/annotator, label/answer), or one project name in the store."
    )
    var labels: [String]

    @OptionGroup var store: StoreOptions

    @Option(
        name: .customLong("input-format"), help: "Input format (csv, tsv, jsonl); guessed from the extension."
    )
    var inputFormat: InputFormat?

    @OptionGroup var typing: TypeOptions

    /// How `path` is read: its format (given, or guessed from the name of a spooled copy's original)
    /// and, when several files are given, the vendor named after the file for rows without one.
    func readOptions(_ path: String, _ input: SpooledInput) -> LabelReadOptions {
        var options = LabelReadOptions(
            format: inputFormat ?? (input.isCopy ? InputFormat.guess(path: input.given) : nil))
        if labels.count > 1 {
            let base = path.split(separator: "/").last.map(String.init) ?? path
            options.defaultVendor = base.split(separator: ".").first.map(String.init) ?? base
        }
        return options
    }

    /// Reads every file into one label set. Files without a vendor column are attributed to a
    /// vendor named after the file when several files are given.
    func load(allowNonCategorical: Bool = false) async throws -> (LabelSet, [ReadReport]) {
        let (set, reports, _) = try await loadWithGold(allowNonCategorical: allowNonCategorical)
        return (set, reports)
    }

    /// Like `load`, plus the gold stored with the project when the input was a project.
    ///
    /// One argument that is not a file is a project in the store (a read: nothing is created). When
    /// a file and a project share the name, the file is read and a note says so. A set whose labels
    /// cannot be categories (thousands of classes, or most labels unique) is refused before any
    /// method allocates for it.
    func loadWithGold(allowNonCategorical: Bool = false) async throws -> (
        LabelSet, [ReadReport], [(item: String, answer: String)]
    ) {
        if labels.count == 1, labels[0] != "-", !FileManager.default.fileExists(atPath: labels[0]) {
            guard store.exists else {
                throw InputProblem(
                    message: "\(labels[0]) is neither a file nor a project: no such file, and no store at "
                        + "\(store.resolved) to look for a project in")
            }
            let s = try await store.open(.read)
            do {
                let p = try await s.project(named: labels[0])
                let set = try await s.labelSet(of: p)
                guard set.count > 0 else {
                    throw InputProblem(message: "project \(p.name) has no labels yet (assay import)")
                }
                return (set, [], try await s.goldAnswers(of: p))
            } catch let e as StoreError {
                throw InputProblem(message: "\(labels[0]) is neither a file nor a project: \(e.description)")
            }
        }
        if labels.count == 1, store.exists, !labels[0].contains("/"),
            let s = try? await store.open(.read), (try? await s.project(named: labels[0])) != nil
        {
            note(
                "reading the file \(labels[0]); the store \(store.resolved) also has a project of that name "
                    + "(give ./\(labels[0]) or rename one to make this explicit)")
        }
        var builder = LabelSetBuilder()
        var reports: [ReadReport] = []
        for path in labels {
            let input = try SpooledInput(path)
            let options = readOptions(path, input)
            reports.append(
                try input.renamingErrors {
                    try LabelReader.read(input.path, into: &builder, options: options)
                })
        }
        let set = (consume builder).build()
        guard set.count > 0 else {
            throw InputProblem(message: "no labels in \(labels.joined(separator: ", "))")
        }
        if !allowNonCategorical, let reason = set.notCategoricalReason() {
            throw InputProblem(message: reason)
        }
        return (set, reports, [])
    }

    /// A one-line summary of what was read, with repeated pairs and ignored columns.
    static func summary(_ set: LabelSet, _ reports: [ReadReport]) -> String {
        var s =
            "read \(set.count) labels: \(set.itemCount) items, \(set.annotatorCount) annotators, "
            + "\(set.classCount) classes (\(set.classes.prefix(10).map(quotedIfNeeded).joined(separator: ", "))"
            + "\(set.classCount > 10 ? ", … \(set.classCount - 10) more" : ""))"
        if set.repeatedPairs > 0 { s += "; \(set.repeatedPairs) repeated (item, annotator) pairs kept" }
        for r in reports where !r.ignoredColumns.isEmpty {
            s += "; \(r.file): ignored columns \(r.ignoredColumns.joined(separator: ", "))"
        }
        return s
    }
}

extension InputFormat: ExpressibleByArgument {}

/// Gold answers for a label set: from `--gold FILE` when given, else the project's stored gold.
func goldFor(_ set: LabelSet, file: String?, stored: [(item: String, answer: String)]) throws -> GoldAnswers?
{
    if let file { return try loadAnswers(file, for: set, role: "gold") }
    guard !stored.isEmpty else { return nil }
    return AnswerReader.match(stored, to: set).gold
}

/// Loads known answers for a label set, saying what could not be matched.
func loadAnswers(_ path: String, for set: LabelSet, role: String) throws -> GoldAnswers {
    let (table, unknownItems, unknownClasses) = try AnswerReader.readMatched(path, to: set)
    if !unknownItems.isEmpty {
        note(
            "\(path): \(unknownItems.count) \(role) items have no labels and are not used (first: \(unknownItems[0]))"
        )
    }
    if !unknownClasses.isEmpty {
        let (item, answer) = unknownClasses[0]
        note(
            "\(path): \(unknownClasses.count) \(role) answers name a class no label uses and are not used "
                + "(first: item \(item), answer '\(answer)'; classes: \(set.classes.joined(separator: ", ")))"
        )
    }
    return table
}

/// Parses a method name, listing the valid ones on failure.
func method(named name: String, seed: UInt64) throws -> any InferenceMethod {
    guard let m = Methods.make(name, seed: seed) else {
        throw ValidationError(
            "unknown method '\(name)'; expected one of: \(Methods.names.joined(separator: ", "))")
    }
    return m
}

/// A name as a list shows it: as is when plain, in quotes with escapes when it holds a comma,
/// a quote, a control character or leading/trailing spaces.
func quotedIfNeeded(_ name: String) -> String {
    let plain =
        !name.isEmpty && name.trimmingCharacters(in: .whitespaces) == name
        && !name.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0.value < 0x20 || $0.value == 0x7F }
    return plain ? name : TextFileWriter.jsonString(name)
}
