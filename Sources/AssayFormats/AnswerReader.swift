// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// Reads files of known answers (truth or gold): an item column and an answer column (`truth`,
/// `gold`, `true_label`, `answer`, `label`), in CSV, TSV or JSONL.
public enum AnswerReader {
    /// Known answers by external item id, in file order, each with the line that gave it first.
    /// With `allowedClasses` (a project's classes), an answer outside them is an invalid row; with
    /// `allowEmpty` an empty answer is one (a multi-label item whose true set is empty).
    /// - Throws: `InputErrors` for empty fields, fields that are not UTF-8 text, an item given two
    ///   different answers or an answer outside `allowedClasses`; each error names the file's line
    ///   and its column header.
    /// - Complexity: O(bytes) expected; ids are hashed as bytes, one `String` per distinct item.
    public static func read(
        _ path: String, format: InputFormat? = nil, allowedClasses: [String]? = nil, allowEmpty: Bool = false
    ) throws -> [(item: String, answer: String, line: Int)] {
        var table = AnswerTable()
        table.allowed = allowedClasses
        table.allowEmpty = allowEmpty
        try scan(path, format: format, into: &table)
        let answerNames = table.answers.strings()
        return table.order.map {
            let id = Int($0)
            return (table.items.string(id), answerNames[Int(table.answerOf[id])], table.lineOf[id])
        }
    }

    /// Reads known answers straight into a per-item table of `set` (no `String` per row): what
    /// `match(read(path), to: set)` gives, for large truth files.
    /// - Throws: as `read`.
    /// - Complexity: O(bytes + items of `set`) expected.
    public static func readMatched(_ path: String, format: InputFormat? = nil, to set: LabelSet) throws -> (
        gold: GoldAnswers, unknownItems: [String], unknownClasses: [(item: String, answer: String)]
    ) {
        var table = AnswerTable(seededWith: set)
        try scan(path, format: format, into: &table)
        return table.resolve(against: set)
    }

    /// Matches answers to a label set: per-item class indices (-1 unknown), plus the answers whose
    /// item is not in the set and those whose class no label uses. An item given twice keeps its
    /// first answer.
    /// - Complexity: O(items + answers) expected, ids hashed as bytes.
    public static func match(_ answers: [(item: String, answer: String)], to set: LabelSet) -> (
        gold: GoldAnswers, unknownItems: [String], unknownClasses: [(item: String, answer: String)]
    ) {
        var table = AnswerTable(seededWith: set)
        for (item, answer) in answers {
            var item = item
            var answer = answer
            item.withUTF8 { i in
                answer.withUTF8 { table.add(i, $0, line: 0, path: "", fields: ("item", "answer")) }
            }
        }
        return table.resolve(against: set)
    }

    /// The class index of each answer text in `set` (also after trimming white space), nil when no
    /// label uses it.
    private static func classIndices(_ answers: [String], of set: LabelSet) -> [Int32?] {
        var classIndex: [String: Int32] = [:]
        for (k, c) in set.classes.enumerated() { classIndex[c] = Int32(k) }
        return answers.map { classIndex[$0] ?? classIndex[$0.trimmingWhitespace()] }
    }

    /// Known answers as they are read: items and answers interned as bytes, per item its answer and
    /// line, items in first-seen order, and the row errors.
    private struct AnswerTable {
        var items: ByteInterner
        var answers = ByteInterner(capacity: 16)
        var answerOf: [Int32] = []
        var lineOf: [Int] = []
        /// Item ids in the order the file first gave them.
        var order: [Int32] = []
        var errors: [FormatError] = []
        var total = 0
        /// The classes an answer must be one of, when limited; per answer id, whether it is one.
        var allowed: [String]?
        /// Whether an empty answer is an answer (otherwise an invalid row).
        var allowEmpty = false
        var answerAllowed: [Bool] = []

        init(capacity: Int = 1024) { items = ByteInterner(capacity: capacity) }

        /// A table whose items 0..<itemCount are `set`'s (its ids are distinct), so that an answer's
        /// item interning to a higher id is not in the set.
        init(seededWith set: LabelSet) {
            items = ByteInterner(capacity: set.itemCount + 1024)
            for var id in set.itemIDs { _ = id.withUTF8 { items.intern($0) } }
            precondition(items.count == set.itemCount, "a label set's item ids are distinct")
            answerOf = [Int32](repeating: -1, count: set.itemCount)
            lineOf = [Int](repeating: 0, count: set.itemCount)
        }

        /// The answers of a table made by `init(seededWith: set)` as class indices per item of
        /// `set`, with the answers whose item is not in the set and those whose class no label
        /// uses (in the order the answers came).
        func resolve(against set: LabelSet) -> (
            gold: GoldAnswers, unknownItems: [String], unknownClasses: [(item: String, answer: String)]
        ) {
            let classOf = AnswerReader.classIndices(answers.strings(), of: set)
            var gold = [Int32](repeating: -1, count: set.itemCount)
            var unknownItems: [String] = []
            var unknownClasses: [(item: String, answer: String)] = []
            for id in order.map(Int.init) {
                let a = Int(answerOf[id])
                guard id < set.itemCount else {
                    unknownItems.append(items.string(id))
                    continue
                }
                guard let k = classOf[a] else {
                    unknownClasses.append((items.string(id), answers.string(a)))
                    continue
                }
                gold[id] = k
            }
            return (GoldAnswers(answer: gold), unknownItems, unknownClasses)
        }

