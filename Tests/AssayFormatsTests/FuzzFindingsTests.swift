// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// What the fuzz targets (`Fuzz/`, TESTING.md) found, each finding's input (minimized by libFuzzer)
/// written inline, so that `swift test` keeps it fixed.
@Suite struct FuzzFindingsTests {
    /// Reads `text` as CSV labels with `chunkBytes`-byte chunks, keeping invalid rows aside.
    static func read(_ text: String, chunkBytes: Int, format: InputFormat = .csv) throws -> (
        LabelSet, ReadReport
    ) {
        var options = LabelReadOptions(format: format, skipInvalid: true)
        options.chunkBytes = chunkBytes
        return try LabelReader.read(try temporaryFile("f.\(format.rawValue)", text), options: options)
    }

    /// labels-delimited, finding 1: an unclosed quote in the second half of a chunk parsed on both
    /// cores was reported on the line where the *previous* chunk's second half began (line 1 here):
    /// that worker's line base was only set after a successful parse.
    @Test func unclosedQuoteInTheSecondHalfNamesItsLine() throws {
        let text = "item,worker,label\n\",ne\",wo,\r\n,\"me2"
        for chunkBytes in [64, 1 << 16] {
            #expect {
                try Self.read(text, chunkBytes: chunkBytes)
            } throws: { error in
                let e = error as? FormatError
                return e?.line == 3 && e?.expected == "a closing quote before the end of the file"
            }
        }
    }

    /// records, finding 2 (a differential check of the two JSON Lines parsers): a line of carriage
    /// returns was blank for the label reader but "not a JSON object" for items files, and a number
    /// followed by a carriage return inside a line was a number for one and an invalid value for the
    /// other. Both parsers now treat CR as white space.
    @Test func itemsAndLabelsAgreeOnCarriageReturns() throws {
        let text = "\r\r\n{\"item\": 1\r, \"worker\": \"w\", \"label\": 2\r}\n"
        let table = try RecordTable.read(try temporaryFile("i.jsonl", text))
        #expect(table.lines == [2] && table.rows == [["1", "w", "2"]])
        let (set, report) = try LabelReader.read(try temporaryFile("l.jsonl", text))
        #expect(report.rows == 1 && set.itemIDs == ["1"] && set.classes == ["2"])
    }
}
