// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import Foundation

/// Known-answer checks (attention checks, "hands on the wheel" tests) from a file: one row per
/// check with the rater (`worker`/`rater`…, and `vendor` when raters are scoped by vendor) and
/// whether it was passed, in a column named `category`, `result`, `outcome`, `passed` or `found`
/// holding `Found`/`Missed`, `pass`/`fail`, `passed`/`failed`, `true`/`false`, `yes`/`no` or `1`/`0`.
enum KnownAnswerInput {
    /// Words read as a passed check.
    static let passedWords: Set<String> = ["found", "pass", "passed", "true", "yes", "1", "ok", "correct"]
    /// Words read as a failed check.
    static let failedWords: Set<String> = [
        "missed", "fail", "failed", "false", "no", "0", "wrong", "incorrect",
    ]

    /// The checks of `path` counted per rater of `index`; rows naming a rater with no ratings are
    /// counted and reported on standard error.
    /// - Throws: `InputProblem` naming the file, line, field and value of an unreadable row.
    static func read(_ path: String, index: LabelIndex) throws -> KnownAnswerChecks {
        let table = try RecordTable.read(path)
        guard let who = table.column(.annotator) else {
            throw InputProblem(
                message:
                    "\(path): no rater column (expected one of \(ColumnRole.annotator.aliases.joined(separator: ", ")))"
            )
        }
        let names = ["category", "result", "outcome", "passed", "found", "check"]
        guard let what = table.columns.firstIndex(where: { names.contains($0.lowercased()) }) else {
            throw InputProblem(
                message: "\(path): no pass/fail column (expected one named \(names.joined(separator: ", ")))")
        }
        let vendorColumn = table.column(.vendor)
        var raters: [String: Int32] = [:]
        for a in 0..<index.annotatorCount {
            raters[index.vendorIDs[Int(index.annotatorVendor[a])] + "\u{0}" + index.annotatorIDs[a]] = Int32(
                a)
        }
        var rater: [Int32] = []
        var passed: [Bool] = []
        var unknown = 0
        for (r, row) in table.rows.enumerated() {
            let word = (row[what] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let ok: Bool
            if passedWords.contains(word) {
                ok = true
            } else if failedWords.contains(word) {
                ok = false
            } else {
                throw InputProblem(
                    message:
                        "\(path):\(table.lines[r]): field \(table.columns[what]): value \"\(row[what] ?? "")\"; "
                        + "expected Found or Missed (or pass/fail, true/false, 1/0)")
            }
            let vendor =
                vendorColumn.flatMap { row[$0] } ?? (index.vendorIDs.count == 1 ? index.vendorIDs[0] : "")
            guard let a = raters[vendor + "\u{0}" + (row[who] ?? "")] else {
                unknown += 1
                continue
            }
            rater.append(a)
            passed.append(ok)
        }
        if unknown > 0 { note("\(path): \(unknown) checks name a rater without ratings and are not used") }
        return KnownAnswerChecks(annotators: index.annotatorCount, rater: rater, passed: passed)
    }
}
