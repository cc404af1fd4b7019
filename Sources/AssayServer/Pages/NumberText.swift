// Assay — quality control for human-labelled training data.

/// Numbers as pages write them: rounded for reading, exact in `data-value` attributes (so that a
/// test, or a reader's script, can compare a shown figure with the API's JSON).
enum NumberText {
    /// `x` rounded to `digits` decimals ("—" when not finite).
    /// - Complexity: O(digits).
    static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return String(x) }
        let n = Int(scaled)
        let negative = x < 0 && n != 0
        var whole = String(n)
        if digits > 0 {
            if whole.count <= digits {
                whole = String(repeating: "0", count: digits - whole.count + 1) + whole
            }
            whole.insert(".", at: whole.index(whole.endIndex, offsetBy: -digits))
        }
        return negative ? "−" + whole : whole
    }

    /// `x` with a sign, rounded to `digits` decimals.
    static func signed(_ x: Double, _ digits: Int) -> String {
        let t = fixed(x, digits)
        return x > 0 && t.contains(where: { $0 != "0" && $0 != "." }) ? "+" + t : t
    }

    /// The shortest text that reads back as exactly `x` (what JSON carries).
    static func exact(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }

    /// An optional figure rounded, or "—".
    static func fixed(_ x: Double?, _ digits: Int) -> String { x.map { fixed($0, digits) } ?? "—" }

    /// A count with thousands separators (12,345).
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (j, ch) in digits.enumerated() {
            if j > 0 && (digits.count - j) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "−" + out : out
    }

    /// A p-value as people read it: "<0.001" below a thousandth, else three decimals.
    static func p(_ x: Double?) -> String {
        guard let x else { return "—" }
        return x < 0.001 ? "<0.001" : fixed(x, 3)
    }
}