        mutating func fail(_ e: FormatError) {
            total += 1
            if errors.count < 20 { errors.append(e) }
        }

        /// Records one row; an item given again must have the same answer.
        mutating func add(
            _ item: UnsafeBufferPointer<UInt8>, _ answer: UnsafeBufferPointer<UInt8>, line: Int, path: String,
            fields: (item: String, answer: String)
        ) {
            if item.isEmpty || (answer.isEmpty && !allowEmpty) {
                fail(
                    FormatError(
                        file: path, line: line, field: item.isEmpty ? fields.item : fields.answer, value: "",
                        expected: item.isEmpty ? "a non-empty item id" : "a non-empty answer"))
                return
            }
            let a = answers.intern(answer).id
            if let allowed {
                if Int(a) == answerAllowed.count {
                    answerAllowed.append(allowed.contains(answers.string(Int(a))))
                }
                guard answerAllowed[Int(a)] else {
                    fail(
                        FormatError(
                            file: path, line: line, field: fields.answer, value: answers.string(Int(a)),
                            expected: "one of the project's classes: \(allowed.joined(separator: ", ")) "
                                + "(item '\(String(decoding: item, as: UTF8.self))')"))
                    return
                }
            }
            let id = Int(items.intern(item).id)
            if id == answerOf.count {
                answerOf.append(-1)
                lineOf.append(0)
            }
            let previous = answerOf[id]
            if previous < 0 {
                answerOf[id] = a
                lineOf[id] = line
                order.append(Int32(id))
            } else if previous != a {
                fail(
                    FormatError(
                        file: path, line: line, field: fields.answer, value: answers.string(Int(a)),
                        expected:
                            "the same answer as line \(lineOf[id]) ('\(answers.string(Int(previous)))') "
                            + "for item '\(items.string(id))'"))
            }
        }
    }

    /// Reads every row of `path` into `table`.
    /// - Throws: `FormatError` for a file that cannot be read or lacks the columns;
    ///   `InputErrors` after the whole file when rows were invalid.
    private static func scan(_ path: String, format: InputFormat?, into table: inout AnswerTable) throws {
        let roles: [ColumnRole] = [.item, .answer]
        let f = format ?? InputFormat.guess(path: path)
        switch f {
        case .csv, .tsv:
            let (parser, header) = try DelimitedParser.withHeader(
                path: path, delimiter: f == .csv ? UInt8(ascii: ",") : 9)
            let map = try ColumnMap.resolve(header: header, roles: roles, required: roles, file: path)
            let ci = map.index[.item]!
            let cg = map.index[.answer]!
            while try parser.nextRecord() {
                guard parser.fieldCount == header.count else {
                    table.fail(
                        FormatError(
                            file: path, line: parser.line, value: parser.rawRecord(),
                            expected: "\(header.count) fields as in the header, found \(parser.fieldCount)"))
                    continue
                }
                if let e = parser.textError(ci, field: header[ci]) ?? parser.textError(cg, field: header[cg])
                {
                    table.fail(e)
                    continue
                }
                table.add(
                    parser.field(ci), parser.field(cg), line: parser.line, path: path,
                    fields: (header[ci], header[cg]))
            }
        case .jsonl:
            // Members matched by name on every line (`RecordScanner`'s JSON mode), read in pieces.
            let parser = try DelimitedParser(path: path, jsonRoles: roles)
            let record = parser.record
            while try parser.nextRecord() {
                if let expected = parser.invalidReason {
                    table.fail(
                        FormatError(
                            file: path, line: parser.line, value: parser.rawRecord(), expected: expected))
                } else if record.isAbsent(0) || record.isAbsent(1) {
                    table.fail(
                        FormatError(
                            file: path, line: parser.line,
                            expected: "an item key and an answer key (truth, gold, answer, label); "
                                + "the keys are: \(record.lineKeyNames.joined(separator: ", "))"))
                } else {
                    let fields = (record.fieldName(0) ?? "item", record.fieldName(1) ?? "answer")
                    if let e = parser.textError(0, field: fields.0) ?? parser.textError(1, field: fields.1) {
                        table.fail(e)
                        continue
                    }
                    // null, an object or an array counts as empty.
                    let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
                    table.add(
                        record.holdsValue(0) ? parser.field(0) : empty,
                        record.holdsValue(1) ? parser.field(1) : empty,
                        line: parser.line, path: path, fields: fields)
                }
            }
        }
        if table.total > 0 { throw InputErrors(errors: table.errors, total: table.total) }
    }
}
