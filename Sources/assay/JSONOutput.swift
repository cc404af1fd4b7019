// Assay — quality control for human-labelled training data.

import Foundation

/// The one JSON encoder of the command line: every JSON document a command prints (outside the
/// streaming row writers, which use `TextFileWriter.jsonString`) goes through it, so names holding
/// quotes, backslashes or newlines can never break or inject into the output.
enum JSONOutput {
    /// `value` as one line of JSON (keys sorted, so the same value always prints the same text);
    /// `snakeCase` writes Core's camel-case field names as the snake-case keys the other outputs
    /// use (`expectedCorrect` → `expected_correct`); values holding names must then not be
    /// dictionary keys, which the strategy would rewrite too.
    static func line(_ value: some Encodable, snakeCase: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
