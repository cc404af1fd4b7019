// Assay — quality control for human-labelled training data.

import CAssayPrefetch
import Foundation

/// Writes text files line by line through a buffer, quoting CSV fields only when needed.
///
/// Every write is checked. A regular file is written to a temporary file beside it (same folder)
/// and only `commit()` flushes it, syncs it to disk and renames it over `path`, so a reader never
/// sees half a file and a failed write leaves the old file as it was. Standard output ("-") and
/// special files (a device, a pipe) are written in place; `commit()` flushes them and reports a
/// failed write. A writer dropped without `commit()` removes its temporary file.
public final class TextFileWriter {
    private var handle: UnsafeMutablePointer<FILE>?
    /// The path written to ("-" for standard output).
    public let path: String
    /// The temporary file renamed over `path` on commit; nil when writing in place.
    private let temporary: String?
    /// The first failed write's `errno`, if any.
    private var failure: Int32?

    /// Prepares to write `path` ("-" writes to standard output).
    /// - Throws: `WriteError` when the file (or its temporary sibling) cannot be created.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            handle = assay_standard_output()
            temporary = nil
            return
        }
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            // A device or a pipe: there is nothing to rename over.
            guard let f = fopen(path, "w") else { throw WriteError(path: path, errno: errno) }
            handle = f
            temporary = nil
            return
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let tmp = "\(folder).\(base).assay-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard let f = fopen(tmp, "wx") else { throw WriteError(path: path, errno: errno) }
        handle = f
        temporary = tmp
    }

    deinit {
        guard let handle else { return }
        if let temporary {
            fclose(handle)
            unlink(temporary)
        } else if handle != assay_standard_output() {
            fclose(handle)
        }
    }

    /// Writes raw bytes, remembering the first failure.
    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard let handle, failure == nil, bytes.count > 0 else { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, handle) != bytes.count { failure = errno }
    }

    /// Flushes standard output (where `print` writes too) and reports a failed write as
    /// `WriteError`.
    public static func flushStandardOutput() throws {
        let out = assay_standard_output()
        if fflush(out) != 0 || ferror(out) != 0 { throw WriteError(path: "-", errno: errno) }
    }

    /// Flushes what is buffered and makes the file whole at `path`; throws `WriteError` naming the
    /// path when any write failed (the temporary file is removed then and `path` is untouched).
    public func commit() throws {
        guard let h = handle else { return }
        handle = nil
        if failure == nil && fflush(h) != 0 { failure = errno }
        if failure == nil && ferror(h) != 0 { failure = EIO }
        if let temporary {
            if failure == nil && fsync(fileno(h)) != 0 { failure = errno }
            if fclose(h) != 0 && failure == nil { failure = errno }
            if failure == nil && rename(temporary, path) != 0 { failure = errno }
            if failure != nil { unlink(temporary) }
        } else if h != assay_standard_output() {
            if fclose(h) != 0 && failure == nil { failure = errno }
        }
        if let failure { throw WriteError(path: path, errno: failure) }
    }

    /// Writes `line` and a newline.
    public func line(_ line: String) {
        var s = line
        s.append("\n")
        s.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes one CSV record.
    public func csv(_ fields: [String]) { line(fields.map(Self.quote).joined(separator: ",")) }

    /// Writes one tab-separated record; a field holding a tab, quote, CR or LF is quoted as in CSV
    /// (Assay's TSV reader takes quoted fields).
    public func tsv(_ fields: [String]) {
        line(
            fields.map { f in
                f.utf8.contains { $0 == 9 || $0 == 34 || $0 == 10 || $0 == 13 }
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: "\t"))
    }

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
                text.withUnsafeBytes { write($0) }
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

/// A file (or standard output) that could not be written: the path and the system's reason.
public struct WriteError: Error, Sendable, CustomStringConvertible {
    /// The path as given ("-" for standard output).
    public var path: String
    /// The system error number.
    public var errno: Int32

    /// A failed write of `path`.
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    /// `cannot write PATH: reason`.
    public var description: String {
        "cannot write \(path == "-" ? "standard output" : path): \(String(cString: strerror(errno)))"
    }
}
