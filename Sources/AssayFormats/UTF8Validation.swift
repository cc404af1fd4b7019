// Assay — quality control for human-labelled training data.

/// Whether bytes can be kept as text: UTF-8 without NUL bytes. The readers refuse a field that is
/// not, instead of repairing it (repair would turn `w\xff` and `w\xfe` into the same id `w�`, and a
/// NUL byte would hide inside an id).
enum UTF8Validation {
    /// Bytes that cannot be kept: `count` bytes at `offset` that are not UTF-8 (the longest start of
    /// a sequence that goes wrong, at least one byte), or one NUL byte.
    struct Problem: Equatable {
        var offset: Int
        var count: Int
        var isNUL: Bool
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// The first problem in `b[from..<to]` (offsets in `b`), nil when those bytes are UTF-8 without
    /// NUL. Runs of ASCII are checked 16 bytes a step (a word has a NUL or a byte ≥ 0x80 exactly when
    /// `((w − ones) & ~w | w) & high` is not zero).
    /// - Complexity: O(to − from).
    static func firstProblem(_ b: UnsafePointer<UInt8>, from: Int, to end: Int) -> Problem? {
        let raw = UnsafeRawPointer(b)
        var p = from
        while true {
            while p + 16 <= end {
                let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                let v = raw.loadUnaligned(fromByteOffset: p + 8, as: UInt64.self)
                if ((w &- ones) & ~w | w | (v &- ones) & ~v | v) & high != 0 { break }
                p += 16
            }
            // A byte at a time up to the next special byte or 16 ASCII bytes, whichever is first.
            let stop = min(end, p + 16)
            while p < stop {
                let c = b[p]
                if c == 0 { return Problem(offset: p, count: 1, isNUL: true) }
                if c < 0x80 {
                    p += 1
                    continue
                }
                let next = sequenceEnd(b, at: p, end: end)
                if next < 0 { return Problem(offset: p, count: -next - p, isNUL: false) }
                p = next
            }
            if p >= end { return nil }
        }
    }

    /// The end of the UTF-8 sequence whose lead byte (≥ 0x80) is at `p`; when the sequence is not
    /// valid, `-e` where `e` ends its longest valid-looking start (Unicode's maximal subpart).
    @inline(__always)
    private static func sequenceEnd(_ b: UnsafePointer<UInt8>, at p: Int, end: Int) -> Int {
        let c = b[p]
        var need = 0
        var low: UInt8 = 0x80
        var top: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: need = 1
        case 0xE0: (need, low) = (2, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: (need, top) = (2, 0x9F)  // no surrogates
        case 0xF0: (need, low) = (3, 0x90)
        case 0xF1...0xF3: need = 3
        case 0xF4: (need, top) = (3, 0x8F)  // nothing past U+10FFFF
        default: return -(p + 1)
        }
        var q = p + 1
        for k in 0..<need {
            guard q < end else { return -q }
            let d = b[q]
            guard k == 0 ? (d >= low && d <= top) : (d >= 0x80 && d <= 0xBF) else { return -q }
            q += 1
        }
        return q
    }

    /// The first problem in `bytes`, offsets from its start.
    static func firstProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        guard let base = bytes.baseAddress else { return nil }
        return firstProblem(base, from: 0, to: bytes.count)
    }

    /// What is wrong, for an error message: `byte ff at offset 1 is not UTF-8`,
    /// `bytes e2 82 at offset 3 are not UTF-8`, `byte 00 at offset 2 is a NUL byte`.
    static func describe(_ problem: Problem, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let hex = bytes[problem.offset..<(problem.offset + problem.count)].map { hexByte($0) }
        if problem.isNUL { return "byte 00 at offset \(problem.offset) is a NUL byte" }
        return hex.count == 1
            ? "byte \(hex[0]) at offset \(problem.offset) is not UTF-8"
            : "bytes \(hex.joined(separator: " ")) at offset \(problem.offset) are not UTF-8"
    }

    /// `bytes` as text for a message: valid UTF-8 as it is, every byte that is not UTF-8 and every
    /// NUL written `\xHH`.
    /// - Complexity: O(bytes).
    static func display(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress else { return "" }
        var out = ""
        var p = 0
        while let problem = firstProblem(base, from: p, to: bytes.count) {
            out += String(
                decoding: UnsafeBufferPointer(start: base + p, count: problem.offset - p), as: UTF8.self)
            for k in problem.offset..<(problem.offset + problem.count) { out += "\\x" + hexByte(base[k]) }
            p = problem.offset + problem.count
        }
        return out
            + String(decoding: UnsafeBufferPointer(start: base + p, count: bytes.count - p), as: UTF8.self)
    }

    private static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    /// What a reader expects of a text field, with what is wrong with `bytes` (nil when nothing is).
    static func expectation(for bytes: UnsafeBufferPointer<UInt8>) -> String? {
        firstProblem(bytes).map { "UTF-8 text without NUL bytes (\(describe($0, in: bytes)))" }
    }
}

extension FormatError {
    /// The error for a field whose bytes cannot be kept as text, or nil when they can.
    static func unlessText(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int, field: String?
    ) -> FormatError? {
        UTF8Validation.expectation(for: bytes).map {
            FormatError(
                file: file, line: line, field: field, value: UTF8Validation.display(bytes), expected: $0)
        }
    }
}
