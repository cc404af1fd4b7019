// Assay — quality control for human-labelled training data.

import AssayCore

/// Accumulates stored chunks back into the columns of the project's typed set, mapping store ids
/// to dense indices.
public struct LabelChunkReader {
    private let project: ProjectRecord
    private let itemIndex: DenseIndex
    private let annotatorIndex: DenseIndex
    private let objectIndex: DenseIndex
    private let total: Int
    /// Dense item index of each label so far.
    public private(set) var item: [Int32] = []
    /// Dense annotator index of each label so far.
    public private(set) var annotator: [Int32] = []
    /// Project class index (categorical) or outcome as shown (pairwise) of each label so far.
    public private(set) var value: [Int32] = []
    private var created: [Double] = []
    private var duration: [Double] = []
    private var cost: [Double] = []
    private var number: [Double] = []
    private var left: [Int32] = []
    private var right: [Int32] = []
    private var flags: [UInt8] = []
    private var words: [UInt64] = []
    private var text: [UInt8] = []
    private var textEnd: [Int] = []

    /// A reader of project `p`'s chunks, expecting `total` labels, whose ids are `itemStore`,
    /// `annotatorStore` and (pairwise) `objectStore`, each ascending.
    public init(
        project p: ProjectRecord, itemStore: [Int64], annotatorStore: [Int64], objectStore: [Int64] = [],
        total: Int
    ) {
        project = p
        itemIndex = DenseIndex(itemStore)
        annotatorIndex = DenseIndex(annotatorStore)
        objectIndex = DenseIndex(objectStore)
        self.total = total
        item.reserveCapacity(total)
        annotator.reserveCapacity(total)
        switch p.type {
        case .categorical: value.reserveCapacity(total)
        case .pairwise:
            value.reserveCapacity(total)
            left.reserveCapacity(total)
            right.reserveCapacity(total)
        case .rating: number.reserveCapacity(total)
        case .multilabel(let classes):
            words.reserveCapacity(total * MultiLabelSet.wordsPerLabel(classCount: classes.count))
        case .text: textEnd.reserveCapacity(total)
        }
    }

