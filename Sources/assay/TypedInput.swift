// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayStore
import Foundation

/// What a command read: the labels of one project type, the reports of the files read, and the
/// gold stored with a project (categorical projects only).
struct TypedInput {
    /// The labels.
    var labels: TypedLabels
    /// One report per file read (empty for a project).
    var reports: [ReadReport]
    /// A project's stored gold.
    var storedGold: [(item: String, answer: String)]

    /// The type's name, as messages print it.
    var typeName: String { labels.typeName }
}

extension LabelType {
    /// What the reader is asked for.
    func kind(scale: RatingScale?) -> LabelKind {
        switch self {
        case .categorical: .categorical
        case .pairwise: .pairwise
        case .rating: .rating(scale)
        case .multilabel: .multilabel(classes: nil)
        case .text: .text
        }
    }
}

extension LabelInputOptions {
    /// Reads the labels of any type: a project from the store, or the files with `--type` (or the
    /// type their columns imply, said on standard error). Several files of one type are joined,
    /// each file a vendor named after it when it has no vendor column.
    func loadTyped() async throws -> TypedInput {
        let scale = try typing.ratingScale()
        let isProject =
            labels.count == 1 && labels[0] != "-" && !FileManager.default.fileExists(atPath: labels[0])
        var kind = typing.type?.kind(scale: scale)
        if kind == nil, !isProject {
            let first = try SpooledInput(labels[0])
            let (detected, reason) = try first.renamingErrors {
                try TypedLabelReader.detectType(
                    first.path,
                    format: inputFormat ?? (first.isCopy ? InputFormat.guess(path: first.given) : nil))
            }
            if detected != .categorical {
                note(
                    "reading \(labels.joined(separator: ", ")) as \(detected.name) labels: \(reason) (--type says otherwise)"
                )
            }
            kind = detected
        }
        if isProject, store.exists, let typed = try await loadTypedProject() {
            return typed
        }
        if isProject || kind == nil || kind == .categorical {
            let (set, reports, gold) = try await loadWithGold()
            return TypedInput(labels: .categorical(set), reports: reports, storedGold: gold)
        }
        var parts: [TypedLabels] = []
        var reports: [ReadReport] = []
        for path in labels {
            let input = try SpooledInput(path)
            let options = readOptions(path, input)
            let (part, report) = try input.renamingErrors {
                try TypedLabelReader.read(input.path, type: kind!, options: options)
            }
            parts.append(part)
            reports.append(report)
        }
        let labels = try Self.join(parts, scale: scale)
        guard labels.count > 0 else {
            throw InputProblem(message: "no labels in \(self.labels.joined(separator: ", "))")
        }
        return TypedInput(labels: labels, reports: reports, storedGold: [])
    }

    /// A project of another type than categorical, read from the store: its labels as its type
    /// says (`--type` must agree); nil for a categorical project or when there is no such project
    /// (`loadWithGold` reads it then, or says what is missing).
    func loadTypedProject() async throws -> TypedInput? {
        let s = try await store.open(.read)
        let p: ProjectRecord
        do { p = try await s.project(named: labels[0]) } catch { return nil }
        if let type = typing.type, type != p.type.labelType {
            throw InputProblem(
                message: "project \(p.name) is a \(p.type.name) project; --type says \(type.rawValue)")
        }
        if typing.scale != nil {
            throw InputProblem(
                message: "--scale describes files; project \(p.name) has its own type (\(p.type))")
        }
        guard p.type.labelType != .categorical else { return nil }
        let loaded = TypedLabels(stored: try await s.labels(of: p))
        guard loaded.count > 0 else {
            throw InputProblem(message: "project \(p.name) has no labels yet (assay import)")
        }
        return TypedInput(labels: loaded, reports: [], storedGold: [])
    }

    /// The parts of one type as one set.
    static func join(_ parts: [TypedLabels], scale: RatingScale?) throws -> TypedLabels {
        guard parts.count > 1 else { return parts[0] }
        switch parts[0] {
        case .pairwise:
            let sets = parts.compactMap { if case .pairwise(let s) = $0 { s } else { nil } }
            do { return .pairwise(try TypedSetMerge.pairwise(sets)) } catch {
                throw InputProblem(
                    message:
                        "the files disagree about a shown pair: \((error as? PairwiseSetError)?.description ?? "\(error)")"
                )
            }
        case .rating:
            return .rating(
                TypedSetMerge.ratings(
                    parts.compactMap { if case .rating(let s) = $0 { s } else { nil } }, scale: scale))
        case .multilabel:
            return .multilabel(
                TypedSetMerge.multiLabels(
                    parts.compactMap { if case .multilabel(let s) = $0 { s } else { nil } }))
        case .text:
            return .text(
                TypedSetMerge.texts(parts.compactMap { if case .text(let s) = $0 { s } else { nil } }))
        case .categorical:
            preconditionFailure("categorical files are read by loadWithGold")
        }
    }

    /// A one-line summary of what was read, for any type.
    static func summary(_ input: TypedInput) -> String {
        func ignored() -> String {
            input.reports.filter { !$0.ignoredColumns.isEmpty }
                .map { "; \($0.file): ignored columns \($0.ignoredColumns.joined(separator: ", "))" }.joined()
        }
        let notes = input.reports.flatMap { r in r.notes.map { "\n\(r.file): \($0)" } }.joined()
        switch input.labels {
        case .categorical(let set): return summary(set, input.reports)
        case .pairwise(let s):
            return
                "read \(s.count) pairwise comparisons: \(s.itemCount) shown pairs of \(s.objectCount) objects, "
                + "\(s.annotatorCount) annotators\(s.positionsKnown ? "" : " (display order unknown)")"
                + ignored() + notes
        case .rating(let s):
            return "read \(s.count) ratings: \(s.itemCount) items, \(s.annotatorCount) raters, scale "
                + "\(s.scale.expectation) (\(s.scale.level.rawValue))" + ignored() + notes
        case .multilabel(let s):
            return "read \(s.count) label sets: \(s.itemCount) items, \(s.annotatorCount) annotators, "
                + "\(s.classCount) classes (\(s.classes.prefix(10).map(quotedIfNeeded).joined(separator: ", "))"
                + "\(s.classCount > 10 ? ", … \(s.classCount - 10) more" : ""))" + ignored() + notes
        case .text(let s):
            return "read \(s.count) text answers: \(s.itemCount) items, \(s.annotatorCount) writers"
                + ignored() + notes
        }
    }
}
