// Assay — quality control for human-labelled training data.

/// A finite number written in decimal: the one parser for every number Assay reads, in files (cost,
/// duration, Unix-second timestamps, numeric classes) and on the command line, so that a value
/// means the same wherever it is written.
///
/// Accepted: an optional sign, decimal digits with an optional decimal point (`12`, `-0.5`, `.5`,
/// `5.`), an optional exponent (`1e3`, `2.5E-3`), with spaces or tabs around. Refused: hexadecimal
/// (`0x10`, `0x1p4`), `inf`, `infinity`, `nan`, digit separators (`1_000`, `1,5`, `1 000`), empty
/// text, and values beyond the range of a `Double` (`1e400`). Swift's `Double(String)` accepts the
/// hexadecimal and non-finite forms, which is why it is not used on its own.
public struct DecimalNumber: Sendable, Hashable, CustomStringConvertible {
    /// The value (finite).
    public let value: Double

    /// The number `text` holds, or nil when it is not a finite decimal number.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let v = text.withUTF8({ Self.parse($0) }) else { return nil }
        value = v
    }

    /// The number a command-line argument holds (the initializer `ExpressibleByArgument` asks for).
    public init?(argument: String) { self.init(argument) }

    /// The value, as Swift prints it.
    public var description: String { "\(value)" }

    /// The number `bytes` hold, or nil when they are not a finite decimal number.
    /// - Complexity: O(bytes).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var lo = 0
        var hi = bytes.count
        while lo < hi && (bytes[lo] == 32 || bytes[lo] == 9) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 32 || bytes[hi - 1] == 9) { hi -= 1 }
        var p = lo
        func digits() -> Int {
            let s = p
            while p < hi && bytes[p] >= 48 && bytes[p] <= 57 { p += 1 }
            return p - s
        }
        if p < hi && (bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-")) { p += 1 }
        var mantissa = digits()
        if p < hi && bytes[p] == UInt8(ascii: ".") {
            p += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if p < hi && (bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E")) {
            p += 1
            if p < hi && (bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-")) { p += 1 }
            guard digits() > 0 else { return nil }
        }
        guard p == hi else { return nil }
        // Only decimal text reaches the standard library's correctly rounded conversion.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The number `text` holds, or nil (see the type's rules).
    public static func parse(_ text: some StringProtocol) -> Double? { DecimalNumber(text)?.value }
}
