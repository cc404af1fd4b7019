// Assay — quality control for human-labelled training data.

import AssayFormats
public import AssayStore
import Foundation

/// A gold file read and checked against its project: answers must be project classes; an answer
/// that changes a stored one is counted and needs `replace`; extra columns become the items'
/// payloads (so that honeypots can be sent in the same form as real items). The one road by which
/// `assay gold add` and the server take gold in.
public struct GoldIntake: Sendable {
    /// The answers, in file order.
    public var answers: [(item: String, answer: String)]
    /// Item payloads from the file's extra columns (JSON objects), when it has any.
    public var payloads: [(item: String, json: String)]
    /// The extra columns kept as payloads.
    public var payloadColumns: [String]
    /// Answers for items without one.
    public var new: Int
    /// Answers that replace a different stored one.
    public var changed: Int

    /// Reads `path` (a regular file) as gold for `project`, given its stored gold.
    /// - Throws: `InputErrors` for answers that are not project classes (with their lines and the
    ///   file's column name);
    ///   `IntakeError` when answers would change without `replace`.
    public static func read(
        _ path: String, display: String, project: ProjectRecord, stored: [(item: String, answer: String)],
        replace: Bool
    ) throws -> GoldIntake {
        // Answers outside the project's classes are errors naming their line and column.
        let answers: [(item: String, answer: String)]
        do {
            answers = try AnswerReader.read(path, allowedClasses: project.classes).map {
                ($0.item, $0.answer)
            }
        } catch let e as FormatError {
            throw e.renamed(from: path, to: display)
        } catch let e as InputErrors {
            throw e.renamed(from: path, to: display)
        }
        var known: [String: String] = [:]
        for (item, answer) in stored { known[item] = answer }
        let changed = answers.filter { a in known[a.item].map { $0 != a.answer } ?? false }
        if !changed.isEmpty && !replace {
            let shown = changed.prefix(5).map { "\($0.item): \(known[$0.item]!) → \($0.answer)" }
            throw IntakeError(
                "\(display) changes the stored gold answer of \(changed.count) items ("
                    + shown.joined(separator: "; ") + (changed.count > 5 ? "; …" : "")
                    + "); nothing was written (replace to make the changes)")
        }
        let table = try RecordTable.read(path)
        var payloads: [(item: String, json: String)] = []
        var extraNames: [String] = []
        if let itemColumn = table.column(.item) {
            let answerColumn = table.column(.answer)
            let extra = table.columns.indices.filter { $0 != itemColumn && $0 != answerColumn }
            extraNames = extra.map { table.columns[$0] }
            if !extra.isEmpty {
                payloads = table.rows.compactMap { row -> (item: String, json: String)? in
                    guard let item = row[itemColumn] else { return nil }
                    var object: [String: String] = [:]
                    for j in extra { if let v = row[j] { object[table.columns[j]] = v } }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                    guard let data = try? encoder.encode(object) else { return nil }
                    return (item, String(decoding: data, as: UTF8.self))
                }
            }
        }
        return GoldIntake(
            answers: answers, payloads: payloads, payloadColumns: extraNames,
            new: answers.filter { known[$0.item] == nil }.count, changed: changed.count)
    }
}
