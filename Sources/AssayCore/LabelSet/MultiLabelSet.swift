// Assay — quality control for human-labelled training data.

/// A columnar set of multi-label answers: per label, the set of classes the annotator marked (an
/// empty set is a valid answer: "no class applies").
///
/// Storage: a `LabelIndex` plus `wordsPerLabel` 64-bit words per label, bit `c` of the label's
/// words set when class `c` is in its set. Bit words rather than a CSR list of class indices: tag
/// sets have tens of classes (convabuse: 12), so one word (8 bytes) a label is smaller than CSR's
/// 8-byte offset plus 4 bytes per marked class, membership is one shift, and the set
/// operations of the agreement distances (intersection, union) are word-wise AND / OR and
/// popcounts. Readers with one row per class or a `;`-joined field build the words with
/// `MultiLabelSet.words(classLists:offsets:classCount:)`.
public struct MultiLabelSet: Sendable {
    /// Who labelled which item, sorted by item and grouped by annotator.
    public let index: LabelIndex
    /// Class names, in the project's order; bit `c` stands for `classes[c]`.
    public let classes: [String]
    /// 64-bit words per label: ⌈classes / 64⌉ (at least 1).
    public let wordsPerLabel: Int
    /// The class bits of every label, `wordsPerLabel` words each, in the index's label order.
    public let words: [UInt64]

    /// Number of labels.
    public var count: Int { index.count }
    /// Number of items.
    public var itemCount: Int { index.itemCount }
    /// Number of annotators.
    public var annotatorCount: Int { index.annotatorCount }
    /// Number of classes.
    public var classCount: Int { classes.count }

    /// Words per label needed for `classCount` classes.
    public static func wordsPerLabel(classCount: Int) -> Int { max(1, (classCount + 63) / 64) }

    /// Builds a set from unsorted columns of interned indices: `words` holds `wordsPerLabel`
    /// words per input row. Rows are sorted by item (stably) and the words follow them.
    /// - Complexity: O(n · words per label + items + annotators).
    /// - Precondition: every index is within its table; no bit at or above `classes.count` is set.
    public init(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        classes: [String], item: [Int32], annotator: [Int32], words: [UInt64],
        extras: LabelExtras = LabelExtras()
    ) {
        let w = Self.wordsPerLabel(classCount: classes.count)
        precondition(words.count == item.count * w, "words column does not hold \(w) words per row")
        let (index, order) = LabelIndex.build(
            itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
            vendorIDs: vendorIDs, item: item, annotator: annotator, extras: extras)
        var sorted = [UInt64](repeating: 0, count: words.count)
        for l in 0..<order.count {
            let from = Int(order[l]) * w
            for k in 0..<w { sorted[l * w + k] = words[from + k] }
        }
        self.init(index: index, classes: classes, words: sorted)
    }

    /// A set from an index and words already in the index's order.
    /// - Precondition: `words.count == index.count × wordsPerLabel(classCount: classes.count)`.
    public init(index: LabelIndex, classes: [String], words: [UInt64]) {
        let w = Self.wordsPerLabel(classCount: classes.count)
        precondition(words.count == index.count * w, "words column does not hold \(w) words per label")
        if classes.count % 64 != 0 {
            let mask = ~UInt64(0) << UInt64(classes.count % 64)
            for l in 0..<index.count {
                precondition(words[l * w + w - 1] & mask == 0, "label \(l) marks a class beyond the table")
            }
        }
        self.index = index
        self.classes = classes
        self.wordsPerLabel = w
        self.words = words
    }

    /// The words of rows given as class lists: row `r`'s classes are
    /// `classLists[offsets[r] ..< offsets[r + 1]]` (repeats are harmless).
    /// - Complexity: O(rows · words per label + listed classes).
    public static func words(classLists: [Int32], offsets: [Int], classCount: Int) -> [UInt64] {
        let w = wordsPerLabel(classCount: classCount)
        let rows = max(offsets.count - 1, 0)
        var out = [UInt64](repeating: 0, count: rows * w)
        for r in 0..<rows {
            for k in offsets[r]..<offsets[r + 1] {
                let c = Int(classLists[k])
                precondition(c >= 0 && c < classCount, "class \(c) outside 0..<\(classCount)")
                out[r * w + c >> 6] |= 1 << UInt64(c & 63)
            }
        }
        return out
    }

    /// Whether label `l`'s set contains class `c`.
    @inlinable public func contains(label l: Int, class c: Int) -> Bool {
        words[l * wordsPerLabel + c >> 6] >> UInt64(c & 63) & 1 == 1
    }

    /// The classes of label `l`, ascending.
    public func classes(ofLabel l: Int) -> [Int] {
        (0..<classCount).filter { contains(label: l, class: $0) }
    }

    /// Number of classes in label `l`'s set.
    public func size(ofLabel l: Int) -> Int {
        var s = 0
        for k in 0..<wordsPerLabel { s += words[l * wordsPerLabel + k].nonzeroBitCount }
        return s
    }

    /// Class `c` as a binary categorical set over the same items and annotators: classes
    /// `["0", "1"]`, a label's value 1 when its set contains `c` (binary relevance).
    /// - Complexity: O(labels).
    public func binaryView(ofClass c: Int) -> LabelSet {
        precondition(c >= 0 && c < classCount, "class \(c) outside 0..<\(classCount)")
        return LabelSet(
            itemIDs: index.itemIDs, annotatorIDs: index.annotatorIDs, annotatorVendor: index.annotatorVendor,
            vendorIDs: index.vendorIDs, classes: ["0", "1"], item: index.item, annotator: index.annotator,
            value: (0..<count).map { contains(label: $0, class: c) ? 1 : 0 })
    }
}
