// Assay — quality control for human-labelled training data.

/// The classes one multi-label field names: class names separated by `;` (spaces and tabs around
/// each name are not part of it), or a JSON array of strings or numbers (a JSON Lines member such as
/// `"labels": ["a", "b"]`, or a field that starts with `[`); an empty field, or `[]`, names no class.
/// Repeats are harmless (a set). An empty name between two separators (`a;;b`, `a;`) is an error.
enum ClassList {
    /// The class names `bytes` hold, or what was expected instead.
    /// - Complexity: O(bytes).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[String], Problem> {
        var lo = 0
        var hi = bytes.count
        while lo < hi && (bytes[lo] == 32 || bytes[lo] == 9) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 32 || bytes[hi - 1] == 9) { hi -= 1 }
        if lo == hi { return .success([]) }
        if bytes[lo] == UInt8(ascii: "[") { return array(bytes.baseAddress!, lo..<hi) }
        // A JSON object (a JSON Lines member such as `{"x": 1}`) is no list of classes.
        if bytes[lo] == UInt8(ascii: "{") { return .failure(Problem(expected: arrayExpectation)) }
        var names: [String] = []
        for part in bytes[lo..<hi].split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let name = String(decoding: part, as: UTF8.self).trimmingWhitespace()
            if name.isEmpty {
                return .failure(
                    Problem(expected: "class names separated by ';' (an empty name stands between two)"))
            }
            names.append(name)
        }
        return .success(names)
    }

    static let arrayExpectation = "a JSON array of class names (strings or numbers)"

    /// Why a field is not a list of classes.
    struct Problem: Error {
        var expected: String
    }

    /// The elements of the JSON array `b[range]`.
    private static func array(_ b: UnsafePointer<UInt8>, _ range: Range<Int>) -> Result<[String], Problem> {
        let wrong = Problem(expected: arrayExpectation)
        var c = JSONCursor(b: b, stop: range.upperBound, p: range.lowerBound + 1)
        var names: [String] = []
        c.skipSpace()
        if c.peek == UInt8(ascii: "]") {
            c.p += 1
        } else {
            while true {
                c.skipSpace()
                if c.peek == UInt8(ascii: "\"") {
                    guard let (body, escapes) = c.string() else { return .failure(wrong) }
                    var name: [UInt8] = []
                    if escapes {
                        if let problem = JSONCursor.unescape(b, body, into: &name) {
                            return .failure(Problem(expected: problem))
                        }
                    } else {
                        name = Array(UnsafeBufferPointer(start: b + body.lowerBound, count: body.count))
                    }
                    guard !name.isEmpty, !name.contains(0), String(validating: name, as: UTF8.self) != nil
                    else {
                        return .failure(Problem(expected: "class names that are non-empty text"))
                    }
                    names.append(String(decoding: name, as: UTF8.self))
                } else {
                    let start = c.p
                    while c.p < c.stop, c.b[c.p] != UInt8(ascii: ","), c.b[c.p] != UInt8(ascii: "]"),
                        c.b[c.p] != 32, c.b[c.p] != 9
                    {
                        c.p += 1
                    }
                    guard JSONCursor.literal(b, start..<c.p) == false else { return .failure(wrong) }
                    names.append(
                        String(
                            decoding: UnsafeBufferPointer(start: b + start, count: c.p - start), as: UTF8.self
                        ))
                }
                c.skipSpace()
                if c.peek == UInt8(ascii: ",") {
                    c.p += 1
                    continue
                }
                guard c.peek == UInt8(ascii: "]") else { return .failure(wrong) }
                c.p += 1
                break
            }
        }
        c.skipSpace()
        return c.p == c.stop ? .success(names) : .failure(wrong)
    }
}
