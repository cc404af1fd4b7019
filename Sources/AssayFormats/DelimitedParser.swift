// Assay — quality control for human-labelled training data.

import Foundation

/// A streaming RFC 4180 parser for comma- or tab-separated files: quoted fields, doubled quotes,
/// delimiters and newlines inside quotes, LF or CRLF line ends, an optional UTF-8 byte-order mark.
/// Reads the file in chunks, so memory stays bounded whatever the file's size. Blank lines are
/// skipped.
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
    public private(set) var fieldCount = 0

    private let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false
    private var nextLine = 1
    private var atFileStart = true
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var escaped: [Bool] = []
    private var scratch: [[UInt8]] = []
    private var recordRange = 0..<0
    /// Bytes read so far (for progress reporting).
    public private(set) var bytesRead = 0
    /// Bytes of the file taken by the records returned so far.
    public var bytesConsumed: Int { bytesRead - (end - start) }
    /// The file's size in bytes when known.
    public let fileSize: Int

    /// Opens `path`; `chunkSize` is the initial read size.
    public init(path: String, delimiter: UInt8, chunkSize: Int = 1 << 22) throws {
        self.path = path
        self.delimiter = delimiter
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw FormatError(
                file: path, line: 0, expected: "a readable file (\(String(cString: strerror(errno))))")
        }
        var st = stat()
        fileSize = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        capacity = max(chunkSize, 1024)
        buffer = .allocate(capacity: capacity)
    }

    /// Opens `path` and reads its header line.
    /// - Throws: `FormatError` when the file cannot be read or is empty.
    public static func withHeader(path: String, delimiter: UInt8) throws -> (DelimitedParser, [String]) {
        let parser = try DelimitedParser(path: path, delimiter: delimiter)
        guard try parser.nextRecord() else {
            throw FormatError(
                file: path, line: 0, expected: "a header line naming the columns (the file is empty)")
        }
        return (parser, (0..<parser.fieldCount).map { parser.string($0) })
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The bytes of field `j` of the current record (quotes removed, doubled quotes undone).
    public func field(_ j: Int) -> UnsafeBufferPointer<UInt8> {
        if escaped[j] {
            return scratch[j].withUnsafeBufferPointer { $0 }  // scratch[j] lives until the next record
        }
        return UnsafeBufferPointer(start: buffer + starts[j], count: ends[j] - starts[j])
    }

    /// Field `j` as a string (invalid UTF-8 repaired).
    public func string(_ j: Int) -> String { String(decoding: field(j), as: UTF8.self) }

    /// The raw bytes of the current record, as they stand in the file (without its line end).
    public func rawRecord() -> String {
        String(
            decoding: UnsafeBufferPointer(start: buffer + recordRange.lowerBound, count: recordRange.count),
            as: UTF8.self)
    }

    /// Advances to the next non-blank record; false at the end of the file.
    /// - Throws: `FormatError` for an unterminated quote or text after a closing quote.
    public func nextRecord() throws -> Bool {
        while true {
            if start == end && eof { return false }
            if let done = try parse() {
                if done { return true }
                continue  // blank line skipped
            }
            if eof {
                throw FormatError(
                    file: path, line: nextLine, expected: "a closing quote before the end of the file")
            }
            try refill()
        }
    }

    private func refill() throws {
        if start > 0 {
            let n = end - start
            if n > 0 { memmove(buffer, buffer + start, n) }
            end = n
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let got = read(fd, buffer + end, capacity - end)
        guard got >= 0 else {
            throw FormatError(
                file: path, line: nextLine, expected: "a readable file (\(String(cString: strerror(errno))))")
        }
        if got == 0 { eof = true }
        end += got
        bytesRead += got
        if atFileStart && end - start >= 3 {
            if buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
            atFileStart = false
        } else if atFileStart && eof {
            atFileStart = false
        }
    }

    /// Parses one record at `start`. Returns true when a record is ready, false for a blank line
    /// (consumed), nil when the buffer holds no complete record yet.
    private func parse() throws -> Bool? {
        if atFileStart { return nil }
        let quote = UInt8(ascii: "\"")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let d = delimiter
        var pos = start
        var n = 0
        var newlines = 0
        while true {
            if n == starts.count {
                starts.append(0)
                ends.append(0)
                escaped.append(false)
                scratch.append([])
            }
            if pos < end && buffer[pos] == quote {
                var p = pos + 1
                var hasDouble = false
                var closed = false
                while p < end {
                    let c = buffer[p]
                    if c == quote {
                        if p + 1 < end && buffer[p + 1] == quote {
                            hasDouble = true
                            p += 2
                            continue
                        }
                        if p + 1 == end && !eof { return nil }
                        closed = true
                        break
                    }
                    if c == lf { newlines += 1 }
                    p += 1
                }
                if !closed { return nil }
                starts[n] = pos + 1
                ends[n] = p
                escaped[n] = hasDouble
                if hasDouble {
                    var out: [UInt8] = []
                    out.reserveCapacity(p - pos)
                    var q = pos + 1
                    while q < p {
                        out.append(buffer[q])
                        q += buffer[q] == quote ? 2 : 1
                    }
                    scratch[n] = out
                }
                pos = p + 1
                n += 1
                if pos == end {
                    if !eof { return nil }
                    return finish(n, at: pos, newlines: newlines)
                }
                let c = buffer[pos]
                if c == d {
                    pos += 1
                    continue
                }
                if c == lf { return finish(n, at: pos + 1, newlines: newlines + 1) }
                if c == cr && pos + 1 < end && buffer[pos + 1] == lf {
                    return finish(n, at: pos + 2, newlines: newlines + 1)
                }
                if c == cr && pos + 1 == end && !eof { return nil }
                throw FormatError(
                    file: path, line: nextLine + newlines, field: "column \(n)",
                    value: String(decoding: [c], as: UTF8.self),
                    expected: "a delimiter or the end of the line after a closing quote")
            }
            var p = pos
            while p < end {
                let c = buffer[p]
                if c == d || c == lf { break }
                p += 1
            }
            if p == end && !eof { return nil }
            starts[n] = pos
            var e = p
            if e > pos && buffer[e - 1] == cr && (p == end || buffer[p] == lf) { e -= 1 }
            ends[n] = e
            escaped[n] = false
            n += 1
            if p == end { return finish(n, at: p, newlines: newlines) }
            if buffer[p] == d {
                pos = p + 1
                continue
            }
            return finish(n, at: p + 1, newlines: newlines + 1)
        }
    }

    private func finish(_ n: Int, at next: Int, newlines: Int) -> Bool {
        line = nextLine
        nextLine += newlines
        var recordEnd = next
        while recordEnd > start && (buffer[recordEnd - 1] == 10 || buffer[recordEnd - 1] == 13) {
            recordEnd -= 1
        }
        recordRange = start..<recordEnd
        start = next
        fieldCount = n
        return !(n == 1 && starts[0] == ends[0] && !escaped[0] && recordRange.isEmpty)
    }
}
