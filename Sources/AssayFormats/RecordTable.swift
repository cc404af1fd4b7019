// Assay — quality control for human-labelled training data.

/// A whole small file as named columns of text: items files and gold files with their payload
/// columns (the text an annotator sees). Nested JSON values are kept as their JSON text.
public struct RecordTable: Sendable {
    /// Column names in file order (for JSONL, keys in order of first appearance).
    public var columns: [String]
    /// Rows; a missing field is nil.
    public var rows: [[String?]]
    /// The line of each row.
    public var lines: [Int]

    /// Reads `path` in its format.
    /// - Complexity: O(bytes); the whole table is held in memory.
    public static func read(_ path: String, format: InputFormat? = nil) throws -> RecordTable {
        switch format ?? InputFormat.guess(path: path) {
        case .csv, .tsv:
            let f = format ?? InputFormat.guess(path: path)
            let (parser, columns) = try DelimitedParser.withHeader(
                path: path, delimiter: f == .csv ? UInt8(ascii: ",") : 9)
            var table = RecordTable(columns: columns, rows: [], lines: [])
            while try parser.nextRecord() {
                guard parser.fieldCount == columns.count else {
                    throw FormatError(
                        file: path, line: parser.line, value: parser.rawRecord(),
                        expected: "\(columns.count) fields as in the header, found \(parser.fieldCount)")
                }
                for j in 0..<parser.fieldCount {
                    if let e = parser.textError(j, field: columns[j]) { throw e }
                }
                table.rows.append((0..<parser.fieldCount).map { parser.string($0) })
                table.lines.append(parser.line)
            }
            return table
        case .jsonl:
            var table = RecordTable(columns: [], rows: [], lines: [])
            var maps: [[String: String]] = []
            try JSONLines.forEachObject(path) { line, _, parsed in
                let members = try parsed.get()
                var map: [String: String] = [:]
                for (key, value) in members {
                    if !table.columns.contains(key) { table.columns.append(key) }
                    switch value {
                    case .string(let s), .literal(let s), .nested(let s): map[key] = s
                    case .null: break
                    }
                }
                maps.append(map)
                table.lines.append(line)
            }
            table.rows = maps.map { m in table.columns.map { m[$0] } }
            return table
        }
    }

    /// The index of the column playing `role`, if any.
    public func column(_ role: ColumnRole) -> Int? {
        columns.firstIndex { ColumnRole.match($0, among: [role]) == role }
    }
}
