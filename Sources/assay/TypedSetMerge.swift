// Assay — quality control for human-labelled training data.

import AssayCore

/// Several files' sets of one type as one set: items, annotators (scoped by vendor), vendors and
/// objects or classes joined by their ids, labels in file order, the optional columns kept (NaN
/// where a file had none).
enum TypedSetMerge {
    /// The ids and per-label indices of several label indices, joined.
    struct Joined {
        var itemIDs: [String] = []
        var annotatorIDs: [String] = []
        var annotatorVendor: [Int32] = []
        var vendorIDs: [String] = []
        var item: [Int32] = []
        var annotator: [Int32] = []
        var extras = LabelExtras()
        /// Per part: its labels' first position in the joined columns.
        var start: [Int] = []

        init(_ parts: [LabelIndex]) {
            var items: [String: Int32] = [:]
            var vendors: [String: Int32] = [:]
            var annotators: [String: Int32] = [:]
            let hasCreated = parts.contains { !$0.extras.createdAt.isEmpty }
            let hasDuration = parts.contains { !$0.extras.durationSeconds.isEmpty }
            let hasCost = parts.contains { !$0.extras.cost.isEmpty }
            for p in parts {
                start.append(item.count)
                let itemMap = p.itemIDs.map { id -> Int32 in
                    if let i = items[id] { return i }
                    itemIDs.append(id)
                    items[id] = Int32(itemIDs.count - 1)
                    return Int32(itemIDs.count - 1)
                }
                let vendorMap = p.vendorIDs.map { id -> Int32 in
                    if let v = vendors[id] { return v }
                    vendorIDs.append(id)
                    vendors[id] = Int32(vendorIDs.count - 1)
                    return Int32(vendorIDs.count - 1)
                }
                let annotatorMap = (0..<p.annotatorCount).map { a -> Int32 in
                    let v = vendorMap[Int(p.annotatorVendor[a])]
                    let key = "\(v)\u{0}\(p.annotatorIDs[a])"
                    if let x = annotators[key] { return x }
                    annotatorIDs.append(p.annotatorIDs[a])
                    annotatorVendor.append(v)
                    annotators[key] = Int32(annotatorIDs.count - 1)
                    return Int32(annotatorIDs.count - 1)
                }
                for l in 0..<p.count {
                    item.append(itemMap[Int(p.item[l])])
                    annotator.append(annotatorMap[Int(p.annotator[l])])
                }
                func column(_ c: [Double], _ wanted: Bool) -> [Double] {
                    guard wanted else { return [] }
                    return c.isEmpty ? [Double](repeating: .nan, count: p.count) : c
                }
                extras.createdAt += column(p.extras.createdAt, hasCreated)
                extras.durationSeconds += column(p.extras.durationSeconds, hasDuration)
                extras.cost += column(p.extras.cost, hasCost)
            }
        }
    }

    /// Pairwise sets joined; objects by id. A pair shown under one item id in two files with two
    /// different pairs of objects is refused.
    /// - Throws: `PairwiseSetError` naming the joined row.
    /// - Complexity: O(labels) expected.
    static func pairwise(_ parts: [PairwiseSet]) throws -> PairwiseSet {
        let joined = Joined(parts.map(\.index))
        var objectIDs: [String] = []
        var objects: [String: Int32] = [:]
        var left: [Int32] = []
        var right: [Int32] = []
        var outcome: [UInt8] = []
        var strength: [Float] = []
        var flagged: [Bool] = []
        var unknown: [Bool] = []
        let hasStrength = parts.contains { !$0.strength.isEmpty }
        let hasFlags = parts.contains { !$0.flaggedInconsistent.isEmpty }
        for p in parts {
            let map = p.objectIDs.map { id -> Int32 in
                if let o = objects[id] { return o }
                objectIDs.append(id)
                objects[id] = Int32(objectIDs.count - 1)
                return Int32(objectIDs.count - 1)
            }
            for l in 0..<p.count {
                let i = Int(p.index.item[l])
                let (first, second) = (map[Int(p.itemFirst[i])], map[Int(p.itemSecond[i])])
                left.append(p.firstOnLeft[l] ? first : second)
                right.append(p.firstOnLeft[l] ? second : first)
                outcome.append(p.outcome[l])
                if hasStrength { strength.append(p.strength.isEmpty ? .nan : p.strength[l]) }
                if hasFlags {
                    flagged.append(p.flaggedInconsistent.isEmpty ? false : p.flaggedInconsistent[l])
                }
                unknown.append(!p.isPositionKnown(l))
            }
        }
        let known = parts.contains(where: \.positionsKnown)
        return try PairwiseSet(
            objectIDs: objectIDs, itemIDs: joined.itemIDs, annotatorIDs: joined.annotatorIDs,
            annotatorVendor: joined.annotatorVendor, vendorIDs: joined.vendorIDs, item: joined.item,
            annotator: joined.annotator, left: left, right: right, outcome: outcome, strength: strength,
            flaggedInconsistent: flagged, positionsKnown: known, positionUnknown: known ? unknown : [],
            extras: joined.extras)
    }

