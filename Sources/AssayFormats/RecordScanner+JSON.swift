// Assay — quality control for human-labelled training data.

import Foundation

/// What a JSON column held on the last line scanned.
enum JSONState: UInt8 {
    /// A string, number or boolean: the field's bytes are its text (strings unescaped).
    case value = 0
    /// No member of the line named this column.
    case absent
    /// `null` (the field's bytes are the literal).
    case null
    /// An object or array (the field's bytes are its raw text).
    case nested
}

/// JSON Lines: every line holds one JSON object. A JSON string cannot hold a raw line end, so every
/// line feed ends a record and a chunk may be split at any of them.
extension RecordScanner {
    /// Scans the JSON line starting at `first`. Members are matched to the columns by name (the
    /// previous line's key at the same position is tried first); a string without escapes stays a
    /// slice of the buffer, one with escapes is unescaped into scratch memory. Numbers and
    /// booleans keep the text they were written with.
    /// - Complexity: O(bytes of the line).
    func scanJSON(_ buffer: UnsafePointer<UInt8>, from first: Int, to end: Int, eof: Bool) -> Outcome {
        if first == end { return eof ? .end : .incomplete }
        let lineEnd: Int
        let next: Int
        let newlines: Int
        if let lf = memchr(buffer + first, 10, end - first) {
            lineEnd = buffer.distance(to: lf.assumingMemoryBound(to: UInt8.self))
            next = lineEnd + 1
            newlines = 1
        } else {
            if !eof { return .incomplete }
            lineEnd = end
            next = end
            newlines = 0
        }
        var stop = lineEnd
        if stop > first && buffer[stop - 1] == 13 { stop -= 1 }
        recordRange = first..<stop
        var cursor = JSONCursor(b: buffer, stop: stop, p: first)
        cursor.skipSpace()
        if cursor.p == stop { return .blank(next: next, newlines: newlines) }
        let columns = jsonRoles.count
        for j in 0..<columns { jsonState[j] = JSONState.absent.rawValue }
        count = columns
        columnEscapes = false
        jsonLineKeys.removeAll(keepingCapacity: true)
        if let expected = object(&cursor) {
            return .invalid(next: next, newlines: newlines, expected: expected)
        }
        return .record(next: next, newlines: newlines)
    }

    /// Whether column `j` had no member on the last line (never, for delimited records).
    @inline(__always)
    func isAbsent(_ j: Int) -> Bool { isJSON && jsonState[j] == JSONState.absent.rawValue }

    /// Whether column `j` holds a string, number or boolean (always, for delimited records).
    @inline(__always)
    func holdsValue(_ j: Int) -> Bool { !isJSON || jsonState[j] == JSONState.value.rawValue }

    /// The member name that filled column `j` on the last JSON line; nil for delimited records.
    func fieldName(_ j: Int) -> String? {
        guard isJSON, jsonKeyOf[j] >= 0 else { return nil }
        return String(decoding: jsonKeys[jsonKeyOf[j]], as: UTF8.self)
    }

    /// The last JSON line's member names, in order.
    var lineKeyNames: [String] { jsonLineKeys.map { String(decoding: jsonKeys[$0], as: UTF8.self) } }

    /// Parses the object at the cursor up to the end of the line; nil when it is well formed,
    /// otherwise what was expected.
    private func object(_ c: inout JSONCursor) -> String? {
        guard c.peek == UInt8(ascii: "{") else { return "a JSON object starting with '{'" }
        c.p += 1
        c.skipSpace()
        if c.peek == UInt8(ascii: "}") {
            c.p += 1
        } else {
            var member = 0
            while true {
                c.skipSpace()
                guard c.peek == UInt8(ascii: "\"") else { return "a quoted member name" }
                guard let (range, hasEscapes) = c.string() else { return "a closing '\"' for a string" }
                var entry: Int
                if hasEscapes {
                    var name: [UInt8] = []
                    if let problem = JSONCursor.unescape(c.b, range, into: &name) { return problem }
                    entry = name.withUnsafeBufferPointer { key(of: $0, member: member) }
                } else {
                    entry = key(
                        of: UnsafeBufferPointer(start: c.b + range.lowerBound, count: range.count),
                        member: member)
                }
                jsonLineKeys.append(entry)
                member += 1
                c.skipSpace()
                guard c.peek == UInt8(ascii: ":") else { return "':' after member \"\(keyName(entry))\"" }
                c.p += 1
                c.skipSpace()
                let column = jsonKeyColumn[entry]
                if column >= 0 && jsonState[column] != JSONState.absent.rawValue {
                    return
                        "one \(jsonRoles[column].rawValue) member per line, but \"\(keyName(jsonKeyOf[column]))\" "
                        + "and \"\(keyName(entry))\" both name it"
                }
                if let problem = value(&c, column: column) { return problem }
                if column >= 0 { jsonKeyOf[column] = entry }
                c.skipSpace()
                if c.peek == UInt8(ascii: ",") {
                    c.p += 1
                    continue
                }
                guard c.peek == UInt8(ascii: "}") else {
                    return "',' or '}' after member \"\(keyName(entry))\""
                }
                c.p += 1
                break
            }
        }
        c.skipSpace()
        return c.p == c.stop ? nil : "nothing after the closing '}'"
    }