    /// Appends one chunk of `rows` labels from its raw columns, indexed by `LabelChunk.Column`
    /// (nil for an absent one). Throws `StoreError.inconsistent` when a column the project's type
    /// needs is absent or holds another number of values than `rows`.
    /// - Complexity: O(rows), plus the chunk's answer bytes for text.
    public mutating func append(rows: Int, columns: [UnsafeRawBufferPointer?]) throws {
        typealias C = LabelChunk.Column
        precondition(columns.count == C.allCases.count, "one entry per label chunk column")
        /// Column `c`, which the type needs, of at least `width` bytes a label.
        func required(_ c: C, width: Int) throws -> UnsafeRawBufferPointer {
            guard let raw = columns[c.rawValue], raw.count >= width * rows else {
                throw StoreError.inconsistent(
                    "project \(project.name): a \(project.taskType) label chunk of \(rows) rows lacks values in its \(c.name) column"
                )
            }
            return raw
        }
        let items = try required(.item, width: 4)
        let annotators = try required(.annotator, width: 4)
        for c in C.allCases where c != .value && c != .item && c != .annotator {
            if let w = c.width, let raw = columns[c.rawValue], raw.count < w * rows {
                throw StoreError.inconsistent(
                    "project \(project.name): a label chunk holds fewer values than its \(rows) rows")
            }
        }
        let before = item.count
        switch project.type {
        case .categorical, .pairwise:
            let values = try required(.value, width: 4)
            for j in 0..<rows {
                item.append(itemIndex[Int64(items.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
                annotator.append(
                    annotatorIndex[Int64(annotators.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
                value.append(values.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))
            }
        case .rating, .multilabel, .text:
            for j in 0..<rows {
                item.append(itemIndex[Int64(items.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
                annotator.append(
                    annotatorIndex[Int64(annotators.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
            }
        }
        Self.append(
            columns[C.createdAt.rawValue], rows, before: before, reserve: total, missing: .nan, to: &created)
        Self.append(
            columns[C.duration.rawValue], rows, before: before, reserve: total, missing: .nan, to: &duration)
        Self.append(columns[C.cost.rawValue], rows, before: before, reserve: total, missing: .nan, to: &cost)
        switch project.type {
        case .categorical:
            break
        case .pairwise:
            let l = try required(.leftObject, width: 4)
            let r = try required(.rightObject, width: 4)
            for j in 0..<rows {
                left.append(objectIndex[Int64(l.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
                right.append(objectIndex[Int64(r.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self))])
            }
            Self.append(
                columns[C.number.rawValue], rows, before: before, reserve: total, missing: .nan, to: &number)
            Self.append(
                columns[C.flags.rawValue], rows, before: before, reserve: total, missing: 0, to: &flags)
        case .rating:
            Self.append(
                try required(.number, width: 8), rows, before: before, reserve: total, missing: .nan,
                to: &number)
        case .multilabel(let classes):
            let w = MultiLabelSet.wordsPerLabel(classCount: classes.count)
            let raw = try required(.words, width: 8 * w)
            guard raw.count == 8 * w * rows else {
                throw StoreError.inconsistent(
                    "project \(project.name): a label chunk holds \(raw.count / 8) class words for \(rows) labels of \(w) words"
                )
            }
            for k in 0..<w * rows { words.append(raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)) }
        case .text:
            let ends = try required(.textEnd, width: 4)
            let bytes = columns[C.text.rawValue] ?? UnsafeRawBufferPointer(start: nil, count: 0)
            let base = text.count
            var last: Int32 = 0
            for j in 0..<rows {
                let e = ends.loadUnaligned(fromByteOffset: 4 * j, as: Int32.self)
                guard e >= last, Int(e) <= bytes.count else {
                    throw StoreError.inconsistent(
                        "project \(project.name): a text label chunk's answer ends are not within its \(bytes.count) bytes"
                    )
                }
                textEnd.append(base + Int(e))
                last = e
            }
            text.append(contentsOf: bytes)
        }
    }

    /// Appends `n` values (or, when absent, nothing until the column has a first value and
    /// `missing` after) to `column`; `before` labels precede them.
    private static func append<T: BitwiseCopyable>(
        _ raw: UnsafeRawBufferPointer?, _ n: Int, before: Int, reserve: Int, missing: T, to column: inout [T]
    ) {
        guard let raw else {
            if !column.isEmpty { column.append(contentsOf: repeatElement(missing, count: n)) }
            return
        }
        if column.isEmpty {
            column.reserveCapacity(reserve)
            column.append(contentsOf: repeatElement(missing, count: before))
        }
        let size = MemoryLayout<T>.size
        for j in 0..<n { column.append(raw.loadUnaligned(fromByteOffset: size * j, as: T.self)) }
    }

    /// The project's typed set, once every chunk is in. Throws `StoreError.inconsistent` when the
    /// chunks hold another number of labels than `total`, name ids the project does not have, or
    /// hold values its type cannot (an outcome other than 0, 1, 2, a rating that is not a finite
    /// number, a class bit beyond the project's classes, an item shown with two pairs of objects).
    /// - Complexity: O(labels) (the set is sorted by item), plus tokenising the answers for text.
    public func labels(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        objectIDs: [String] = []
    ) throws -> TypedLabels {
        let p = project
        guard item.count == total else {
            throw StoreError.inconsistent(
                "project \(p.name): deliveries record \(total) labels but their chunks hold \(item.count)")
        }
        guard !item.contains(-1), !annotator.contains(-1) else {
            throw StoreError.inconsistent(
                "project \(p.name): labels refer to items or annotators it does not have")
        }
        let vendorIDs = vendorIDs.isEmpty ? [""] : vendorIDs
        let extras = LabelExtras(createdAt: created, durationSeconds: duration, cost: cost)
        switch p.type {
        case .categorical(let classes):
            return .categorical(
                LabelSet(
                    itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                    vendorIDs: vendorIDs, classes: classes, item: item, annotator: annotator, value: value,
                    extras: extras))
        case .pairwise:
            return .pairwise(
                try pairwise(itemIDs, annotatorIDs, annotatorVendor, vendorIDs, objectIDs, extras))
        case .rating(let scale):
            guard number.allSatisfy(\.isFinite) else {
                throw StoreError.inconsistent("project \(p.name): a stored rating is not a finite number")
            }
            return .rating(
                RatingSet(
                    itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                    vendorIDs: vendorIDs, scale: scale, item: item, annotator: annotator, value: number,
                    extras: extras))
        case .multilabel(let classes):
            let w = MultiLabelSet.wordsPerLabel(classCount: classes.count)
            if classes.count % 64 != 0 {
                let beyond = ~UInt64(0) << UInt64(classes.count % 64)
                guard
                    !stride(from: w - 1, to: words.count, by: w).contains(where: { words[$0] & beyond != 0 })
                else {
                    throw StoreError.inconsistent(
                        "project \(p.name): a stored label marks a class beyond its \(classes.count) classes")
                }
            }
            return .multilabel(
                MultiLabelSet(
                    itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                    vendorIDs: vendorIDs, classes: classes, item: item, annotator: annotator, words: words,
                    extras: extras))
        case .text:
            var answers: [String] = []
            answers.reserveCapacity(textEnd.count)
            text.withUnsafeBufferPointer { bytes in
                var start = 0
                for end in textEnd {
                    answers.append(
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                    start = end
                }
            }
            return .text(
                TextSet.build(
                    itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
                    vendorIDs: vendorIDs, item: item, annotator: annotator, answers: answers, extras: extras))
        }
    }

    /// The pairwise set: positions are known unless every comparison is marked position-unknown;
    /// the strength and inconsistency columns are kept when any comparison has one.
    private func pairwise(
        _ itemIDs: [String], _ annotatorIDs: [String], _ annotatorVendor: [Int32], _ vendorIDs: [String],
        _ objectIDs: [String], _ extras: LabelExtras
    ) throws -> PairwiseSet {
        let p = project
        guard !left.contains(-1), !right.contains(-1) else {
            throw StoreError.inconsistent("project \(p.name): comparisons refer to objects it does not have")
        }
        guard value.allSatisfy({ (0...2).contains($0) }) else {
            throw StoreError.inconsistent("project \(p.name): a stored outcome is not 0, 1 or 2")
        }
        let unknown = flags.map { $0 & LabelChunk.flagPositionUnknown != 0 }
        let inconsistent = flags.map { $0 & LabelChunk.flagInconsistent != 0 }
        let positionsKnown = !(item.count > 0 && unknown.count == item.count && !unknown.contains(false))
        do {
            return try PairwiseSet(
                objectIDs: objectIDs, itemIDs: itemIDs, annotatorIDs: annotatorIDs,
                annotatorVendor: annotatorVendor, vendorIDs: vendorIDs, item: item, annotator: annotator,
                left: left, right: right, outcome: value.map { UInt8($0) },
                strength: number.isEmpty ? [] : number.map { Float($0) },
                flaggedInconsistent: inconsistent.contains(true) ? inconsistent : [],
                positionsKnown: positionsKnown, positionUnknown: positionsKnown ? unknown : [], extras: extras
            )
        } catch {
            throw StoreError.inconsistent("project \(p.name): stored comparisons: \(error.description)")
        }
    }
}
