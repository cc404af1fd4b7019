// Assay — quality control for human-labelled training data.

import AssayFormats
import FuzzSupport

/// libFuzzer's entry: the input read as an items or payload file (`RecordTable`) in CSV, TSV and
/// JSON Lines (`JSONLineScanner`). A table has one line per row, in order, and one value per column
/// in every row; its names and values are text the file held (never repaired, never NUL).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if size >= 2 && data[0] == 0x1F && data[1] == 0x8B { return -1 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let lines = lineCount(input)
    let repairs = !mayHoldReplacementCharacter(input)
    for format in InputFormat.allCases {
        let path = FuzzFile.write(input, as: "items.\(format.rawValue)")
        let table: RecordTable
        do {
            table = try RecordTable.read(path, format: format)
        } catch let e as FormatError {
            require(e.line >= 0 && e.line <= lines, "error line \(e.line) past the file")
            if format == .jsonl { agreeOnJSON(path, table: nil, error: e) }
            continue
        } catch {
            require(false, "an error that names no line: \(error)")
            return 0
        }
        if format == .jsonl { agreeOnJSON(path, table: table, error: nil) }
        require(table.rows.count == table.lines.count, "rows and lines differ in number")
        require(table.rows.allSatisfy { $0.count == table.columns.count }, "a row of the wrong width")
        require(zip(table.lines, table.lines.dropFirst()).allSatisfy { $0 < $1 }, "lines out of order")
        require(table.lines.allSatisfy { $0 >= 1 && $0 <= lines }, "a line outside the file")
        if format == .jsonl {
            require(Set(table.columns).count == table.columns.count, "a column twice")
        } else {
            require(table.rows.allSatisfy { $0.allSatisfy { $0 != nil } }, "a missing CSV field")
        }
        for text in table.columns + table.rows.flatMap({ $0.compactMap { $0 } }) {
            require(!text.utf8.contains(0), "a NUL byte kept in \(text.debugDescription)")
            require(
                !repairs || !text.unicodeScalars.contains("\u{FFFD}"),
                "bytes repaired in \(text.debugDescription)")
        }
    }
    return 0
}

/// The two JSON Lines parsers (`JSONLineScanner` for items files, `RecordScanner`'s JSON mode for
/// label files) agree on which lines are JSON objects: when the table reads, the label reader counts
/// as many lines and refuses none of them as malformed; when the table stops at a malformed line,
/// the label reader refuses that line while parsing it too (as malformed, or for a second member
/// of one role, which it may meet first).
private func agreeOnJSON(_ path: String, table: RecordTable?, error: FormatError?) {
    let labels = LabelReadCheck.read(path, format: .jsonl, chunkBytes: 1 << 16, skipInvalid: true)
    guard let report = labels.report else { return }  // a whole-file error (say, the record cap)
    // Refused while parsing (not for a missing key, found after, nor for a field's content).
    let parsing = report.rejected.filter {
        $0.error.field == nil && !$0.error.expected.contains(" key (one of: ")
    }
    if let table {
        require(
            report.rows == table.lines.count,
            "\(report.rows) JSON lines for labels, \(table.lines.count) for items")
        let malformed = parsing.filter { !$0.error.expected.contains(" member per line") }.map(\.line)
        require(malformed.isEmpty, "lines \(malformed) are malformed for labels only")
    } else if let error, !error.expected.hasPrefix("UTF-8 text"),
        !error.expected.hasPrefix("records of at most")
    {
        require(
            parsing.contains { $0.line == error.line },
            "line \(error.line) is malformed for items only: \(error)")
    }
}
