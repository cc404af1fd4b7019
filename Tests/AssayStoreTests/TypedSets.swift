// Assay — quality control for human-labelled training data.

import AssayCore
import AssayStore

/// Item and annotator ids of string rows, numbered in byte order of the ids (as the stores number
/// new ids), so that a set built from them and the set a store loads back list labels in the same
/// order.
struct InternedRows {
    let itemIDs: [String]
    let annotatorIDs: [String]
    let item: [Int32]
    let annotator: [Int32]

    init(items: [String], annotators: [String]) {
        func intern(_ keys: [String]) -> ([String], [Int32]) {
            let ids = Array(Set(keys)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
            return (ids, keys.map { index[$0]! })
        }
        (itemIDs, item) = intern(items)
        (annotatorIDs, annotator) = intern(annotators)
    }

    /// Every annotator in vendor 0.
    var annotatorVendor: [Int32] { [Int32](repeating: 0, count: annotatorIDs.count) }
}

/// A rating set of (item, annotator, value) rows from one vendor.
func ratings(
    _ rows: [(String, String, Double)], scale: RatingScale, vendor: String = "V",
    extras: LabelExtras = LabelExtras()
) -> RatingSet {
    let ids = InternedRows(items: rows.map(\.0), annotators: rows.map(\.1))
    return RatingSet(
        itemIDs: ids.itemIDs, annotatorIDs: ids.annotatorIDs, annotatorVendor: ids.annotatorVendor,
        vendorIDs: [vendor], scale: scale, item: ids.item, annotator: ids.annotator, value: rows.map(\.2),
        extras: extras)
}

/// A multi-label set of (item, annotator, classes) rows from one vendor.
func multilabels(
    _ rows: [(String, String, [String])], classes: [String], vendor: String = "V",
    extras: LabelExtras = LabelExtras()
) -> MultiLabelSet {
    let ids = InternedRows(items: rows.map(\.0), annotators: rows.map(\.1))
    var lists: [Int32] = []
    var offsets = [0]
    for r in rows {
        lists += r.2.map { Int32(classes.firstIndex(of: $0)!) }
        offsets.append(lists.count)
    }
    return MultiLabelSet(
        itemIDs: ids.itemIDs, annotatorIDs: ids.annotatorIDs, annotatorVendor: ids.annotatorVendor,
        vendorIDs: [vendor], classes: classes, item: ids.item, annotator: ids.annotator,
        words: MultiLabelSet.words(classLists: lists, offsets: offsets, classCount: classes.count),
        extras: extras)
}

/// A text set of (item, annotator, answer) rows from one vendor.
func texts(_ rows: [(String, String, String)], vendor: String = "V", extras: LabelExtras = LabelExtras())
    -> TextSet
{
    let ids = InternedRows(items: rows.map(\.0), annotators: rows.map(\.1))
    return TextSet.build(
        itemIDs: ids.itemIDs, annotatorIDs: ids.annotatorIDs, annotatorVendor: ids.annotatorVendor,
        vendorIDs: [vendor], item: ids.item, annotator: ids.annotator, answers: rows.map(\.2), extras: extras)
}

/// Every label of `labels`, in order, as one line of text with its ids, its value and its extras
/// (numbers as their bits, so that -0 and 0 differ; an absent value, empty column or NaN, as `-`):
/// two sets with the same lines hold the same labels in the same order.
func lines(_ labels: TypedLabels) -> [String] {
    let extras = labels.extras
    let item = labels.item
    let annotator = labels.annotator
    let vendorIDs = labels.vendorIDs
    let annotatorVendor = labels.annotatorVendor
    func bits(_ column: [Double], _ l: Int) -> String {
        column.isEmpty || column[l].isNaN ? "-" : String(column[l].bitPattern, radix: 16)
    }
    return (0..<labels.count).map { l in
        let a = Int(annotator[l])
        let head =
            "\(labels.itemIDs[Int(item[l])])|\(vendorIDs[Int(annotatorVendor[a])])/\(labels.annotatorIDs[a])"
        let tail = "\(bits(extras.createdAt, l))|\(bits(extras.durationSeconds, l))|\(bits(extras.cost, l))"
        return "\(head)|\(value(labels, l))|\(tail)"
    }
}

/// Label `l`'s value as text.
private func value(_ labels: TypedLabels, _ l: Int) -> String {
    switch labels {
    case .categorical(let s): return s.classes[Int(s.value[l])]
    case .pairwise(let s):
        let i = Int(s.index.item[l])
        let shown = s.firstOnLeft[l] ? (s.itemFirst[i], s.itemSecond[i]) : (s.itemSecond[i], s.itemFirst[i])
        let strength =
            s.strength.isEmpty || s.strength[l].isNaN ? "-" : String(s.strength[l].bitPattern, radix: 16)
        let flagged = !s.flaggedInconsistent.isEmpty && s.flaggedInconsistent[l]
        return "\(s.objectIDs[Int(shown.0)]) vs \(s.objectIDs[Int(shown.1)]) outcome \(s.outcome[l]) "
            + "strength \(strength) inconsistent \(flagged) known \(s.isPositionKnown(l))"
    case .rating(let s): return String(s.value[l].bitPattern, radix: 16)
    case .multilabel(let s):
        return s.classes(ofLabel: l).map { s.classes[$0] }.sorted().joined(separator: ";")
    case .text(let s): return s.answers[l].debugDescription
    }
}
