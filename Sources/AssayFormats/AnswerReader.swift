// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// Reads files of known answers (truth or gold): an item column and an answer column (`truth`,
/// `gold`, `true_label`, `answer`, `label`), in CSV, TSV or JSONL.
public enum AnswerReader {
    /// Known answers by external item id, in file order.
    /// - Throws: `InputErrors` for empty fields or an item given two different answers.
    /// - Complexity: O(bytes) expected; ids are hashed as bytes, one `String` per distinct item.
    public static func read(_ path: String, format: InputFormat? = nil) throws -> [(
        item: String, answer: String
    )] {
        var table = AnswerTable()
        try scan(path, format: format, into: &table)
        let answerNames = table.answers.strings()
        return table.order.map { (table.items.string(Int($0)), answerNames[Int(table.answerOf[Int($0)])]) }
    }

    /// Reads known answers straight into a per-item table of `set` (no `String` per row): what
    /// `match(read(path), to: set)` gives, for large truth files.
    /// - Throws: as `read`.
    /// - Complexity: O(bytes + items of `set`) expected.
    public static func readMatched(_ path: String, format: InputFormat? = nil, to set: LabelSet) throws -> (
        gold: GoldAnswers, unknownItems: [String], unknownClasses: [(item: String, answer: String)]
    ) {
        // The set's item ids take ids 0..<itemCount (they are distinct); an answer's item that
        // interns to a higher id is not in the set.
        var table = AnswerTable(capacity: set.itemCount + 1024)
        for var id in set.itemIDs { _ = id.withUTF8 { table.items.intern($0) } }
        precondition(table.items.count == set.itemCount, "a label set's item ids are distinct")
        table.answerOf = [Int32](repeating: -1, count: set.itemCount)
        table.lineOf = [Int](repeating: 0, count: set.itemCount)
        try scan(path, format: format, into: &table)
        let classOf = classIndices(table.answers.strings(), of: set)
        var gold = [Int32](repeating: -1, count: set.itemCount)
        var unknownItems: [String] = []
        var unknownClasses: [(item: String, answer: String)] = []
        for id in table.order.map(Int.init) {
            let a = Int(table.answerOf[id])
            guard id < set.itemCount else {
                unknownItems.append(table.items.string(id))
                continue
            }
            guard let k = classOf[a] else {
                unknownClasses.append((table.items.string(id), table.answers.string(a)))
                continue
            }
            gold[id] = k
        }
        return (GoldAnswers(answer: gold), unknownItems, unknownClasses)
    }

    /// Matches answers to a label set: per-item class indices (-1 unknown), plus the answers whose
    /// item is not in the set and those whose class no label uses.
    /// - Complexity: O(items + answers) expected, ids hashed as bytes.
    public static func match(_ answers: [(item: String, answer: String)], to set: LabelSet) -> (
        gold: GoldAnswers, unknownItems: [String], unknownClasses: [(item: String, answer: String)]
    ) {
        var itemIndex = ByteInterner(capacity: set.itemCount)
        for var id in set.itemIDs { _ = id.withUTF8 { itemIndex.intern($0) } }
        precondition(itemIndex.count == set.itemCount, "a label set's item ids are distinct")
        var names: [String] = []
        var nameIndex: [String: Int] = [:]
        var table = [Int32](repeating: -1, count: set.itemCount)
        var unknownItems: [String] = []
        var unknownClasses: [(item: String, answer: String)] = []
        var rows: [(item: Int, answer: Int)] = []
        for (item, answer) in answers {
            var bytes = item
            let i = Int(bytes.withUTF8 { itemIndex.intern($0).id })
            guard i < set.itemCount else {
                unknownItems.append(item)
                continue
            }
            let n =
                nameIndex[answer]
                ?? {
                    names.append(answer)
                    nameIndex[answer] = names.count - 1
                    return names.count - 1
                }()
            rows.append((i, n))
        }
        let classOf = classIndices(names, of: set)
        for (i, n) in rows {
            guard let k = classOf[n] else {
                unknownClasses.append((set.itemIDs[i], names[n]))
                continue
            }
            table[i] = k
        }
        return (GoldAnswers(answer: table), unknownItems, unknownClasses)
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

        init(capacity: Int = 1024) { items = ByteInterner(capacity: capacity) }

        mutating func fail(_ e: FormatError) {
            total += 1
            if errors.count < 20 { errors.append(e) }
        }

        /// Records one row; an item given again must have the same answer.
        mutating func add(
            _ item: UnsafeBufferPointer<UInt8>, _ answer: UnsafeBufferPointer<UInt8>, line: Int, path: String,
            fields: (item: String, answer: String)
        ) {
            if item.isEmpty || answer.isEmpty {
                fail(
                    FormatError(
                        file: path, line: line, field: item.isEmpty ? fields.item : fields.answer, value: "",
                        expected: item.isEmpty ? "a non-empty item id" : "a non-empty answer"))
                return
            }
            let a = answers.intern(answer).id
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
                    // null, an object or an array counts as empty.
                    let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
                    table.add(
                        record.holdsValue(0) ? parser.field(0) : empty,
                        record.holdsValue(1) ? parser.field(1) : empty,
                        line: parser.line, path: path,
                        fields: (record.fieldName(0) ?? "item", record.fieldName(1) ?? "answer"))
                }
            }
        }
        if table.total > 0 { throw InputErrors(errors: table.errors, total: table.total) }
    }
}
