// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayFormats

/// A typed set cut into one set per vendor (the typed counterpart of `LabelSet.splitByVendor`):
/// each part holds one vendor's labels, in their order, with its own compact id tables (only the
/// items, annotators and objects its labels use), the optional columns kept.
public enum TypedSetSplit {
    /// One vendor's labels: the rows kept and the compacted ids of their items and annotators.
    struct Part {
        var vendor: String
        var rows: [Int] = []
        var itemIDs: [String] = []
        var annotatorIDs: [String] = []
        var item: [Int32] = []
        var annotator: [Int32] = []
        var extras = LabelExtras()

        init(_ index: LabelIndex, vendor v: Int) {
            vendor = index.vendorIDs[v]
            var items = [Int32](repeating: -1, count: index.itemCount)
            var annotators = [Int32](repeating: -1, count: index.annotatorCount)
            for l in 0..<index.count where index.annotatorVendor[Int(index.annotator[l])] == Int32(v) {
                let (i, a) = (Int(index.item[l]), Int(index.annotator[l]))
                if items[i] < 0 {
                    items[i] = Int32(itemIDs.count)
                    itemIDs.append(index.itemIDs[i])
                }
                if annotators[a] < 0 {
                    annotators[a] = Int32(annotatorIDs.count)
                    annotatorIDs.append(index.annotatorIDs[a])
                }
                rows.append(l)
                item.append(items[i])
                annotator.append(annotators[a])
            }
            func column(_ c: [Double]) -> [Double] { c.isEmpty ? [] : rows.map { c[$0] } }
            extras = LabelExtras(
                createdAt: column(index.extras.createdAt),
                durationSeconds: column(index.extras.durationSeconds),
                cost: column(index.extras.cost))
        }

        /// Every annotator of the part belongs to its one vendor.
        var annotatorVendor: [Int32] { [Int32](repeating: 0, count: annotatorIDs.count) }
    }

    /// The vendors' parts of `index` that hold labels, in vendor order.
    static func parts(_ index: LabelIndex) -> [Part] {
        index.vendorIDs.indices.map { Part(index, vendor: $0) }.filter { !$0.rows.isEmpty }
    }

    /// `labels` cut by vendor.
    /// - Complexity: O(labels × vendors), plus O(labels × words) for multi-label sets.
    public static func byVendor(_ labels: AssayFormats.TypedLabels) throws -> [(
        vendor: String, labels: AssayFormats.TypedLabels
    )] {
        switch labels {
        case .categorical(let set): return set.splitByVendor().map { ($0.vendor, .categorical($0.labels)) }
        case .rating(let s):
            return parts(s.index).map { p in
                (
                    p.vendor,
                    .rating(
                        RatingSet(
                            itemIDs: p.itemIDs, annotatorIDs: p.annotatorIDs,
                            annotatorVendor: p.annotatorVendor,
                            vendorIDs: [p.vendor], scale: s.scale, item: p.item, annotator: p.annotator,
                            value: p.rows.map { s.value[$0] }, extras: p.extras))
                )
            }
        case .multilabel(let s):
            let w = s.wordsPerLabel
            return parts(s.index).map { p in
                (
                    p.vendor,
                    .multilabel(
                        MultiLabelSet(
                            itemIDs: p.itemIDs, annotatorIDs: p.annotatorIDs,
                            annotatorVendor: p.annotatorVendor,
                            vendorIDs: [p.vendor], classes: s.classes, item: p.item, annotator: p.annotator,
                            words: p.rows.flatMap { s.words[$0 * w..<($0 + 1) * w] }, extras: p.extras))
                )
            }
        case .text(let s):
            return parts(s.index).map { p in
                (
                    p.vendor,
                    .text(
                        TextSet.build(
                            itemIDs: p.itemIDs, annotatorIDs: p.annotatorIDs,
                            annotatorVendor: p.annotatorVendor,
                            vendorIDs: [p.vendor], item: p.item, annotator: p.annotator,
                            answers: p.rows.map { s.answers[$0] }, extras: p.extras))
                )
            }
        case .pairwise(let s):
            return try parts(s.index).map { p in
                var objectIDs: [String] = []
                var objects = [Int32](repeating: -1, count: s.objectCount)
                func object(_ o: Int32) -> Int32 {
                    if objects[Int(o)] < 0 {
                        objects[Int(o)] = Int32(objectIDs.count)
                        objectIDs.append(s.objectIDs[Int(o)])
                    }
                    return objects[Int(o)]
                }
                var left: [Int32] = []
                var right: [Int32] = []
                for l in p.rows {
                    let i = Int(s.index.item[l])
                    let (first, second) = (object(s.itemFirst[i]), object(s.itemSecond[i]))
                    left.append(s.firstOnLeft[l] ? first : second)
                    right.append(s.firstOnLeft[l] ? second : first)
                }
                let set = try PairwiseSet(
                    objectIDs: objectIDs, itemIDs: p.itemIDs, annotatorIDs: p.annotatorIDs,
                    annotatorVendor: p.annotatorVendor, vendorIDs: [p.vendor], item: p.item,
                    annotator: p.annotator,
                    left: left, right: right, outcome: p.rows.map { s.outcome[$0] },
                    strength: s.strength.isEmpty ? [] : p.rows.map { s.strength[$0] },
                    flaggedInconsistent: s.flaggedInconsistent.isEmpty
                        ? [] : p.rows.map { s.flaggedInconsistent[$0] },
                    positionsKnown: s.positionsKnown,
                    positionUnknown: s.positionsKnown ? p.rows.map { !s.isPositionKnown($0) } : [],
                    extras: p.extras)
                return (p.vendor, .pairwise(set))
            }
        }
    }
}
