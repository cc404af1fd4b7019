// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation

/// A free-text dataset of the shared folder (`labels.csv` with item, worker and answer columns,
/// `truth.csv` with item and reference) read into a `TextSet` and its references. Used by the
/// dataset tests and by `scripts/text-bench` (which compiles this file into its harness, with the
/// CSV reader and the rank correlation below).
struct TextDataset {
    /// The answers.
    let set: TextSet
    /// Per item, the reference words (tokenised with the set's vocabulary).
    let truth: WordSequences
    /// Per item, whether it has a reference.
    let known: [Bool]

    /// Reads `folder/labels.csv` and `folder/truth.csv`.
    static func load(_ folder: String) throws -> TextDataset {
        let rows = try readCSV(folder + "/labels.csv").dropFirst()
        var itemIndex: [String: Int32] = [:]
        var workerIndex: [String: Int32] = [:]
        var itemIDs: [String] = []
        var workerIDs: [String] = []
        var item: [Int32] = []
        var worker: [Int32] = []
        var answers: [String] = []
        func intern(_ id: String, _ index: inout [String: Int32], _ ids: inout [String]) -> Int32 {
            if let known = index[id] { return known }
            ids.append(id)
            index[id] = Int32(ids.count - 1)
            return Int32(ids.count - 1)
        }
        for row in rows where row.count >= 3 {
            item.append(intern(row[0], &itemIndex, &itemIDs))
            worker.append(intern(row[1], &workerIndex, &workerIDs))
            answers.append(row[2])
        }
        let set = TextSet.build(
            itemIDs: itemIDs, annotatorIDs: workerIDs,
            annotatorVendor: [Int32](repeating: 0, count: workerIDs.count), vendorIDs: [""], item: item,
            annotator: worker, answers: answers)
        var references = [String?](repeating: nil, count: itemIDs.count)
        for row in try readCSV(folder + "/truth.csv").dropFirst() where row.count >= 2 {
            if let i = itemIndex[row[0]] { references[Int(i)] = row[1] }
        }
        let (truth, known) = set.tokenizeReferences(references)
        return TextDataset(set: set, truth: truth, known: known)
    }
}

/// The records of an RFC 4180 CSV file (quoted fields, doubled quotes, embedded newlines, CRLF).
func readCSV(_ path: String) throws -> [[String]] {
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    var records: [[String]] = []
    var record: [String] = []
    var field: [UInt8] = []
    var quoted = false
    var k = 0
    func endField() {
        record.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }
    while k < bytes.count {
        let b = bytes[k]
        if quoted {
            if b == UInt8(ascii: "\"") {
                if k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "\"") {
                    field.append(b)
                    k += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(b)
            }
        } else if b == UInt8(ascii: "\"") {
            quoted = true
        } else if b == UInt8(ascii: ",") {
            endField()
        } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
            if b == UInt8(ascii: "\r") && k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "\n") { k += 1 }
            endField()
            records.append(record)
            record.removeAll(keepingCapacity: true)
        } else {
            field.append(b)
        }
        k += 1
    }
    if !field.isEmpty || !record.isEmpty {
        endField()
        records.append(record)
    }
    return records
}

/// Spearman rank correlation (average ranks for ties).
func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var k = 0
        while k < order.count {
            var e = k
            while e + 1 < order.count && v[order[e + 1]] == v[order[k]] { e += 1 }
            for j in k...e { r[order[j]] = Double(k + e) / 2 }
            k = e + 1
        }
        return r
    }
    let rx = ranks(x)
    let ry = ranks(y)
    let mx = rx.reduce(0, +) / Double(rx.count)
    let my = ry.reduce(0, +) / Double(ry.count)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for k in rx.indices {
        sxy += (rx[k] - mx) * (ry[k] - my)
        sxx += (rx[k] - mx) * (rx[k] - mx)
        syy += (ry[k] - my) * (ry[k] - my)
    }
    return sxy / (sxx * syy).squareRoot()
}
