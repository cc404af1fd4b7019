// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import Foundation

/// Renders scorecards as text, Markdown or JSON (no statistics are computed here).
struct ReportRenderer {
    let set: LabelSet
    let method: String
    let bootstrap: Int
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
        /// None (JSON strings are escaped by the JSON writer).
        case none

        func apply(_ s: String) -> String {
            let special: Set<Unicode.Scalar> = ["\\", "|", "\t", "\r", "\n"]
            guard self != .none, s.unicodeScalars.contains(where: special.contains) else { return s }
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

    func vendorName(_ v: Int) -> String {
        set.vendorIDs[v].isEmpty ? "(no vendor)" : escaping.apply(set.vendorIDs[v])
    }

    func annotatorName(_ a: Int) -> String { escaping.apply(set.annotatorIDs[a]) }

    /// A value with its interval, or with the reason it has none.
    func estimate(_ e: VendorScorecard.Estimate?, digits: Int = 3) -> String {
        guard let e else { return "—" }
        let f = "%.\(digits)f"
        if let ci = e.interval { return String(format: "\(f) [\(f), \(f)]", e.value, ci.low, ci.high) }
        return String(format: f, e.value) + (e.reason.map { " (\($0))" } ?? "")
    }

    func number(_ v: Double?, _ f: String = "%.3f") -> String { v.map { String(format: f, $0) } ?? "—" }

    func vendorRows(_ vendors: [VendorScorecard]) -> [[String]] {
        vendors.map { v in
            [
                vendorName(v.vendor), "\(v.annotators)", "\(v.labels)", estimate(v.goldAccuracy),
                estimate(v.estimatedAccuracy), number(v.alpha),
                String(format: "%d (%.0f%%)", v.flaggedAnnotators, 100 * v.flaggedShare),
                number(v.medianSeconds, "%.1f"), number(v.costPerLabel, "%.4f"),
                estimate(v.costPerCorrectLabel, digits: 4),
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

    func annotatorRows(_ cards: [AnnotatorScorecard]) -> [[String]] {
        cards.map { c in
            [
                vendorName(Int(set.annotatorVendor[c.annotator])), annotatorName(c.annotator),
                "\(c.labels)",
                c.goldAccuracy.map { a in
                    String(
                        format: "%.3f [%.3f, %.3f] (%d)", a, c.goldInterval!.low, c.goldInterval!.high,
                        c.goldLabels)
                } ?? "—",
                String(format: "%.3f", c.estimatedAccuracy), String(format: "%.3f", c.agreementWithConsensus),
                String(format: "%.3f", c.spammerScore), String(format: "%.2f", c.labelEntropy),
                number(c.medianSeconds, "%.1f"),
                "\(c.flags.count)",
            ]
        }
    }

    func comparisonRows(_ comparisons: [VendorComparison]) -> [[String]] {
        comparisons.map { c in
            [
                "\(vendorName(c.a)) − \(vendorName(c.b))", c.scope, c.basis, "\(c.items)",
                estimate(c.difference),
                c.pValue == nil ? (c.reason ?? "—") : pValue(c.pValue), pValue(c.pHolm),
            ]
        }
    }

    /// A bootstrap p-value; 0 means below the resolution 1/B.
    func pValue(_ p: Double?) -> String {
        guard let p else { return "—" }
        return p == 0 && bootstrap > 0
            ? String(format: "< %.4f", 1 / Double(bootstrap)) : String(format: "%.4f", p)
    }

    static let comparisonHeader = ["pair", "scope", "basis", "items", "accuracy difference", "p", "p (Holm)"]

    func plain(_ vendors: [VendorScorecard], _ comparisons: [VendorComparison], _ cards: [AnnotatorScorecard])
        -> String
    {
        var out = "Vendors (method \(method); 95% bootstrap intervals over items)\n"
        out += table(Self.vendorHeader, vendorRows(vendors)) + "\n"
        for v in vendors { out += "  " + reading(v, cards) + "\n" }
        if !comparisons.isEmpty {
            out += "\nVendor comparisons\n" + table(Self.comparisonHeader, comparisonRows(comparisons)) + "\n"
        }
        out += "\nAnnotators, worst first\n" + table(Self.annotatorHeader, annotatorRows(cards)) + "\n"
        let flagged = cards.filter { !$0.flags.isEmpty }
        out += "\nFlags (\(flagged.count) annotators)\n"
        for c in flagged {
            for f in c.flags {
                out +=
                    "  \(vendorName(Int(set.annotatorVendor[c.annotator])))/\(annotatorName(c.annotator)): \(f)\n"
            }
        }
        return out
    }

    /// One plain-language sentence per vendor, with its flagged annotators by kind.
    func reading(_ v: VendorScorecard, _ cards: [AnnotatorScorecard]) -> String {
        let basis = v.goldAccuracy ?? v.estimatedAccuracy
        var s = "\(vendorName(v.vendor)): accuracy " + String(format: "%.3f", basis.value)
        if let ci = basis.interval { s += String(format: " ± %.3f", (ci.high - ci.low) / 2) }
        let noInterval = basis.interval == nil ? basis.reason.map { "no interval: " + $0 } : nil
        if v.goldAccuracy != nil {
            s += " on gold" + (noInterval.map { " (\($0))" } ?? "")
        } else {
            s += " (estimated" + (noInterval.map { "; \($0)" } ?? "") + ")"
        }
        if let c = v.costPerCorrectLabel { s += String(format: ", cost per correct label %.4f", c.value) }
        let mine = cards.filter { Int(set.annotatorVendor[$0.annotator]) == v.vendor }
        var kinds: [String] = []
        for (word, label) in [
            ("spammer", "as likely spammers"), ("straight-lining", "as straight-lining"),
            ("too fast", "as too fast"),
        ] {
            let n = mine.filter { $0.flags.contains { $0.contains(word) } }.count
            if n > 0 { kinds.append("\(n) \(label)") }
        }
        s += "; \(v.flaggedAnnotators) of \(v.annotators) annotators flagged"
        if !kinds.isEmpty { s += " (" + kinds.joined(separator: ", ") + ")" }
        return s
    }

    func markdown(
        _ vendors: [VendorScorecard], _ comparisons: [VendorComparison], _ cards: [AnnotatorScorecard]
    ) -> String {
        guard escaping == .markdown else {
            var r = self
            r.escaping = .markdown
            return r.markdown(vendors, comparisons, cards)
        }
        func md(_ header: [String], _ rows: [[String]]) -> String {
            ([
                "| " + header.joined(separator: " | ") + " |",
                "|" + String(repeating: "---|", count: header.count),
            ]
                + rows.map { "| " + $0.joined(separator: " | ") + " |" }).joined(separator: "\n")
        }
        var out = "## Vendors\n\nMethod `\(method)`; 95% bootstrap intervals over items.\n\n"
        out += md(Self.vendorHeader, vendorRows(vendors)) + "\n\n"
        out += vendors.map { "- " + reading($0, cards) }.joined(separator: "\n") + "\n\n"
        if !comparisons.isEmpty {
            out +=
                "## Vendor comparisons\n\n" + md(Self.comparisonHeader, comparisonRows(comparisons)) + "\n\n"
        }
        out +=
            "## Annotators, worst first\n\n" + md(Self.annotatorHeader, annotatorRows(cards))
            + "\n\n## Flags\n\n"
        for c in cards where !c.flags.isEmpty {
            for f in c.flags {
                out +=
                    "- \(vendorName(Int(set.annotatorVendor[c.annotator])))/\(annotatorName(c.annotator)): \(f)\n"
            }
        }
        return out
    }

    func json(_ vendors: [VendorScorecard], _ comparisons: [VendorComparison], _ cards: [AnnotatorScorecard])
        -> String
    {
        guard escaping == .none else {
            var r = self
            r.escaping = .none
            return r.json(vendors, comparisons, cards)
        }
        func n(_ v: Double?) -> String { v.map(TextFileWriter.jsonNumber) ?? "null" }
        func e(_ v: VendorScorecard.Estimate?) -> String {
            guard let v else { return "null" }
            return "{\"value\":\(n(v.value)),\"low\":\(n(v.low)),\"high\":\(n(v.high)),"
                + "\"reason\":\(v.reason.map(s) ?? "null")}"
        }
        func s(_ v: String) -> String { TextFileWriter.jsonString(v) }
        let vs = vendors.map { v in
            "{\"vendor\":\(s(vendorName(v.vendor))),\"annotators\":\(v.annotators),\"labels\":\(v.labels),\"items\":\(v.items),"
                + "\"gold_labels\":\(v.goldLabels),\"gold_items\":\(v.goldItems),\"gold_accuracy\":\(e(v.goldAccuracy)),"
                + "\"estimated_accuracy\":\(e(v.estimatedAccuracy)),\"alpha\":\(n(v.alpha)),"
                + "\"flagged_annotators\":\(v.flaggedAnnotators),\"median_seconds\":\(n(v.medianSeconds)),"
                + "\"cost_per_label\":\(n(v.costPerLabel)),\"total_cost\":\(n(v.totalCost)),"
                + "\"cost_per_correct_label\":\(e(v.costPerCorrectLabel)),\"reading\":\(s(reading(v, cards)))}"
        }
        let cs = comparisons.map { c in
            "{\"a\":\(s(vendorName(c.a))),\"b\":\(s(vendorName(c.b))),\"scope\":\(s(c.scope)),\"basis\":\(s(c.basis)),"
                + "\"items\":\(c.items),\"difference\":\(e(c.difference)),\"p\":\(n(c.pValue)),\"p_holm\":\(n(c.pHolm)),"
                + "\"reason\":\(c.reason.map(s) ?? "null")}"
        }
        let k = set.classCount
        let ans = cards.map { c in
            let confusion = (0..<k).map { t in
                "[" + (0..<k).map { n(c.confusion[t * k + $0]) }.joined(separator: ",") + "]"
            }
            return
                "{\"vendor\":\(s(vendorName(Int(set.annotatorVendor[c.annotator])))),\"annotator\":\(s(annotatorName(c.annotator))),"
                + "\"labels\":\(c.labels),\"items\":\(c.items),\"gold_labels\":\(c.goldLabels),\"gold_accuracy\":\(n(c.goldAccuracy)),"
                + "\"gold_interval\":\(c.goldInterval.map { "[\(n($0.low)),\(n($0.high))]" } ?? "null"),"
                + "\"estimated_accuracy\":\(n(c.estimatedAccuracy)),\"model_accuracy\":\(n(c.modelAccuracy)),"
                + "\"agreement_with_consensus\":\(n(c.agreementWithConsensus)),"
                + "\"spammer_score\":\(n(c.spammerScore)),\"label_entropy\":\(n(c.labelEntropy)),"
                + "\"median_seconds\":\(n(c.medianSeconds)),\"confusion\":[\(confusion.joined(separator: ","))],"
                + "\"flags\":[\(c.flags.map(s).joined(separator: ","))]}"
        }
        return "{\"method\":\(s(method)),\"classes\":[\(set.classes.map(s).joined(separator: ","))],"
            + "\"vendors\":[\(vs.joined(separator: ","))],\"comparisons\":[\(cs.joined(separator: ","))],"
            + "\"annotators\":[\(ans.joined(separator: ","))]}"
    }

    /// A left-aligned text table.
    func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (j, c) in r.enumerated() { widths[j] = max(widths[j], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
