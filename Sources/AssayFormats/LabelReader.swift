// Assay — quality control for human-labelled training data.

public import AssayCore
import Foundation

/// A row the reader refused, kept so that nothing the user gave is silently dropped.
public struct RejectedRow: Sendable {
    /// The row's line in its file.
    public var line: Int
    /// The row as it stood in the file.
    public var raw: String
    /// Why it was refused.
    public var error: FormatError
}

/// What reading one file found.
public struct ReadReport: Sendable {
    /// The file's path.
    public var file: String
    /// Its format.
    public var format: InputFormat
    /// Data rows seen (blank lines excluded).
    public var rows: Int
    /// Labels kept.
    public var labels: Int
    /// Columns (or JSON keys) present but not used, by name.
    public var ignoredColumns: [String]
    /// Rows refused (only with `skipInvalid`; otherwise the read throws).
    public var rejected: [RejectedRow]
    /// What a typed reader decided from the file and the user should know (an inferred scale, how
    /// items were formed); empty for categorical reads.
    public var notes: [String] = []
}

/// Options for reading label files.
public struct LabelReadOptions: Sendable {
    /// Format; guessed from the extension when nil.
    public var format: InputFormat?
    /// Keep valid rows and report the invalid ones instead of failing.
    public var skipInvalid = false
    /// Errors kept in full when failing (the total is always counted).
    public var maxErrors = 20
    /// Vendor for rows without a vendor column (empty: none).
    public var defaultVendor = ""
    /// When set, a label outside these classes makes its row invalid (a project's schema).
    public var allowedClasses: [String]?
    /// When set, a vendor column must hold this name on every row.
    public var requiredVendor: String?
    /// Bytes of a delimited file read at a time (a chunk is parsed on both cores when it holds no
    /// quote character). Tests use small chunks to cross many chunk boundaries.
    public var chunkBytes = 1 << 23
    /// Caps on record length and on what a gzip file may inflate to.
    public var limits = InputLimits.standard
    /// Called now and then with (bytes read, file size) while a delimited file is read.
    public var progress: (@Sendable (Int, Int) -> Void)?

    /// Default options.
    public init(format: InputFormat? = nil, skipInvalid: Bool = false, defaultVendor: String = "") {
        self.format = format
        self.skipInvalid = skipInvalid
        self.defaultVendor = defaultVendor
    }
}

/// Reads label files (CSV, TSV, JSONL) into a `LabelSetBuilder`, validating every row.
///
/// Columns are found by header name: item (`task`, `item`, `question`…), annotator (`worker`,
/// `annotator`, `performer`…), label (`label`, `answer`, `value`…), and optionally `vendor`,
/// `created_at`, `duration_s`, `cost`. Other columns are reported as ignored.
public enum LabelReader {
    /// Reads one file into a fresh label set.
    /// - Throws: `InputErrors` listing invalid rows (unless `skipInvalid`), or `FormatError` for a
    ///   file that cannot be read at all.
    public static func read(_ path: String, options: LabelReadOptions = .init()) throws -> (
        LabelSet, ReadReport
    ) {
        var builder = LabelSetBuilder()
        let report = try read(path, into: &builder, options: options)
        return ((consume builder).build(), report)
    }

    /// Reads one file, appending its labels to `builder`.
    /// - Complexity: O(bytes) with one hash lookup per id.
    public static func read(_ path: String, into builder: inout LabelSetBuilder, options: LabelReadOptions)
        throws
        -> ReadReport
    {
        try read(path, into: &builder, options: options, typedLayout: nil)
    }

    /// Reads one file, appending its labels to `builder`; `typedLayout` gives a typed reader's columns
    /// (see `DelimitedLabelReader.typedLayout`).
    static func read(
        _ path: String, into builder: inout LabelSetBuilder, options: LabelReadOptions,
        typedLayout: TypedLayout.Maker?
    ) throws -> ReadReport {
        let format = options.format ?? InputFormat.guess(path: path)
        var sink = RowSink(path: path, options: options)
        switch format {
        case .csv, .tsv:
            var reader = DelimitedLabelReader(
                path: path, delimiter: format == .csv ? UInt8(ascii: ",") : 9,
                chunkSize: max(sink.options.chunkBytes, 64))
            reader.typedLayout = typedLayout
            try reader.read(into: &builder, sink: &sink)
        case .jsonl:
            var reader = DelimitedLabelReader(
                path: path, delimiter: 0, chunkSize: max(sink.options.chunkBytes, 64))
            reader.json = true
            reader.typedLayout = typedLayout
            try reader.read(into: &builder, sink: &sink)
        }
        if sink.total > 0 && !options.skipInvalid {
            throw InputErrors(errors: sink.errors, total: sink.total)
        }
        return ReadReport(
            file: path, format: format, rows: sink.rows, labels: sink.kept, ignoredColumns: sink.ignored,
            rejected: sink.rejected)
    }

