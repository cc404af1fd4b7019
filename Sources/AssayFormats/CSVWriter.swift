// Assay — quality control for human-labelled training data.

import Foundation

/// Writes text files line by line through a buffer, quoting CSV fields only when needed.
public final class TextFileWriter {
    private let handle: UnsafeMutablePointer<FILE>
    /// The path written to ("-" for standard output).
    public let path: String

    /// Creates (or truncates) `path`; "-" writes to standard output.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            handle = fdopen(1, "w")
        } else {
            guard let f = fopen(path, "w") else {
                throw FormatError(
                    file: path, line: 0, expected: "a writable path (\(String(cString: strerror(errno))))")
            }
            handle = f
        }
    }

    /// Writes `line` and a newline.
    public func line(_ line: String) {
        var s = line
        s.append("\n")
        s.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, handle) }
    }

    /// Writes one CSV record.
    public func csv(_ fields: [String]) { line(fields.map(Self.quote).joined(separator: ",")) }

    /// Writes `count` lines, line `i` made by `row(i, &bytes)` (which appends it with its line
    /// end). Lines are made in blocks, two blocks at a time on the two cores, and written in order.
    /// - Complexity: O(count) calls of `row`; two blocks of text in memory at a time.
    public func rows(_ count: Int, _ row: (Int, inout [UInt8]) -> Void) {
        let block = 1 << 14
        var start = 0
        while start < count {
            let end = min(count, start + 2 * block)
            let middle = min(end, start + block)
            let parts = [start..<middle, middle..<end].filter { !$0.isEmpty }
            let texts = concurrentMap(parts.count) { h, _ in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(parts[h].count * 64)
                for i in parts[h] { row(i, &bytes) }
                return bytes
            }
            for text in texts {
                text.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, handle) }
            }
            start = end
        }
    }

    /// Appends `text` to `bytes`.
    @inline(__always)
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends `field` as a CSV field (quoted when it must be) to `bytes`.
    @inline(__always)
    public static func appendCSV(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { f in
            if f.contains(where: mustQuote) {
                bytes.append(34)
                for b in f {
                    bytes.append(b)
                    if b == 34 { bytes.append(34) }
                }
                bytes.append(34)
            } else {
                bytes.append(contentsOf: f)
            }
        }
    }

    /// Appends the shortest text that reads back as `v` (as `"\(v)"` writes it; 0 and 1, the
    /// commonest posteriors, without formatting), or `nonFinite` for NaN and infinities.
    @inline(__always)
    public static func appendNumber(_ v: Double, nonFinite: String, to bytes: inout [UInt8]) {
        if v == 0 {
            bytes.append(contentsOf: [48, 46, 48])  // "0.0"
        } else if v == 1 {
            bytes.append(contentsOf: [49, 46, 48])  // "1.0"
        } else {
            append(v.isFinite ? v.description : nonFinite, to: &bytes)
        }
    }

    /// Flushes and closes (standard output is only flushed).
    public func close() {
        if path == "-" { fflush(handle) } else { fclose(handle) }
    }

    /// A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
    public static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: mustQuote) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a CSV field holding byte `b` must be quoted: a comma, quote, LF or CR.
    @inline(__always)
    static func mustQuote(_ b: UInt8) -> Bool { b == 44 || b == 34 || b == 10 || b == 13 }

    /// A JSON string literal.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A JSON number: shortest round-trip text; non-finite values become null.
    public static func jsonNumber(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
}
