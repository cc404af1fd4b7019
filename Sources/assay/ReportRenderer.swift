// Assay — quality control for human-labelled training data.

import AssayReport
import Foundation

/// Renders a `ScorecardReport` as text or Markdown (JSON is the report's own encoding); no figure
/// is computed here.
struct ReportRenderer {
    let report: ScorecardReport
    /// How names from the data (vendors, annotators) are escaped in the text being built.
    var escaping = Escaping.text

    /// Escaping of outside strings, so that a name cannot break the layout around it.
    enum Escaping {
        /// Text tables and lines: backslash, tab, carriage return and newline as `\\`, `\t`,
        /// `\r`, `\n`.
        case text
        /// Markdown: the text escapes (with the backslash doubled again, so they show) and `|` as
        /// `\|`, so that a cell cannot end early.
        case markdown

        func apply(_ s: String) -> String {
            let special: Set<Unicode.Scalar> = ["\\", "|", "\t", "\r", "\n"]
            guard s.unicodeScalars.contains(where: special.contains) else { return s }
            // In Markdown a backslash escapes the next character, so a shown backslash is doubled.
            let slash = self == .markdown ? "\\\\" : "\\"
            var out = ""
            for u in s.unicodeScalars {
                switch u {
                case "\\": out += "\\\\"
                case "\t": out += slash + "t"
                case "\r": out += slash + "r"
                case "\n": out += slash + "n"
                case "|" where self == .markdown: out += "\\|"
                default: out.unicodeScalars.append(u)
                }
            }
            return out
        }
    }

    func name(_ s: String) -> String { escaping.apply(s) }

    /// A value with its interval, or with the reason it has none.
    func figure(_ e: Figure?, digits: Int = 3) -> String { Self.figure(e, digits: digits) }

    /// A value with its interval, or with the reason it has none; "—" when absent.
    static func figure(_ e: Figure?, digits: Int = 3) -> String {
        guard let e else { return "—" }
        let f = "%.\(digits)f"
        if let ci = e.interval { return String(format: "\(f) [\(f), \(f)]", e.value, ci.low, ci.high) }
        return String(format: f, e.value) + (e.reason.map { " (\($0))" } ?? "")
    }

    func number(_ v: Double?, _ f: String = "%.3f") -> String { v.map { String(format: f, $0) } ?? "—" }

    func vendorRows() -> [[String]] {
        report.vendors.map { v in
            [
                name(v.vendor), "\(v.annotators)", "\(v.labels)", figure(v.goldAccuracy),
                figure(v.estimatedAccuracy),
                number(v.alpha),
                String(
                    format: "%d (%.0f%%)", v.flaggedAnnotators,
                    v.annotators > 0 ? 100 * Double(v.flaggedAnnotators) / Double(v.annotators) : 0),
                number(v.medianSeconds, "%.1f"), number(v.costPerLabel, "%.4f"),
                figure(v.costPerCorrectLabel, digits: 4),
            ]
        }
    }

    static let vendorHeader = [
        "vendor", "annotators", "labels", "gold accuracy", "estimated accuracy", "α within", "flagged",
        "median s/label", "cost/label", "cost/correct label",
    ]
    static let annotatorHeader = [
        "vendor", "annotator", "labels", "gold accuracy", "estimated accuracy", "agrees with consensus",
        "spammer score", "label entropy", "median s", "flags",
    ]

    func annotatorRows() -> [[String]] {
        report.annotators.map { c in
            [
                name(c.vendor), name(c.annotator), "\(c.labels)",
                c.goldAccuracy.map { a in
                    String(
                        format: "%.3f [%.3f, %.3f] (%d)", a, c.goldInterval?[0] ?? .nan,
                        c.goldInterval?[1] ?? .nan,
                        c.goldLabels)
                } ?? "—",
                String(format: "%.3f", c.estimatedAccuracy), String(format: "%.3f", c.agreementWithConsensus),
                String(format: "%.3f", c.spammerScore), String(format: "%.2f", c.labelEntropy),
                number(c.medianSeconds, "%.1f"), "\(c.flags.count)",
            ]
        }
    }

    func comparisonRows() -> [[String]] {
        report.comparisons.map { c in
            [
                "\(name(c.a)) − \(name(c.b))", c.scope, c.basis, "\(c.items)", figure(c.difference),
                c.p == nil ? (c.reason ?? "—") : pValue(c.p), pValue(c.pHolm),
            ]
        }
    }

    /// A bootstrap p-value; 0 means below the resolution 1/B.
    func pValue(_ p: Double?) -> String {
        guard let p else { return "—" }
        return p == 0 && report.bootstrap > 0
            ? String(format: "< %.4f", 1 / Double(report.bootstrap)) : String(format: "%.4f", p)
    }

    static let comparisonHeader = ["pair", "scope", "basis", "items", "accuracy difference", "p", "p (Holm)"]

    /// A vendor's reading with its names escaped.
    func reading(_ v: ScorecardReport.VendorRow) -> String { escaping.apply(v.reading) }

    /// The whole report as text tables.
    func plain() -> String {
        var out = "Vendors (method \(report.method); 95% bootstrap intervals over items)\n"
        for w in report.warnings { out += "warning: \(w)\n" }
        out += table(Self.vendorHeader, vendorRows()) + "\n"
        for v in report.vendors { out += "  " + reading(v) + "\n" }
        if !report.comparisons.isEmpty {
            out += "\nVendor comparisons\n" + table(Self.comparisonHeader, comparisonRows()) + "\n"
        }
        out += "\nAnnotators, worst first\n" + table(Self.annotatorHeader, annotatorRows()) + "\n"
        let flagged = report.annotators.filter { !$0.flags.isEmpty }
        out += "\nFlags (\(flagged.count) annotators)\n"
        for c in flagged { for f in c.flags { out += "  \(name(c.vendor))/\(name(c.annotator)): \(f)\n" } }
        return out
    }

    /// The whole report as Markdown.
    func markdown() -> String {
        guard escaping == .markdown else {
            var r = self
            r.escaping = .markdown
            return r.markdown()
        }
        let md = Self.markdownTable
        var out = "## Vendors\n\nMethod `\(report.method)`; 95% bootstrap intervals over items.\n\n"
        for w in report.warnings { out += "> **Warning:** \(name(w))\n\n" }
        out += md(Self.vendorHeader, vendorRows()) + "\n\n"
        out += report.vendors.map { "- " + reading($0) }.joined(separator: "\n") + "\n\n"
        if !report.comparisons.isEmpty {
            out += "## Vendor comparisons\n\n" + md(Self.comparisonHeader, comparisonRows()) + "\n\n"
        }
        out +=
            "## Annotators, worst first\n\n" + md(Self.annotatorHeader, annotatorRows()) + "\n\n## Flags\n\n"
        for c in report.annotators {
            for f in c.flags { out += "- \(name(c.vendor))/\(name(c.annotator)): \(f)\n" }
        }
        return out
    }

    /// A left-aligned text table.
    func table(_ header: [String], _ rows: [[String]]) -> String { Self.textTable(header, rows) }

    /// A Markdown table.
    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        ([
            "| " + header.joined(separator: " | ") + " |",
            "|" + String(repeating: "---|", count: header.count),
        ]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n")
    }

    /// A left-aligned text table.
    static func textTable(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (j, c) in r.enumerated() { widths[j] = max(widths[j], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
