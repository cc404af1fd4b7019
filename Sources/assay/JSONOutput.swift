// Assay — quality control for human-labelled training data.

import Foundation

/// The one JSON encoder of the command line: every JSON document a command prints (outside the
/// streaming row writers, which use `TextFileWriter.jsonString`) goes through it, so names holding
/// quotes, backslashes or newlines can never break or inject into the output.
enum JSONOutput {
    /// `value` as one line of JSON (keys sorted, so the same value always prints the same text).
    static func line(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
