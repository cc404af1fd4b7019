// Assay — quality control for human-labelled training data.

import PostgresNIO

/// Rows in PostgreSQL's `COPY … FROM STDIN` text format (tab-separated, `\N` for NULL, backslash
/// escapes), written to the server in buffers of about `flushBytes`.
///
/// Integers are formatted by hand: the labels of a 10M-row import are 70M fields, and going through
/// `String` for each would cost more than the COPY itself.
struct CopyText {
    private var buffer: [UInt8] = []
    private let writer: PostgresCopyFromWriter
    private var first = true
    /// Bytes held before a flush.
    static let flushBytes = 1 << 20

    init(_ writer: PostgresCopyFromWriter) {
        self.writer = writer
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    private mutating func separate() {
        if first { first = false } else { buffer.append(0x09) }
    }

    /// Appends an integer field.
    mutating func int(_ v: Int64) {
        separate()
        var n = v.magnitude
        if v < 0 { buffer.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(truncatingIfNeeded: n % 10) + 0x30
                n /= 10
                count += 1
            } while n > 0
            while count > 0 {
                count -= 1
                buffer.append(d[count])
            }
        }
    }

    /// Appends a floating-point field, NULL for NaN.
    mutating func double(_ v: Double) {
        separate()
        if v.isNaN {
            buffer.append(contentsOf: [0x5C, UInt8(ascii: "N")])
        } else if v.isInfinite {
            buffer.append(contentsOf: Array((v < 0 ? "-Infinity" : "Infinity").utf8))
        } else {
            buffer.append(contentsOf: Array("\(v)".utf8))
        }
    }

    /// Appends a `bytea` field holding `raw` (hex format), NULL for nil.
    mutating func bytea(_ raw: UnsafeRawBufferPointer?) {
        guard let raw else { return null() }
        separate()
        // `\x` escaped for COPY's text format, then two hex digits a byte.
        buffer.append(contentsOf: [0x5C, 0x5C, UInt8(ascii: "x")])
        let digits = Array("0123456789abcdef".utf8)
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 2 * raw.count))
        buffer.withUnsafeMutableBufferPointer { out in
            for (k, b) in raw.enumerated() {
                out[start + 2 * k] = digits[Int(b >> 4)]
                out[start + 2 * k + 1] = digits[Int(b & 15)]
            }
        }
    }

    /// Appends a NULL field.
    mutating func null() {
        separate()
        buffer.append(contentsOf: [0x5C, UInt8(ascii: "N")])
    }

    /// Appends a text field, escaping backslash, tab, newline and carriage return.
    mutating func text(_ s: String) {
        separate()
        for b in s.utf8 {
            switch b {
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: buffer.append(b)
            }
        }
    }

    /// Ends a row; sends the buffer when it is full.
    mutating func endRow() async throws {
        buffer.append(0x0A)
        first = true
        if buffer.count >= Self.flushBytes { try await flush() }
    }

    /// Sends what is buffered.
    mutating func flush() async throws {
        guard !buffer.isEmpty else { return }
        try await writer.write(ByteBuffer(bytes: buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
