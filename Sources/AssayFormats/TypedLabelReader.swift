// Assay — quality control for human-labelled training data.

import AssayCore

/// Reads label files of every project type into its Core set: pairwise comparisons, ratings,
/// multi-label sets and free text, beside the categorical `LabelReader`.
///
/// The contract is the categorical reader's: CSV, TSV or JSON Lines, gzip recognised by content,
/// columns matched by name with aliases (`ColumnRole`), every row validated before anything is
/// built, errors naming file, line, field, value and what was expected (the first
/// `options.maxErrors` and the total; with `skipInvalid` the invalid rows are returned with their
/// reasons), unused columns reported, the optional vendor, created_at, duration_s and cost columns
/// kept. Reading runs on the categorical reader's two-core machinery: the label and any further
/// columns (a comparison's objects, a strength, a turn) are interned per distinct value, and each
/// distinct value is checked once, so a rating or pairwise file reads nearly as fast as a
/// categorical one. What the reader decides from the file (an inferred scale, how items were
/// formed, positions unknown) is said in `ReadReport.notes`.
///
/// The shapes of each type are described with `readPairwise`, `readRating`, `readMultiLabel` and
/// `readText`; `detectType` tells a file's type from its columns.
public enum TypedLabelReader {
    /// Reads one file of labels of type `type`.
    /// - Throws: `InputErrors` listing invalid rows (unless `options.skipInvalid`), or `FormatError`
    ///   for a file that cannot be read or lacks the columns its type needs.
    /// - Complexity: O(bytes) with one hash lookup per id and key value, plus the set's build.
    public static func read(_ path: String, type: LabelKind, options: LabelReadOptions = .init()) throws
        -> (TypedLabels, ReadReport)
    {
        switch type {
        case .categorical:
            let (set, report) = try LabelReader.read(path, options: options)
            return (.categorical(set), report)
        case .pairwise(let scale):
            let (set, report) = try readPairwise(path, strengthScale: scale, options: options)
            return (.pairwise(set), report)
        case .rating(let scale):
            let (set, report) = try readRating(path, scale: scale, options: options)
            return (.rating(set), report)
        case .multilabel(let classes):
            let (set, report) = try readMultiLabel(path, classes: classes, options: options)
            return (.multilabel(set), report)
        case .text:
            let (set, report) = try readText(path, options: options)
            return (.text(set), report)
        }
    }

    /// Reads `path` with the typed layout `makeLayout` builds from the file's columns, and hands back
    /// the builder (its columns unsorted, ids in first-seen order) with the report.
    static func readColumns(
        _ path: String, options: LabelReadOptions, roles: [ColumnRole],
        makeLayout: @escaping (FileColumns) throws -> (DelimitedWorker.Layout, [String])
    ) throws -> (LabelSetBuilder, ReadReport) {
        let format = options.format ?? InputFormat.guess(path: path)
        let firstKeys = format == .jsonl ? try firstObjectKeys(path) : []
        let delimiter: UInt8 = format == .tsv ? 9 : UInt8(ascii: ",")
        var builder = LabelSetBuilder()
        let report = try LabelReader.read(path, into: &builder, options: options) { header, _ in
            try makeLayout(
                FileColumns(
                    path: path, delimiter: delimiter, isJSON: header == nil, names: header ?? firstKeys,
                    roles: roles))
        }
        return (builder, report)
    }

    /// The keys of the first line of a JSON Lines file that is a JSON object, among its first 1,000
    /// lines (empty when none is: the read then reports every line).
    static func firstObjectKeys(_ path: String) throws -> [String] {
        let parser = try DelimitedParser(path: path, jsonRoles: [])
        var lines = 0
        while lines < 1000, try parser.nextRecord() {
            if parser.invalidReason == nil { return parser.record.lineKeyNames }
            lines += 1
        }
        return []
    }

    /// Which labels of `columns.label` rows kept use: `used[c]` for each class id of the builder.
    /// - Complexity: O(labels).
    static func usedClasses(_ value: [Int32], classCount: Int) -> [Bool] {
        var used = [Bool](repeating: false, count: classCount)
        for v in value { used[Int(v)] = true }
        return used
    }
}
