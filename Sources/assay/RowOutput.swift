// Assay — quality control for human-labelled training data.

import AssayFormats
import Foundation

/// Writes one row per item, object or annotator as CSV (a header, then fields) or JSON Lines (each
/// row a Codable value through one encoder), checked and renamed into place by `TextFileWriter`.
enum RowOutput {
    /// `count` rows to `path`: `fields(i)` under `header` for CSV, `value(i)` for JSON Lines.
    /// - Complexity: O(count) rows made and encoded.
    static func write<Row: Encodable>(
        _ count: Int, to path: String, format: OutputFormat, header: [String], fields: (Int) -> [String],
        value: (Int) -> Row
    ) throws {
        let w = try TextFileWriter(path: path)
        switch format {
        case .csv:
            w.csv(header)
            for i in 0..<count { w.csv(fields(i)) }
        case .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for i in 0..<count { w.line(String(decoding: try encoder.encode(value(i)), as: UTF8.self)) }
        }
        try w.commit()
    }

    /// A number as a CSV field: its shortest text, empty when absent or not finite.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        return "\(v)"
    }
}
