// Assay — quality control for human-labelled training data.

import Foundation

/// A streaming RFC 4180 parser for comma- or tab-separated files: quoted fields, doubled quotes,
/// delimiters and newlines inside quotes, LF or CRLF line ends, an optional UTF-8 byte-order mark.
/// Reads the file in chunks, so memory stays bounded whatever the file's size. Blank lines are
/// skipped. (Label files take the faster two-core path of `DelimitedLabelReader`; this parser
/// reads answer, gold and item files record by record.)
///
/// After `nextRecord()` returns true, `fieldCount`, `field(_:)` and `line` describe the record; the
/// buffers `field(_:)` hands out stay valid until the next call.
public final class DelimitedParser {
    /// The path being read (for error messages).
    public let path: String
    /// The field separator.
    public let delimiter: UInt8
    /// 1-based line on which the current record starts.
    public private(set) var line = 0
    /// Number of fields of the current record.
    public var fieldCount: Int { scanner.count }

    private let file: FileBuffer
    private let scanner: RecordScanner
    private var nextLine = 1
    private var started = false
    /// Bytes read so far (decompressed, for a gzip file).
    public var bytesRead: Int { file.bytesRead }
    /// Bytes of the file on disk taken so far (compressed bytes read, for a gzip file).
    public var bytesConsumed: Int { file.progress.done }
    /// The file's size in bytes on disk when known.
    public var fileSize: Int { file.fileSize }

    /// Opens `path`; `chunkSize` is the initial read size.
    public init(path: String, delimiter: UInt8, chunkSize: Int = 1 << 22) throws {
        self.path = path
        self.delimiter = delimiter
        file = try FileBuffer(path: path, capacity: chunkSize)
        scanner = RecordScanner(path: path, delimiter: delimiter)
    }

    /// Opens a JSON Lines file whose members fill the columns `roles` (see `RecordScanner`): a line
    /// that is not a JSON object is returned as a record with `invalidReason` set.
    init(path: String, jsonRoles roles: [ColumnRole], chunkSize: Int = 1 << 22) throws {
        self.path = path
        delimiter = 0
        file = try FileBuffer(path: path, capacity: chunkSize)
        scanner = RecordScanner(path: path, jsonRoles: roles)
    }

    /// JSON Lines: what the current line lacks to be a JSON object (nil when it is one).
    private(set) var invalidReason: String?

    /// The scanner of the current record (JSON Lines: which members were present).
    var record: RecordScanner { scanner }

    /// Opens `path` and reads its header line.
    /// - Throws: `FormatError` when the file cannot be read or is empty.
    public static func withHeader(path: String, delimiter: UInt8) throws -> (DelimitedParser, [String]) {
        let parser = try DelimitedParser(path: path, delimiter: delimiter)
        guard try parser.nextRecord() else {
            throw FormatError(
                file: path, line: 0, expected: "a header line naming the columns (the file is empty)")
        }
        return (parser, try parser.scanner.columnNames(parser.file.buffer, file: path, line: parser.line))
    }

    /// The error for field `j` of the current record when its bytes are not UTF-8 text without NUL
    /// bytes (`field` names it); nil when they are. Free for the records of a clean stretch of file.
    func textError(_ j: Int, field: String) -> FormatError? {
        guard scanner.mayHoldBadText(file.buffer) else { return nil }
        return scanner.textError(file.buffer, j, file: path, line: line, field: field)
    }

    /// The bytes of field `j` of the current record (quotes removed, doubled quotes undone).
    public func field(_ j: Int) -> UnsafeBufferPointer<UInt8> { scanner.field(file.buffer, j) }

    /// Field `j` as a string (invalid UTF-8 repaired).
    public func string(_ j: Int) -> String { String(decoding: field(j), as: UTF8.self) }

    /// The raw bytes of the current record, as they stand in the file (without its line end).
    public func rawRecord() -> String { scanner.raw(file.buffer) }

    /// Reads more of the file and looks over it for bytes that are not text.
    private func refill() throws {
        try file.refill(line: nextLine)
        scanner.checkText(file.buffer, from: file.start, to: file.end)
    }

    /// Advances to the next non-blank record; false at the end of the file.
    /// - Throws: `FormatError` for an unterminated quote or text after a closing quote.
    public func nextRecord() throws -> Bool {
        if !started {
            started = true
            try refill()
            file.skipByteOrderMark()
        }
        while true {
            switch try scanner.scan(
                file.buffer, from: file.start, to: file.end, eof: file.eof, line: nextLine)
            {
            case .end:
                return false
            case .incomplete:
                try refill()
            case .blank(let next, let newlines):
                file.start = next
                nextLine += newlines
            case .invalid(let next, let newlines, let expected):  // JSON Lines only
                invalidReason = expected
                line = nextLine
                nextLine += newlines
                file.start = next
                return true
            case .record(let next, let newlines):
                invalidReason = nil
                line = nextLine
                nextLine += newlines
                file.start = next
                return true
            }
        }
    }
}