    private func keyName(_ entry: Int) -> String { String(decoding: jsonKeys[entry], as: UTF8.self) }

    /// The entry of member name `name`, the `member`-th of its line: the previous line's entry at
    /// that position when it matches, else a search (linear over a few names, hashed beyond).
    private func key(of name: UnsafeBufferPointer<UInt8>, member: Int) -> Int {
        @inline(__always) func matches(_ e: Int) -> Bool {
            jsonKeys[e].count == name.count
                && jsonKeys[e].withUnsafeBufferPointer {
                    memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0
                }
        }
        if member < jsonHints.count, matches(jsonHints[member]) { return jsonHints[member] }
        var found: Int?
        if jsonKeys.count <= 16 {
            found = jsonKeys.indices.first(where: matches)
        } else {
            found = jsonKeyIndex[Array(name)]
        }
        let entry: Int
        if let found {
            entry = found
        } else {
            entry = jsonKeys.count
            let bytes = Array(name)
            let text = String(decoding: bytes, as: UTF8.self)
            let column =
                ColumnRole.match(text, among: jsonRoles).flatMap { jsonRoles.firstIndex(of: $0) } ?? -1
            jsonKeys.append(bytes)
            jsonKeyColumn.append(column)
            jsonKeyIndex[bytes] = entry
            if column < 0 { ignoredKeys.append(text) }
        }
        if member < jsonHints.count {
            jsonHints[member] = entry
        } else if member == jsonHints.count {
            jsonHints.append(entry)
        }
        return entry
    }

    /// Parses the value at the cursor into column `column` (-1: a member that is not kept, parsed
    /// only to check it); nil when it is well formed, otherwise what was expected.
    private func value(_ c: inout JSONCursor, column: Int) -> String? {
        let start = c.p
        var state = JSONState.value
        var hasEscapes = false
        var range = start..<start
        switch c.peek {
        case UInt8(ascii: "\""):
            guard let (r, e) = c.string() else { return "a closing '\"' for a string" }
            range = r
            hasEscapes = e
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while true {
                guard c.p < c.stop else { return "a closing bracket" }
                let b = c.b[c.p]
                if b == UInt8(ascii: "\"") {
                    guard c.string() != nil else { return "a closing '\"' for a string" }
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        c.p += 1
                        break
                    }
                }
                c.p += 1
            }
            state = .nested
            range = start..<c.p
        default:
            while c.p < c.stop {
                let b = c.b[c.p]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == 32 || b == 9 || b == 13 { break }
                c.p += 1
            }
            range = start..<c.p
            switch JSONCursor.literal(c.b, range) {
            case nil: return "a JSON value (string, number, true, false, null, object or array)"
            case true?: state = .null
            case false?: state = .value
            }
        }
        if hasEscapes {
            if column >= 0 {
                scratch[column].removeAll(keepingCapacity: true)
                if let problem = JSONCursor.unescape(c.b, range, into: &scratch[column]) { return problem }
            } else {
                var discard: [UInt8] = []
                if let problem = JSONCursor.unescape(c.b, range, into: &discard) { return problem }
            }
        }
        if column >= 0 {
            starts[column] = range.lowerBound
            ends[column] = range.upperBound
            escaped[column] = hasEscapes
            columnEscapes = columnEscapes || hasEscapes
            jsonState[column] = state.rawValue
        }
        return nil
    }
}

/// A position in one JSON line.
struct JSONCursor {
    let b: UnsafePointer<UInt8>
    /// End of the line's text.
    let stop: Int
    var p: Int

