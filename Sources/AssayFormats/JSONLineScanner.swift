// Assay — quality control for human-labelled training data.

/// Reads the top-level members of one JSON object on one line, keeping every scalar as the text it
/// was written with (numbers are never re-formatted, strings are unescaped). Nested objects and
/// arrays are skipped over as raw text.
struct JSONLineScanner {
    /// A member's value.
    enum Value: Equatable {
        case string(String)
        case literal(String)  // number, true, false
        case null
        case nested(String)

        /// The text a label or id takes from this value; nil for null and nested values.
        var text: String? {
            switch self {
            case .string(let s), .literal(let s): s
            case .null, .nested: nil
            }
        }
    }

    struct Failure: Error {
        let expected: String
        /// The member concerned, when one is.
        var field: String? = nil
        /// The offending value (for bytes that are not text), when there is one.
        var value: String? = nil
    }

    /// The members of `line`, in order.
    static func members(_ line: UnsafeBufferPointer<UInt8>) throws(Failure) -> [(String, Value)] {
        var p = Parser(b: line)
        p.skipSpace()
        guard p.peek == UInt8(ascii: "{") else { throw Failure(expected: "a JSON object starting with '{'") }
        p.i += 1
        var out: [(String, Value)] = []
        p.skipSpace()
        if p.peek == UInt8(ascii: "}") {
            p.i += 1
        } else {
            while true {
                p.skipSpace()
                guard p.peek == UInt8(ascii: "\"") else { throw Failure(expected: "a quoted member name") }
                let key = try p.string()
                p.skipSpace()
                guard p.peek == UInt8(ascii: ":") else {
                    throw Failure(expected: "':' after member \"\(key)\"")
                }
                p.i += 1
                p.skipSpace()
                do throws(Failure) {
                    out.append((key, try p.value()))
                } catch var failure {
                    if failure.field == nil { failure.field = key }
                    throw failure
                }
                p.skipSpace()
                if p.peek == UInt8(ascii: ",") {
                    p.i += 1
                    continue
                }
                guard p.peek == UInt8(ascii: "}") else {
                    throw Failure(expected: "',' or '}' after member \"\(key)\"")
                }
                p.i += 1
                break
            }
        }
        p.skipSpace()
        guard p.i == line.count else { throw Failure(expected: "nothing after the closing '}'") }
        return out
    }

    private struct Parser {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        var peek: UInt8 { i < b.count ? b[i] : 0 }

        mutating func skipSpace() {
            while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 13 || b[i] == 10 { i += 1 }
        }

        mutating func string() throws(Failure) -> String {
            var cursor = JSONCursor(b: b.baseAddress!, stop: b.count, p: i)
            guard let (body, hasEscapes) = cursor.string() else {
                throw Failure(expected: "a closing '\"' for a string")
            }
            i = cursor.p
            guard hasEscapes else { return try Self.text(UnsafeBufferPointer(rebasing: b[body])) }
            var bytes: [UInt8] = []
            if let problem = JSONCursor.unescape(cursor.b, body, into: &bytes) {
                throw Failure(expected: problem)
            }
            let checked = bytes.withUnsafeBufferPointer { b -> Result<String, Failure> in
                Result { () throws(Failure) in try Self.text(b) }
            }
            return try checked.get()
        }

        /// `bytes` as a string.
        /// - Throws: `Failure` when they are not UTF-8 text without NUL bytes.
        static func text(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> String {
            if let expected = UTF8Validation.expectation(for: bytes) {
                throw Failure(expected: expected, value: UTF8Validation.display(bytes))
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        mutating func value() throws(Failure) -> Value {
            switch peek {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let start = i
                var depth = 0
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") {
                        // Kept as raw text (checked as a whole below): skipped, not unescaped.
                        var cursor = JSONCursor(b: b.baseAddress!, stop: b.count, p: i)
                        guard cursor.string() != nil else {
                            throw Failure(expected: "a closing '\"' for a string")
                        }
                        i = cursor.p
                        continue
                    }
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                    if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return .nested(try Self.text(UnsafeBufferPointer(rebasing: b[start..<i])))
                        }
                    }
                    i += 1
                }
                throw Failure(expected: "a closing bracket")
            default:
                let start = i
                // A literal ends where the label reader's JSON scan ends one: `,` `}` space, tab, CR.
                while i < b.count, ![44, 125, 32, 9, 13].contains(b[i]) { i += 1 }
                // The same literals as the label reader's JSON scan accepts.
                switch JSONCursor.literal(b.baseAddress!, start..<i) {
                case true?: return .null
                case false?:
                    return .literal(
                        String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                case nil:
                    throw Failure(
                        expected: "a JSON value (string, number, true, false, null, object or array)")
                }
            }
        }
    }
}
