// Assay — quality control for human-labelled training data.

public import AssayCore

/// Reads files of known answers (truth or gold): an item column and an answer column (`truth`,
/// `gold`, `true_label`, `answer`, `label`), in CSV, TSV or JSONL.
public enum AnswerReader {
    /// Known answers by external item id, in file order.
    /// - Throws: `InputErrors` for empty fields or an item given two different answers.
    public static func read(_ path: String, format: InputFormat? = nil) throws -> [(
        item: String, answer: String
    )] {
        var out: [(item: String, answer: String)] = []
        var seen: [String: (String, Int)] = [:]
        var errors: [FormatError] = []
        var total = 0
        func add(_ item: String, _ answer: String, _ line: Int, _ itemField: String, _ answerField: String) {
            if item.isEmpty || answer.isEmpty {
                total += 1
                if errors.count < 20 {
                    errors.append(
                        FormatError(
                            file: path, line: line, field: item.isEmpty ? itemField : answerField, value: "",
                            expected: item.isEmpty ? "a non-empty item id" : "a non-empty answer"))
                }
                return
            }
            if let (previous, previousLine) = seen[item] {
                if previous != answer {
                    total += 1
                    if errors.count < 20 {
                        errors.append(
                            FormatError(
                                file: path, line: line, field: answerField, value: answer,
                                expected:
                                    "the same answer as line \(previousLine) ('\(previous)') for item '\(item)'"
                            ))
                    }
                }
                return
            }
            seen[item] = (answer, line)
            out.append((item, answer))
        }
        let roles: [ColumnRole] = [.item, .answer]
        switch format ?? InputFormat.guess(path: path) {
        case .csv, .tsv:
            let f = format ?? InputFormat.guess(path: path)
            let (parser, header) = try DelimitedParser.withHeader(
                path: path, delimiter: f == .csv ? UInt8(ascii: ",") : 9)
            let map = try ColumnMap.resolve(header: header, roles: roles, required: roles, file: path)
            let ci = map.index[.item]!
            let cg = map.index[.answer]!
            while try parser.nextRecord() {
                guard parser.fieldCount == header.count else {
                    total += 1
                    if errors.count < 20 {
                        errors.append(
                            FormatError(
                                file: path, line: parser.line, value: parser.rawRecord(),
                                expected:
                                    "\(header.count) fields as in the header, found \(parser.fieldCount)"))
                    }
                    continue
                }
                add(parser.string(ci), parser.string(cg), parser.line, header[ci], header[cg])
            }
        case .jsonl:
            try JSONLines.forEachObject(path) { line, _, parsed in
                guard case .success(let members) = parsed else {
                    if case .failure(let e) = parsed {
                        total += 1
                        if errors.count < 20 { errors.append(e) }
                    }
                    return
                }
                var item: (String, String)?
                var answer: (String, String)?
                for (key, value) in members {
                    switch ColumnRole.match(key, among: roles) {
                    case .item: item = (key, value.text ?? "")
                    case .answer: answer = (key, value.text ?? "")
                    default: break
                    }
                }
                guard let item, let answer else {
                    total += 1
                    if errors.count < 20 {
                        errors.append(
                            FormatError(
                                file: path, line: line,
                                expected: "an item key and an answer key (truth, gold, answer, label); "
                                    + "the keys are: \(members.map(\.0).joined(separator: ", "))"))
                    }
                    return
                }
                add(item.1, answer.1, line, item.0, answer.0)
            }
        }
        if total > 0 { throw InputErrors(errors: errors, total: total) }
        return out
    }

    /// Matches answers to a label set: per-item class indices (-1 unknown), plus the answers whose
    /// item is not in the set and those whose class no label uses.
    /// - Complexity: O(items + answers).
    public static func match(_ answers: [(item: String, answer: String)], to set: LabelSet) -> (
        gold: GoldAnswers, unknownItems: [String], unknownClasses: [(item: String, answer: String)]
    ) {
        var itemIndex: [String: Int] = [:]
        itemIndex.reserveCapacity(set.itemCount)
        for (i, id) in set.itemIDs.enumerated() { itemIndex[id] = i }
        var classIndex: [String: Int32] = [:]
        for (k, c) in set.classes.enumerated() { classIndex[c] = Int32(k) }
        var table = [Int32](repeating: -1, count: set.itemCount)
        var unknownItems: [String] = []
        var unknownClasses: [(item: String, answer: String)] = []
        for (item, answer) in answers {
            guard let i = itemIndex[item] else {
                unknownItems.append(item)
                continue
            }
            guard let k = classIndex[answer] ?? classIndex[answer.trimmingWhitespace()] else {
                unknownClasses.append((item, answer))
                continue
            }
            table[i] = k
        }
        return (GoldAnswers(answer: table), unknownItems, unknownClasses)
    }
}
