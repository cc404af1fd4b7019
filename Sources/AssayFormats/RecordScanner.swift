// Assay — quality control for human-labelled training data.

/// Finds the fields of one RFC 4180 record in a byte buffer: quoted fields, doubled quotes,
/// delimiters and line ends inside quotes, LF or CRLF line ends. In JSON Lines mode (see
/// `RecordScanner+JSON.swift`) a record is one line's JSON object and its fields are the members
/// matched by name to a fixed list of columns.
final class RecordScanner {
    let path: String
    let delimiter: UInt8
    /// Fields of the last record scanned (in JSON mode: always the number of columns).
    var count = 0
    /// Start of the last record and end of its text (line end excluded).
    var recordRange = 0..<0
    private var capacity = 16
    // Per field: where it lies in the buffer, and whether its bytes were unescaped into `scratch`.
    var starts = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var ends = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    var escaped = UnsafeMutablePointer<Bool>.allocate(capacity: 16)
    var scratch: [[UInt8]] = Array(repeating: [], count: 16)
    /// JSON mode: the role of each column (empty for delimited records).
    let jsonRoles: [ColumnRole]
    /// Whether records are JSON lines.
    let isJSON: Bool
    /// JSON mode, per column: what the last line held there (`JSONState`), and which key filled it.
    let jsonState: UnsafeMutablePointer<UInt8>
    let jsonKeyOf: UnsafeMutablePointer<Int>
    /// JSON mode: every member name seen (its bytes and its column, or -1), the entry used at each
    /// member position of the previous line, and the last line's keys in order.
    var jsonKeys: [[UInt8]] = []
    var jsonKeyColumn: [Int] = []
    var jsonKeyIndex: [[UInt8]: Int] = [:]
    var jsonHints: [Int] = []
    var jsonLineKeys: [Int] = []
    /// JSON mode: member names that match no column, in first-seen order.
    var ignoredKeys: [String] = []
    /// The first byte at or after the start given to `checkText` that cannot be kept as text
    /// (`Int.max`: none), and the end of the bytes checked (see `RecordScanner+Text.swift`).
    var badTextAt = Int.max
    var textCheckEnd = 0
    /// JSON mode: whether a column of the last line held escapes (its bytes are not the file's).
    var columnEscapes = false

    /// What `scan` found.
    enum Outcome {
        /// A record; the next one starts at `next`; `newlines` line ends were consumed.
        case record(next: Int, newlines: Int)
        /// A blank line.
        case blank(next: Int, newlines: Int)
        /// The buffer ends inside a record (only when it is not the end of the input).
        case incomplete
        /// No bytes left.
        case end
        /// JSON mode: a line that is not a JSON object; `expected` says what was missing.
        case invalid(next: Int, newlines: Int, expected: String)
    }

    init(path: String, delimiter: UInt8) {
        self.path = path
        self.delimiter = delimiter
        jsonRoles = []
        isJSON = false
        jsonState = .allocate(capacity: 1)
        jsonKeyOf = .allocate(capacity: 1)
        delimiters = (UInt64(delimiter) &* Self.ones, UInt64(UInt8(ascii: "\n")) &* Self.ones)
        quoteOrLineEnd = (UInt64(UInt8(ascii: "\"")) &* Self.ones, UInt64(UInt8(ascii: "\n")) &* Self.ones)
    }

    /// A scanner of JSON lines whose members fill the columns `roles` (matched by name, with the
    /// roles' aliases).
    init(path: String, jsonRoles roles: [ColumnRole]) {
        self.path = path
        delimiter = 0
        jsonRoles = roles
        isJSON = true
        jsonState = .allocate(capacity: max(roles.count, 1))
        jsonKeyOf = .allocate(capacity: max(roles.count, 1))
        jsonKeyOf.initialize(repeating: -1, count: max(roles.count, 1))
        delimiters = (0, 0)
        quoteOrLineEnd = (0, 0)
        while capacity < roles.count { grow() }
    }

