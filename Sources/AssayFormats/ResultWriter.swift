// Assay — quality control for human-labelled training data.

public import AssayCore

/// Writes inference results: per-item consensus and per-annotator skill, as CSV or JSONL.
public enum ResultWriter {
    /// One row per item: item, label, confidence, then the posterior of each class (CSV columns
    /// `p_<class>`; in JSONL an object `posterior` from class to probability).
    /// - Complexity: O(items × K).
    public static func writeItems(_ r: InferenceResult, set: LabelSet, to path: String, format: InputFormat)
        throws
    {
        let w = try TextFileWriter(path: path)
        let k = r.classCount
        typealias W = TextFileWriter
        switch format {
        case .csv, .tsv:
            w.csv(["item", "label", "confidence"] + set.classes.map { "p_" + $0 } + ["method"])
            var method: [UInt8] = [44]
            W.appendCSV(r.method, to: &method)
            method.append(10)
            let classes = set.classes.map { name in
                var bytes: [UInt8] = []
                W.appendCSV(name, to: &bytes)
                return bytes
            }
            w.rows(set.itemCount) { i, out in
                W.appendCSV(set.itemIDs[i], to: &out)
                out.append(44)
                out.append(contentsOf: classes[Int(r.labels[i])])
                out.append(44)
                W.appendNumber(r.confidence(ofItem: i), nonFinite: "", to: &out)
                for c in 0..<k {
                    out.append(44)
                    W.appendNumber(r.posteriors[i * k + c], nonFinite: "", to: &out)
                }
                out.append(contentsOf: method)
            }
        case .jsonl:
            let keys = set.classes.map { Array(W.jsonString($0).utf8) }
            let method = Array("},\"method\":\(W.jsonString(r.method))}\n".utf8)
            w.rows(set.itemCount) { i, out in
                W.append("{\"item\":\(W.jsonString(set.itemIDs[i])),\"label\":", to: &out)
                out.append(contentsOf: keys[Int(r.labels[i])])
                W.append(",\"confidence\":", to: &out)
                W.appendNumber(r.confidence(ofItem: i), nonFinite: "null", to: &out)
                W.append(",\"posterior\":{", to: &out)
                for c in 0..<k {
                    if c > 0 { out.append(44) }
                    out.append(contentsOf: keys[c])
                    out.append(58)
                    W.appendNumber(r.posteriors[i * k + c], nonFinite: "null", to: &out)
                }
                out.append(contentsOf: method)
            }
        }
        try w.commit()
    }

    /// One row per annotator: vendor, annotator, labels, skill, and the confusion matrix's diagonal
    /// (P(correct | truth = class)) where the method has one.
    /// - Complexity: O(annotators × K).
    public static func writeAnnotators(
        _ r: InferenceResult, set: LabelSet, to path: String, format: InputFormat
    )
        throws
    {
        let w = try TextFileWriter(path: path)
        let k = r.classCount
        let hasConfusion = !r.confusion.isEmpty
        switch format {
        case .csv, .tsv:
            w.csv(
                ["vendor", "annotator", "labels", "skill"]
                    + (hasConfusion ? set.classes.map { "recall_" + $0 } : []) + ["method"])
            for a in 0..<set.annotatorCount {
                var row = [
                    set.vendorIDs[Int(set.annotatorVendor[a])], set.annotatorIDs[a],
                    "\(set.annotatorOffsets[a + 1] - set.annotatorOffsets[a])", fmt(r.annotatorSkill[a]),
                ]
                if hasConfusion { for t in 0..<k { row.append(fmt(r.confusion[(a * k + t) * k + t])) } }
                w.csv(row + [r.method])
            }
        case .jsonl:
            for a in 0..<set.annotatorCount {
                var line =
                    "{\"vendor\":\(TextFileWriter.jsonString(set.vendorIDs[Int(set.annotatorVendor[a])])),"
                    + "\"annotator\":\(TextFileWriter.jsonString(set.annotatorIDs[a])),"
                    + "\"labels\":\(set.annotatorOffsets[a + 1] - set.annotatorOffsets[a]),"
                    + "\"skill\":\(TextFileWriter.jsonNumber(r.annotatorSkill[a]))"
                if hasConfusion {
                    var rows: [String] = []
                    for t in 0..<k {
                        let cells = (0..<k).map {
                            TextFileWriter.jsonNumber(r.confusion[(a * k + t) * k + $0])
                        }
                        rows.append("[\(cells.joined(separator: ","))]")
                    }
                    line += ",\"confusion\":[\(rows.joined(separator: ","))]"
                }
                w.line(line + ",\"method\":\(TextFileWriter.jsonString(r.method))}")
            }
        }
        try w.commit()
    }

    static func fmt(_ v: Double) -> String { v.isFinite ? "\(v)" : "" }
}
