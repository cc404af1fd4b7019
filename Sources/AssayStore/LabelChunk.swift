// Assay — quality control for human-labelled training data.

#if _endian(big)
    #error("label chunks are kept in memory order and must be little-endian")
#endif

/// Labels as both stores keep them: column-wise, in chunks of up to `capacity` labels of one
/// delivery, one database row per chunk.
///
/// Each column is a run of little-endian values. Every type has `item` and `annotator` (store ids
/// as `Int32`) and the optional `createdAt`, `duration` and `cost` (`Float64`, NaN where a label has
/// none; absent when no label of the chunk has one). The rest depends on the project's type:
///
/// | type | columns |
/// |---|---|
/// | categorical | `value`: the project class index (`Int32`) |
/// | pairwise | `value`: the outcome as shown (`Int32`: 0 left better, 1 right better, 2 tie); `leftObject`, `rightObject`: store ids of the objects shown on the left and right (`Int32`); `number`: strength in [0, 1] (`Float64`, NaN where none; absent when none); `flags` (`UInt8`: `flagInconsistent`, `flagPositionUnknown`; absent when all 0) |
/// | rating | `number`: the rating (`Float64`) |
/// | multilabel | `words`: ⌈project classes / 64⌉ `UInt64` words a label, bit `c` for project class `c` |
/// | text | `text`: the answers' UTF-8 bytes one after another; `textEnd`: where each label's answer ends in `text` (`Int32`) |
///
/// `value` is empty for the types without it; every other column a type does not use is absent
/// (NULL). A categorical chunk is byte for byte what it was before there were other types.
///
/// One database row per label costs SQLite ~3 µs to insert and ~1 µs to read back, PostgreSQL
/// ~1.2 µs per COPY row; either alone exceeds the budget of a 10M-label import (20 s) or load (5 s).
/// A chunk costs milliseconds.
public struct LabelChunk: Sendable {
    /// Labels per chunk (1 MiB per `Int32` column).
    public static let capacity = 1 << 18
    /// Answer bytes after which a text chunk ends before `capacity` labels (a database value stays
    /// far below SQLite's and PostgreSQL's 1 GB limits, and COPY's hex doubles it).
    public static let textBytes = 1 << 24
    /// `flags` bit: the source marked the comparison as its judge's verdicts in both display orders
    /// disagreeing.
    public static let flagInconsistent: UInt8 = 1
    /// `flags` bit: the display order of the comparison is unknown (left and right are only an order).
    public static let flagPositionUnknown: UInt8 = 2

    /// A stored column; `rawValue` is its position after `delivery_id`, `seq` and `rows`.
    public enum Column: Int, CaseIterable, Sendable {
        /// Item store ids.
        case item
        /// Annotator store ids.
        case annotator
        /// Class index or pairwise outcome.
        case value
        /// Creation times.
        case createdAt
        /// Durations.
        case duration
        /// Costs.
        case cost
        /// Ratings or pairwise strengths.
        case number
        /// Objects shown on the left.
        case leftObject
        /// Objects shown on the right.
        case rightObject
        /// Pairwise flags.
        case flags
        /// Multi-label class bits.
        case words
        /// Answer bytes.
        case text
        /// Answer ends.
        case textEnd

        /// The database column's name.
        public var name: String {
            switch self {
            case .item: "item"
            case .annotator: "annotator"
            case .value: "value"
            case .createdAt: "created_at"
            case .duration: "duration"
            case .cost: "cost"
            case .number: "number"
            case .leftObject: "left_object"
            case .rightObject: "right_object"
            case .flags: "flags"
            case .words: "words"
            case .text: "text"
            case .textEnd: "text_end"
            }
        }

        /// Bytes a label, for the columns of fixed width.
        public var width: Int? {
            switch self {
            case .item, .annotator, .value, .leftObject, .rightObject, .textEnd: 4
            case .createdAt, .duration, .cost, .number: 8
            case .flags: 1
            case .words, .text: nil
            }
        }

        /// The columns after `delivery_id, seq, rows`, comma-separated, for SELECT and INSERT.
        public static let list = allCases.map(\.name).joined(separator: ", ")
        /// The columns added to `label_chunk` when the store learnt the other project types.
        public static let typed: [Column] = [
            .number, .leftObject, .rightObject, .flags, .words, .text, .textEnd,
        ]
    }

    /// A condition, in SQL both stores understand, that holds for a chunk whose columns do not hold
    /// `rows` values: required columns shorter or longer, optional ones of another length.
    public static let malformedSQL: String = {
        var terms = ["length(item) != 4 * rows", "length(annotator) != 4 * rows"]
        terms.append("length(value) NOT IN (0, 4 * rows)")
        for c in Column.allCases where ![.item, .annotator, .value].contains(c) {
            if let w = c.width {
                terms.append("COALESCE(length(\(c.name)), \(w) * rows) != \(w) * rows")
            }
        }
        terms.append("(words IS NOT NULL AND (rows = 0 OR length(words) % (8 * rows) != 0))")
        terms.append("(text IS NULL) != (text_end IS NULL)")
        return terms.joined(separator: " OR ")
    }()

    /// Position of the chunk within its delivery.
    public var seq: Int
    /// Store ids of the items.
    public var item: [Int32] = []
    /// Store ids of the annotators.
    public var annotator: [Int32] = []
    /// Project class indices (categorical) or outcomes as shown (pairwise); empty for other types.
    public var value: [Int32] = []
    /// Creation times, when any label of the chunk has one.
    public var createdAt: [Double]? = nil
    /// Durations in seconds, when any label of the chunk has one.
    public var duration: [Double]? = nil
    /// Costs, when any label of the chunk has one.
    public var cost: [Double]? = nil
    /// Ratings, or pairwise strengths when any comparison of the chunk has one.
    public var number: [Double]? = nil
    /// Store ids of the objects shown on the left (pairwise).
    public var leftObject: [Int32]? = nil
    /// Store ids of the objects shown on the right (pairwise).
    public var rightObject: [Int32]? = nil
    /// Pairwise flags, when any comparison of the chunk has one.
    public var flags: [UInt8]? = nil
    /// Multi-label class bits.
    public var words: [UInt64]? = nil
    /// Answer bytes (text).
    public var text: [UInt8]? = nil
    /// End of each answer in `text` (text).
    public var textEnd: [Int32]? = nil
    /// Labels in the chunk.
    public var count: Int { item.count }

    /// An empty chunk.
    public init(seq: Int) { self.seq = seq }

    /// Calls `body` with the bytes of column `c` in memory (little-endian) order, or nil when the
    /// chunk does not have it. `value` is never nil (an empty column has no bytes).
    public func withBytes<R>(_ c: Column, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        func bytes<T>(_ a: [T]?) throws -> R {
            guard let a else { return try body(nil) }
            return try a.withUnsafeBytes { try body($0) }
        }
        switch c {
        case .item: return try bytes(item)
        case .annotator: return try bytes(annotator)
        case .value: return try bytes(value)
        case .createdAt: return try bytes(createdAt)
        case .duration: return try bytes(duration)
        case .cost: return try bytes(cost)
        case .number: return try bytes(number)
        case .leftObject: return try bytes(leftObject)
        case .rightObject: return try bytes(rightObject)
        case .flags: return try bytes(flags)
        case .words: return try bytes(words)
        case .text: return try bytes(text)
        case .textEnd: return try bytes(textEnd)
        }
    }
}
