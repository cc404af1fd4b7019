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

    /// Flushes and closes (standard output is only flushed).
    public func close() {
        if path == "-" { fflush(handle) } else { fclose(handle) }
    }

    /// A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
    public static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

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
