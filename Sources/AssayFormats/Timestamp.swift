// Assay — quality control for human-labelled training data.

/// Parses the timestamps vendors write: Unix seconds (`1700000000`, `1700000000.5`, read by
/// `DecimalNumber`) or ISO 8601 (`2024-03-01T12:30:00Z`, `2024-03-01 12:30:00.250+02:00`,
/// `2024-03-01`). A time without a zone is taken as UTC. Returns seconds since 1970-01-01T00:00:00Z, or nil when the text is neither.
public enum Timestamp {
    /// Seconds since the Unix epoch, or nil.
    public static func parse(_ text: String) -> Double? {
        let s = text.trimmingWhitespace()
        if let v = DecimalNumber.parse(s) { return v }
        let b = Array(s.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = digits(0, 4), b.count >= 10, b[4] == 45, let mo = digits(5, 2), b[7] == 45,
            let d = digits(8, 2), (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        var secs = Double(daysFromCivil(y, mo, d)) * 86400
        var i = 10
        if i == b.count { return secs }
        guard b[i] == 84 || b[i] == 116 || b[i] == 32, let h = digits(i + 1, 2), b.count > i + 3,
            b[i + 3] == 58,
            let mi = digits(i + 4, 2), h < 24, mi < 60
        else { return nil }
        secs += Double(h * 3600 + mi * 60)
        i += 6
        if i < b.count && b[i] == 58 {
            guard let se = digits(i + 1, 2), se <= 60 else { return nil }
            secs += Double(se)
            i += 3
            if i < b.count && (b[i] == 46 || b[i] == 44) {
                var frac = 0.0
                var scale = 0.1
                i += 1
                let start = i
                while i < b.count && b[i] >= 48 && b[i] <= 57 {
                    frac += Double(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
                secs += frac
            }
        }
        if i == b.count { return secs }
        if b[i] == 90 || b[i] == 122 { return i + 1 == b.count ? secs : nil }
        guard b[i] == 43 || b[i] == 45, let oh = digits(i + 1, 2) else { return nil }
        var j = i + 3
        if j < b.count && b[j] == 58 { j += 1 }
        guard let om = digits(j, 2), j + 2 == b.count else { return nil }
        let offset = Double(oh * 3600 + om * 60)
        return b[i] == 43 ? secs - offset : secs + offset
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
