// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayFormats

/// Bytes the readers cannot keep (not UTF-8, or NUL) are refused with file, line, field and the bytes
/// in hex, in every reader; they used to become U+FFFD (merging distinct ids) or stay inside ids.
@Suite struct TextValidationTests {
    /// `UTF8Validation.firstProblem` on `bytes`.
    static func problem(_ bytes: [UInt8]) -> UTF8Validation.Problem? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstProblem($0) }
    }

    /// Every well-formed sequence of Unicode's table 3-7 at its bounds passes; each ill-formed one is
    /// found at its offset with the length of its maximal subpart (Unicode 15, §3.9, D93b: the
    /// longest start of a sequence that could still be valid).
    @Test func utf8ByTheTable() {
        let valid: [[UInt8]] = [
            [0x01, 0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE1, 0x80, 0x80],
            [0xEC, 0xBF, 0xBF],
            [0xED, 0x80, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF1, 0x80, 0x80, 0x80], [0xF3, 0xBF, 0xBF, 0xBF],
            [0xF4, 0x8F, 0xBF, 0xBF],
            Array("道路 を 横切 る 😀 café".utf8),
        ]
        for bytes in valid { #expect(Self.problem(bytes) == nil, "\(bytes)") }
        // (bytes, offset, length of the maximal subpart)
        let invalid: [([UInt8], Int, Int)] = [
            ([0x77, 0xFF], 1, 1), ([0x80], 0, 1), ([0xC0, 0x80], 0, 1), ([0xC1, 0xBF], 0, 1),
            ([0xE0, 0x80, 0x80], 0, 1),  // overlong
            ([0xED, 0xA0, 0x80], 0, 1),  // a surrogate
            ([0xF0, 0x80, 0x80, 0x80], 0, 1), ([0xF4, 0x90, 0x80, 0x80], 0, 1), ([0xF5, 0x80], 0, 1),
            ([0x61, 0xE2, 0x82], 1, 2),  // cut short at the end
            ([0xE2, 0x82, 0x61], 0, 2), ([0xF0, 0x9F, 0x98, 0x41], 0, 3), ([0xC3], 0, 1),
        ]
        for (bytes, offset, count) in invalid {
            #expect(
                Self.problem(bytes) == UTF8Validation.Problem(offset: offset, count: count, isNUL: false),
                "\(bytes)")
        }
        #expect(Self.problem([0x61, 0x00]) == UTF8Validation.Problem(offset: 1, count: 1, isNUL: true))
    }

    /// The word-at-a-time path finds a problem at every position of a long ASCII run, and finds
    /// nothing in long runs of ASCII or of multi-byte characters.
    @Test func everyPositionOfALongRun() {
        for length in [15, 16, 17, 31, 32, 33, 64] {
            #expect(Self.problem(Array(repeating: 0x61, count: length)) == nil)
            #expect(Self.problem(Array(String(repeating: "é道😀", count: length).utf8)) == nil)
            for at in 0..<length {
                for bad: UInt8 in [0x00, 0x80, 0xFF] {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes[at] = bad
                    #expect(Self.problem(bytes)?.offset == at, "\(bad) at \(at) of \(length)")
                }
            }
        }
    }

    @Test func messagesShowTheBytes() {
        let bytes: [UInt8] = [0x77, 0xFF, 0x61, 0xE2, 0x82, 0x00]
        bytes.withUnsafeBufferPointer { b in
            #expect(UTF8Validation.display(b) == "w\\xffa\\xe2\\x82\\x00")
            #expect(
                UTF8Validation.expectation(for: b)
                    == "UTF-8 text without NUL bytes (byte ff at offset 1 is not UTF-8)")
            let tail = UnsafeBufferPointer(rebasing: b[2...])
            #expect(
                UTF8Validation.describe(UTF8Validation.firstProblem(tail)!, in: tail).hasPrefix(
                    "bytes e2 82 at offset 1"))
        }
    }

    /// Two annotators `w\xff` and `w\xfe` used to be read as one (`w�`), and a label `a\0` as a class
    /// with a NUL inside: now each such row is refused, in CSV, TSV and JSON Lines, whatever the
    /// chunk size; the valid rows (UTF-8 ids included) are kept.
    @Test(arguments: [InputFormat.csv, .tsv, .jsonl], [64, 1 << 23])
    func labelReadersRefuseBytesTheyCannotKeep(format: InputFormat, chunkBytes: Int) throws {
        let rows: [(String, [UInt8], String)] = [
            ("1", Array("w\u{FF}".utf8), "a"),  // U+00FF is valid text: kept
            ("1", [0x77, 0xFF], "a"), ("1", [0x77, 0xFE], "a"), ("2", Array("道".utf8), "a\0"),
            ("3", Array("😀".utf8), "b"),
        ]
        var bytes: [UInt8] = []
        let d: UInt8 = format == .tsv ? 9 : 44
        if format != .jsonl {
            bytes += Array("task".utf8) + [d] + Array("worker".utf8) + [d] + Array("label\n".utf8)
        }
        for (item, worker, label) in rows {
            if format == .jsonl {
                bytes += Array("{\"task\": \"\(item)\", \"worker\": \"".utf8) + worker
                bytes += Array(
                    "\", \"label\": \"\(label.replacingOccurrences(of: "\0", with: "\\u0000"))\"}\n".utf8)
            } else {
                bytes += Array(item.utf8) + [d] + worker + [d] + Array(label.utf8) + [10]
            }
        }
        let path = try temporaryFile("l.\(format.rawValue)", bytes: bytes)
        var options = LabelReadOptions(format: format, skipInvalid: true)
        options.chunkBytes = chunkBytes
        let (set, report) = try LabelReader.read(path, options: options)
        #expect(set.annotatorIDs == ["w\u{FF}", "😀"] && set.classes == ["a", "b"])
        let first = format == .jsonl ? 2 : 3
        #expect(report.rejected.map(\.line) == [first, first + 1, first + 2])
        let e = report.rejected.map(\.error)
        try #require(e.count == 3)
        #expect(e[0].field == "worker" && e[0].value == "w\\xff")
        #expect(e[0].expected == "UTF-8 text without NUL bytes (byte ff at offset 1 is not UTF-8)")
        #expect(e[1].description.hasSuffix("byte fe at offset 1 is not UTF-8)"))
        #expect(e[2].field == "label" && e[2].value == "a\\x00")
        #expect(e[2].expected.hasSuffix("(byte 00 at offset 1 is a NUL byte)"))
        #expect(e[0].description.hasPrefix("\(path):\(first): field 'worker': value 'w\\xff':"))
    }

    /// A bad byte in a column that is not kept does not refuse the row; one in the header does.
    @Test func ignoredColumnsAndHeaders() throws {
        let ignored = try temporaryFile(
            "i.csv", bytes: Array("task,worker,label,notes\n1,w,a,caf".utf8) + [0xE9, 10])
        let (set, _) = try LabelReader.read(ignored)
        #expect(set.count == 1)
        let header = try temporaryFile(
            "h.csv", bytes: Array("task,worker,label,n".utf8) + [0xFF] + Array("\n1,w,a,x\n".utf8))
        #expect {
            try LabelReader.read(header)
        } throws: { error in
            let e = error as? FormatError
            return e?.line == 1 && e?.field == "column 4"
                && e?.expected.contains("byte ff at offset 1") == true
        }
    }

    /// JSON escapes that make bytes no id may hold: `\u0000` is a NUL in a kept field, and a lone
    /// surrogate (`\ud800`, `\udbff`) used to become U+FFFD, merging the two ids.
    @Test func jsonEscapesThatCannotBeKept() throws {
        let text =
            "{\"task\": \"1\", \"worker\": \"w\\ud800\", \"label\": \"a\"}\n"
            + "{\"task\": \"1\", \"worker\": \"w\\udbff\", \"label\": \"a\"}\n"
            + "{\"task\": \"1\", \"worker\": \"w\\u0000\", \"label\": \"a\"}\n"
            + "{\"task\": \"1\", \"worker\": \"w\\u00e9\\ud83d\\ude00\", \"label\": \"a\", \"x\": \"\\u0000\"}\n"
        let (set, report) = try LabelReader.read(
            try temporaryFile("l.jsonl", text), options: .init(skipInvalid: true))
        #expect(set.annotatorIDs == ["wé😀"])
        #expect(report.rejected.map(\.line) == [1, 2, 3])
        try #require(report.rejected.count == 3)
        #expect(report.rejected[0].error.expected.contains("lone surrogate"))
        #expect(report.rejected[2].error.field == "worker" && report.rejected[2].error.value == "w\\x00")
    }

    /// Truth and gold files: item and answer fields must be text, in CSV and JSON Lines.
    @Test func answerFilesRefuseBytesTheyCannotKeep() throws {
        let csv = try temporaryFile(
            "t.csv", bytes: Array("task,truth\n1,a\n2,b".utf8) + [0xFF] + Array("\n3\0,c\n".utf8))
        let jsonl = try temporaryFile(
            "t.jsonl",
            bytes: Array("{\"task\": \"1\", \"truth\": \"a\"}\n{\"task\": \"2\", \"truth\": \"b".utf8) + [
                0xFF
            ]
                + Array("\"}\n{\"task\": \"3\\u0000\", \"truth\": \"c\"}\n".utf8))
        for path in [csv, jsonl] {
            do {
                _ = try AnswerReader.read(path)
                Issue.record("expected an error")
            } catch let e as InputErrors {
                let first = path.hasSuffix("csv") ? 3 : 2
                #expect(e.total == 2 && e.errors.map(\.line) == [first, first + 1])
                try #require(e.errors.count == 2)
                #expect(e.errors[0].field == "truth" && e.errors[0].value == "b\\xff")
                #expect(e.errors[1].field == "task" && e.errors[1].value == "3\\x00")
            }
        }
    }

    /// Items and payload files (every column is kept).
    @Test func recordTablesRefuseBytesTheyCannotKeep() throws {
        let csv = try temporaryFile("i.csv", bytes: Array("item,text\n1,ok\n2,caf".utf8) + [0xE9, 10])
        let jsonl = try temporaryFile(
            "i.jsonl",
            bytes: Array("{\"item\": \"1\", \"text\": \"ok\"}\n{\"item\": \"2\", \"text\": \"caf".utf8) + [
                0xE9, 0x22, 0x7D, 10,
            ])
        let nested = try temporaryFile(
            "n.jsonl", bytes: Array("{\"item\": \"1\", \"meta\": [\"".utf8) + [0xFF] + Array("\"]}\n".utf8))
        for (path, line, field) in [(csv, 3, "text"), (jsonl, 2, "text"), (nested, 1, "meta")] {
            #expect {
                try RecordTable.read(path)
            } throws: { error in
                let e = error as? FormatError
                return e?.line == line && e?.field == field && e?.expected.contains("not UTF-8") == true
            }
        }
        let good = try temporaryFile(
            "g.jsonl", "{\"item\": \"1\", \"text\": \"道路 \\u00e9\", \"meta\": [\"\\u0000\"]}\n")
        #expect(try RecordTable.read(good).rows == [["1", "道路 é", "[\"\\u0000\"]"]])
    }
}