    /// Collects the outcome of every row.
    struct RowSink {
        let path: String
        let options: LabelReadOptions
        var rows = 0
        var kept = 0
        var total = 0
        var errors: [FormatError] = []
        var rejected: [RejectedRow] = []
        var ignored: [String] = []

        init(path: String, options: LabelReadOptions) {
            self.path = path
            self.options = options
        }

        mutating func fail(_ e: FormatError, raw: @autoclosure () -> String) {
            total += 1
            if errors.count < options.maxErrors { errors.append(e) }
            if options.skipInvalid { rejected.append(RejectedRow(line: e.line, raw: raw(), error: e)) }
        }

        /// Parses the optional numeric fields; nil after reporting an error.
        mutating func extras(created: String?, duration: String?, cost: String?, line: Int, raw: () -> String)
            -> (Double, Double, Double)?
        {
            switch LabelReader.parseExtras(
                path: path, line: line, created: created, duration: duration, cost: cost)
            {
            case .success(let v): return v
            case .failure(let e):
                fail(e, raw: raw())
                return nil
            }
        }
    }

    /// The optional numeric fields of a label (NaN when empty), or the error naming the bad one.
    static func parseExtras(path: String, line: Int, created: String?, duration: String?, cost: String?)
        -> Result<(Double, Double, Double), FormatError>
    {
        /// NaN for an empty field, the value when it parses and is acceptable, nil otherwise.
        func parse(_ text: String?, _ read: (String) -> Double?) -> Double?? {
            guard let text, !text.isEmpty else { return .some(.nan) }
            return read(text).map { .some($0) } ?? .none
        }
        let nonNegative = { (s: String) -> Double? in
            DecimalNumber.parse(s).flatMap { $0 >= 0 ? $0 : nil }
        }
        let fields: [(String?, String, String, (String) -> Double?)] = [
            (created, "created_at", "an ISO 8601 time or Unix seconds", Timestamp.parse),
            (duration, "duration_s", "a number of seconds ≥ 0", nonNegative),
            (cost, "cost", "a number ≥ 0", nonNegative),
        ]
        var values: [Double] = []
        for (text, field, expected, read) in fields {
            guard let v = parse(text, read) else {
                return .failure(
                    FormatError(file: path, line: line, field: field, value: text, expected: expected))
            }
            values.append(v!)
        }
        return .success((values[0], values[1], values[2]))
    }

    static let labelRoles: [ColumnRole] = [.item, .annotator, .label, .vendor, .createdAt, .duration, .cost]
}

/// Line-by-line access to JSONL files.
enum JSONLines {
    /// Calls `body(line, raw, members)` for every non-blank line: its members, or the error that
    /// says why the line is not a JSON object of text. The file is read in pieces (a line may be up to
    /// `InputLimits.maxRecordBytes` long).
    /// - Complexity: O(bytes).
    static func forEachObject(
        _ path: String,
        _ body: (Int, String, Result<[(String, JSONLineScanner.Value)], FormatError>) throws -> Void
    ) throws {
        let file = try FileBuffer(path: path, capacity: 1 << 20)
        var lineNo = 0
        try file.refill(line: 1)
        file.skipByteOrderMark()
        while true {
            let start = file.start
            var end = file.end
            if let lf = memchr(file.buffer + start, 10, file.end - start) {
                end = file.buffer.distance(to: lf.assumingMemoryBound(to: UInt8.self))
            } else if !file.eof {
                try file.refill(line: lineNo + 1)
                continue
            } else if start == end {
                return
            }
            lineNo += 1
            file.start = min(end + 1, file.end)
            var stop = end
            if stop > start && file.buffer[stop - 1] == 13 { stop -= 1 }
            let line = UnsafeBufferPointer(start: file.buffer + start, count: stop - start)
            // Blank as the label reader's JSON scan sees it (`JSONCursor.skipSpace`).
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            let text = String(decoding: line, as: UTF8.self)
            do {
                try body(lineNo, text, .success(try JSONLineScanner.members(line)))
            } catch let failure as JSONLineScanner.Failure {
                try body(
                    lineNo, text,
                    .failure(
                        FormatError(
                            file: path, line: lineNo, field: failure.field, value: failure.value ?? text,
                            expected: failure.expected)))
            }
        }
    }
}