    /// The delimiter and the line feed, each repeated in all 8 bytes of a word.
    private let delimiters: (UInt64, UInt64)
    /// The quote and the line feed, likewise (what ends a run of a quoted field's bytes).
    private let quoteOrLineEnd: (UInt64, UInt64)
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The first position in `from..<to` whose byte is one of the pair (each repeated over a word),
    /// looked for 8 bytes at a time while 8 bytes remain (a word has a byte equal to `b` where
    /// `w ^ b·ones` has a zero byte; the lowest flagged byte is exact). Returns the position where
    /// whole words stop otherwise, for a byte loop to finish.
    @inline(__always)
    static func delimiterOrLineEnd(
        _ buffer: UnsafePointer<UInt8>, from: Int, to end: Int, delimiters: (UInt64, UInt64)
    ) -> Int {
        let raw = UnsafeRawPointer(buffer)
        let high: UInt64 = 0x8080_8080_8080_8080
        var p = from
        while p + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let x = w ^ delimiters.0
            let y = w ^ delimiters.1
            let found = ((x &- ones) & ~x | (y &- ones) & ~y) & high
            if found != 0 { return p + found.trailingZeroBitCount >> 3 }
            p += 8
        }
        return p
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
        jsonState.deallocate()
        jsonKeyOf.deallocate()
    }

    /// The bytes of field `j` of the last record (quotes removed, doubled quotes undone), valid
    /// until the next scan.
    @inline(__always)
    func field(_ buffer: UnsafePointer<UInt8>, _ j: Int) -> UnsafeBufferPointer<UInt8> {
        if escaped[j] { return scratch[j].withUnsafeBufferPointer { $0 } }
        return UnsafeBufferPointer(start: buffer + starts[j], count: ends[j] - starts[j])
    }

    /// Whether field `j` was unescaped into scratch memory (not a slice of the buffer).
    @inline(__always)
    func isEscaped(_ j: Int) -> Bool { escaped[j] }

    /// Offset of field `j` in the buffer (meaningful when not escaped).
    @inline(__always)
    func fieldStart(_ j: Int) -> Int { starts[j] }

    /// The last record's text as it stands in the file.
    func raw(_ buffer: UnsafePointer<UInt8>) -> String {
        String(
            decoding: UnsafeBufferPointer(start: buffer + recordRange.lowerBound, count: recordRange.count),
            as: UTF8.self)
    }

    private func grow() {
        let c = capacity * 2
        let s = UnsafeMutablePointer<Int>.allocate(capacity: c)
        s.update(from: starts, count: capacity)
        starts.deallocate()
        starts = s
        let e = UnsafeMutablePointer<Int>.allocate(capacity: c)
        e.update(from: ends, count: capacity)
        ends.deallocate()
        ends = e
        let x = UnsafeMutablePointer<Bool>.allocate(capacity: c)
        x.update(from: escaped, count: capacity)
        escaped.deallocate()
        escaped = x
        scratch.append(contentsOf: Array(repeating: [], count: c - capacity))
        capacity = c
    }

    /// Scans the record starting at `from` in `buffer[..<end]`; `eof` says whether `end` is the end
    /// of the input (then an unfinished last line is a record). `line` is the line at `from`, for
    /// errors.
    /// - Throws: `FormatError` for an unterminated quote at the end of the input or text after a
    ///   closing quote.
    @inline(__always)
    func scan(_ buffer: UnsafePointer<UInt8>, from first: Int, to end: Int, eof: Bool, line: Int) throws
        -> Outcome
    {
        if isJSON { return scanJSON(buffer, from: first, to: end, eof: eof) }
        if first == end { return eof ? .end : .incomplete }
        let quote = UInt8(ascii: "\"")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let d = delimiter
        var pos = first
        var n = 0
        var newlines = 0
        while true {
            if n == capacity { grow() }
            if pos < end && buffer[pos] == quote {
                var p = pos + 1
                var hasDouble = false
                var closed = false
                while p < end {
                    p = Self.delimiterOrLineEnd(buffer, from: p, to: end, delimiters: quoteOrLineEnd)
                    if p == end { break }
                    let c = buffer[p]
                    if c == quote {
                        if p + 1 < end && buffer[p + 1] == quote {
                            hasDouble = true
                            p += 2
                            continue
                        }
                        if p + 1 == end && !eof { return .incomplete }
                        closed = true
                        break
                    }
                    if c == lf { newlines += 1 }
                    p += 1
                }
                if !closed {
                    if eof {
                        throw FormatError(
                            file: path, line: line, expected: "a closing quote before the end of the file")
                    }
                    return .incomplete
                }
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
                    if !eof { return .incomplete }
                    return finish(buffer, n, first: first, next: pos, newlines: newlines)
                }
                let c = buffer[pos]
                if c == d {
                    pos += 1
                    continue
                }
                if c == lf { return finish(buffer, n, first: first, next: pos + 1, newlines: newlines + 1) }
                if c == cr && pos + 1 < end && buffer[pos + 1] == lf {
                    return finish(buffer, n, first: first, next: pos + 2, newlines: newlines + 1)
                }
                if c == cr && pos + 1 == end && !eof { return .incomplete }
                throw FormatError(
                    file: path, line: line + newlines, field: "column \(n)",
                    value: String(decoding: [c], as: UTF8.self),
                    expected: "a delimiter or the end of the line after a closing quote")
            }
            var p = Self.delimiterOrLineEnd(buffer, from: pos, to: end, delimiters: delimiters)
            while p < end {
                let c = buffer[p]
                if c == d || c == lf { break }
                p += 1
            }
            if p == end && !eof { return .incomplete }
            starts[n] = pos
            var e = p
            if e > pos && buffer[e - 1] == cr && (p == end || buffer[p] == lf) { e -= 1 }
            ends[n] = e
            escaped[n] = false
            n += 1
            if p == end { return finish(buffer, n, first: first, next: p, newlines: newlines) }
            if buffer[p] == d {
                pos = p + 1
                continue
            }
            return finish(buffer, n, first: first, next: p + 1, newlines: newlines + 1)
        }
    }

    @inline(__always)
    private func finish(_ buffer: UnsafePointer<UInt8>, _ n: Int, first: Int, next: Int, newlines: Int)
        -> Outcome
    {
        var recordEnd = next
        while recordEnd > first && (buffer[recordEnd - 1] == 10 || buffer[recordEnd - 1] == 13) {
            recordEnd -= 1
        }
        recordRange = first..<recordEnd
        count = n
        if n == 1 && starts[0] == ends[0] && !escaped[0] && recordEnd == first {
            return .blank(next: next, newlines: newlines)
        }
        return .record(next: next, newlines: newlines)
    }
}