    var peek: UInt8 { p < stop ? b[p] : 0 }

    mutating func skipSpace() {
        while p < stop, b[p] == 32 || b[p] == 9 || b[p] == 13 { p += 1 }
    }

    /// The body of the string whose opening quote is at the cursor, and whether it holds escapes;
    /// the cursor moves past the closing quote. Nil when the line ends first.
    /// - Complexity: O(length), 8 bytes a step between escapes.
    @inline(__always)
    mutating func string() -> (Range<Int>, Bool)? {
        let pair = (
            UInt64(UInt8(ascii: "\"")) &* 0x0101_0101_0101_0101,
            UInt64(UInt8(ascii: "\\")) &* 0x0101_0101_0101_0101
        )
        var q = p + 1
        var hasEscapes = false
        while true {
            q = RecordScanner.delimiterOrLineEnd(b, from: q, to: stop, delimiters: pair)
            while q < stop && b[q] != UInt8(ascii: "\"") && b[q] != UInt8(ascii: "\\") { q += 1 }
            guard q < stop else { return nil }
            if b[q] == UInt8(ascii: "\"") {
                let body = (p + 1)..<q
                p = q + 1
                return (body, hasEscapes)
            }
            hasEscapes = true
            q += 2
        }
    }

    /// Whether `b[range]` is a JSON literal: false for a number (also Python's NaN, Infinity and
    /// -Infinity), true or false; true for null; nil when it is none of them.
    static func literal(_ b: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool? {
        let text = UnsafeBufferPointer(start: b + range.lowerBound, count: range.count)
        if text.elementsEqual("null".utf8) { return true }
        for word in ["true", "false", "NaN", "Infinity", "-Infinity"] where text.elementsEqual(word.utf8) {
            return false
        }
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        var p = range.lowerBound
        let end = range.upperBound
        func digits() -> Int {
            let s = p
            while p < end && b[p] >= 48 && b[p] <= 57 { p += 1 }
            return p - s
        }
        if p < end && b[p] == UInt8(ascii: "-") { p += 1 }
        guard p < end else { return nil }
        if b[p] == UInt8(ascii: "0") {
            p += 1
        } else if digits() == 0 {
            return nil
        }
        if p < end && b[p] == UInt8(ascii: ".") {
            p += 1
            if digits() == 0 { return nil }
        }
        if p < end && (b[p] == UInt8(ascii: "e") || b[p] == UInt8(ascii: "E")) {
            p += 1
            if p < end && (b[p] == UInt8(ascii: "+") || b[p] == UInt8(ascii: "-")) { p += 1 }
            if digits() == 0 { return nil }
        }
        return p == end ? false : nil
    }

    /// Appends the unescaped bytes of the string body `b[range]` to `out`; nil when every escape is
    /// valid, otherwise what was expected.
    static func unescape(_ b: UnsafePointer<UInt8>, _ range: Range<Int>, into out: inout [UInt8]) -> String? {
        var i = range.lowerBound
        let end = range.upperBound
        func hex4() -> UInt32? {
            var v: UInt32 = 0
            for k in 1...4 {
                guard i + k < end, let d = hexDigit(b[i + k]) else { return nil }
                v = v * 16 + d
            }
            i += 4
            return v
        }
        while i < end {
            let c = b[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < end else { return "a character after '\\'" }
            switch b[i] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(b[i])
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return "4 hex digits after \\u" }
                if (0xD800..<0xDC00).contains(scalar), i + 2 < end, b[i + 1] == UInt8(ascii: "\\"),
                    b[i + 2] == UInt8(ascii: "u")
                {
                    i += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                        return "a low surrogate \\uDC00–\\uDFFF after a high one"
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                // A lone surrogate is no character: it would have to be replaced by U+FFFD, and
                // distinct ids (\uD800, \uDBFF) would merge.
                guard let character = Unicode.Scalar(scalar) else {
                    return "a Unicode character after \\u (a lone surrogate \\uD800–\\uDFFF is not one)"
                }
                UTF8.encode(character) { out.append($0) }
            default:
                return "a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t, or \\u and 4 hex digits) after '\\'"
            }
            i += 1
        }
        return nil
    }

    private static func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case 48...57: UInt32(c - 48)
        case 65...70: UInt32(c - 55)
        case 97...102: UInt32(c - 87)
        default: nil
        }
    }
}