    /// Rating sets joined, on `scale` (the declared one, or the smallest scale holding every part's).
    /// - Complexity: O(labels) expected.
    static func ratings(_ parts: [RatingSet], scale declared: RatingScale?) -> RatingSet {
        let joined = Joined(parts.map(\.index))
        return RatingSet(
            itemIDs: joined.itemIDs, annotatorIDs: joined.annotatorIDs,
            annotatorVendor: joined.annotatorVendor,
            vendorIDs: joined.vendorIDs, scale: declared ?? union(parts.map(\.scale)), item: joined.item,
            annotator: joined.annotator, value: parts.flatMap(\.value), extras: joined.extras)
    }

    /// The smallest scale holding every scale: stepped when all share a step and their ends lie on
    /// one grid, else continuous; ordinal only when all are.
    static func union(_ scales: [RatingScale]) -> RatingScale {
        let minimum = scales.map(\.minimum).min()!
        let maximum = scales.map(\.maximum).max()!
        let level: RatingScale.Level = scales.allSatisfy { $0.level == .ordinal } ? .ordinal : .interval
        let step = scales[0].step
        let sameStep = step != nil && scales.allSatisfy { $0.step == step }
        if sameStep, let s = try? RatingScale(minimum: minimum, maximum: maximum, step: step, level: level),
            scales.allSatisfy({ s.violation(of: $0.minimum) == nil })
        {
            return s
        }
        return (try? RatingScale(minimum: minimum, maximum: maximum, level: level)) ?? scales[0]
    }

    /// Multi-label sets joined; classes by name, the first file's first.
    /// - Complexity: O(labels × classes).
    static func multiLabels(_ parts: [MultiLabelSet]) -> MultiLabelSet {
        let joined = Joined(parts.map(\.index))
        var classes: [String] = []
        for p in parts { for c in p.classes where !classes.contains(c) { classes.append(c) } }
        let w = MultiLabelSet.wordsPerLabel(classCount: classes.count)
        var words = [UInt64](repeating: 0, count: joined.item.count * w)
        var row = 0
        for p in parts {
            let map = p.classes.map { classes.firstIndex(of: $0)! }
            for l in 0..<p.count {
                for c in p.classes(ofLabel: l) { words[row * w + map[c] >> 6] |= 1 << UInt64(map[c] & 63) }
                row += 1
            }
        }
        return MultiLabelSet(
            itemIDs: joined.itemIDs, annotatorIDs: joined.annotatorIDs,
            annotatorVendor: joined.annotatorVendor,
            vendorIDs: joined.vendorIDs, classes: classes, item: joined.item, annotator: joined.annotator,
            words: words,
            extras: joined.extras)
    }

    /// Text sets joined.
    /// - Complexity: O(labels + answer bytes) expected.
    static func texts(_ parts: [TextSet]) -> TextSet {
        let joined = Joined(parts.map(\.index))
        return TextSet.build(
            itemIDs: joined.itemIDs, annotatorIDs: joined.annotatorIDs,
            annotatorVendor: joined.annotatorVendor,
            vendorIDs: joined.vendorIDs, item: joined.item, annotator: joined.annotator,
            answers: parts.flatMap(\.answers), extras: joined.extras)
    }
}
