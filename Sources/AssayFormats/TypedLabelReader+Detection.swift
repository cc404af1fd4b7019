// Assay — quality control for human-labelled training data.

extension TypedLabelReader {
    /// The type a file's columns imply when none is given, with the reason in words:
    ///
    /// - **pairwise** when it has winner and loser columns, or left and right columns (`model_a`,
    ///   `model_b`, …);
    /// - **multilabel** when its label column is named `labels` or `tags`, or one of its first 1,000
    ///   labels holds `;` or is a JSON array;
    /// - **categorical** otherwise (ratings and texts look like categorical files: their type must
    ///   be given).
    ///
    /// The scale of a rating file or the classes of a multi-label one are not guessed here (the
    /// readers infer them). Only the header (CSV, TSV) or the first JSON object's keys and the first
    /// 1,000 rows are read.
    /// - Throws: `FormatError` when the file cannot be read or has no header.
    public static func detectType(_ path: String, format: InputFormat? = nil) throws -> (
        type: LabelKind, reason: String
    ) {
        let f = format ?? InputFormat.guess(path: path)
        let parser: DelimitedParser
        let names: [String]
        if f == .jsonl {
            names = try firstObjectKeys(path)
            parser = try DelimitedParser(path: path, jsonRoles: [.label])
        } else {
            (parser, names) = try DelimitedParser.withHeader(
                path: path, delimiter: f == .tsv ? 9 : UInt8(ascii: ","))
        }
        let columns = try FileColumns(
            path: path, delimiter: parser.delimiter, isJSON: f == .jsonl, names: names,
            roles: PairwiseShape.roles)
        if columns.has(.loser) && (columns.has(.winner) || columns.has(.label)) {
            return (.pairwise, "it has winner and loser columns")
        }
        if columns.has(.left) && columns.has(.right) {
            return (
                .pairwise,
                "it has the columns \(columns.name(.left)!) and \(columns.name(.right)!) of a comparison"
            )
        }
        guard let labelName = columns.name(.label) else {
            return (.categorical, "it has no pairwise columns and no label column")
        }
        let plural = ["labels", "tags"]
        if plural.contains(labelName.trimmingWhitespace().lowercased()) {
            return (.multilabel(classes: nil), "its label column is named \(labelName)")
        }
        let j = f == .jsonl ? 0 : columns.found[.label]!
        var rows = 0
        while rows < 1000, try parser.nextRecord() {
            rows += 1
            guard f != .jsonl || parser.invalidReason == nil && !parser.record.isAbsent(0) else { continue }
            guard j < parser.fieldCount else { continue }
            let field = parser.field(j)
            if field.contains(UInt8(ascii: ";"))
                || f == .jsonl && parser.record.jsonState[0] == JSONState.nested.rawValue
            {
                return (.multilabel(classes: nil), "its label on line \(parser.line) is a list of classes")
            }
        }
        return (
            .categorical,
            "it has no pairwise columns and its labels are single values (give the type of ratings and texts)"
        )
    }
}
