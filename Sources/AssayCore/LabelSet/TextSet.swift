// Assay — quality control for human-labelled training data.

/// Free-text answers (transcriptions, translations, demonstrations): who answered which item, the
/// raw answers as given, and each answer's words tokenised once by `TextTokenizer`.
///
/// A reader fills it from interned integer columns and the answer strings (`build`); models work on
/// `words` (integer word ids), and the raw `answers` are kept only for output.
public struct TextSet: Sendable {
    /// Items, annotators, vendors and their grouping; label `l` of the index is answer `l` here.
    public let index: LabelIndex
    /// The raw answer of each label, as given, in the index's label order.
    public let answers: [String]
    /// The words of each answer (sequence `l` is label `l`'s).
    public let words: WordSequences
    /// The vocabulary the words index; copy it to tokenise references with the same ids.
    public let tokenizer: TextTokenizer

    /// Number of answers.
    public var count: Int { index.count }
    /// Number of items.
    public var itemCount: Int { index.itemCount }
    /// Number of annotators.
    public var annotatorCount: Int { index.annotatorCount }

    /// Builds a set from unsorted columns of interned indices and the answer of each row.
    /// - Complexity: O(n + answer bytes + items + annotators) expected.
    /// - Precondition: every column has one entry per row; indices are within their tables.
    public static func build(
        itemIDs: [String], annotatorIDs: [String], annotatorVendor: [Int32], vendorIDs: [String],
        item: [Int32], annotator: [Int32], answers: [String], extras: LabelExtras = LabelExtras()
    ) -> TextSet {
        precondition(answers.count == item.count, "one answer per row")
        let (index, order) = LabelIndex.build(
            itemIDs: itemIDs, annotatorIDs: annotatorIDs, annotatorVendor: annotatorVendor,
            vendorIDs: vendorIDs, item: item, annotator: annotator, extras: extras)
        return TextSet(index: index, answers: LabelIndex.permute(answers, by: order))
    }

    /// A set over `index` whose answers are already in the index's label order; tokenises them.
    /// - Complexity: O(n + answer bytes) expected.
    public init(index: LabelIndex, answers: [String]) {
        precondition(answers.count == index.count, "one answer per label")
        var tokenizer = TextTokenizer()
        var offsets = [Int]()
        offsets.reserveCapacity(answers.count + 1)
        offsets.append(0)
        var words = [Int32]()
        for answer in answers {
            tokenizer.append(answer, to: &words)
            offsets.append(words.count)
        }
        self.index = index
        self.answers = answers
        self.words = WordSequences(offsets: offsets, words: words)
        self.tokenizer = tokenizer
    }

    /// Per-item reference texts (for example truth) tokenised with this set's vocabulary, so that
    /// a reference word equals an answer word exactly when their ids are equal; nil entries (items
    /// without a reference) give empty sequences and are marked in the returned mask.
    /// - Complexity: O(items + reference bytes) expected.
    public func tokenizeReferences(_ references: [String?]) -> (words: WordSequences, known: [Bool]) {
        precondition(references.count == itemCount, "one reference slot per item")
        var t = tokenizer
        var out = WordSequences()
        var scratch: [Int32] = []
        for r in references {
            scratch.removeAll(keepingCapacity: true)
            if let r { t.append(r, to: &scratch) }
            out.append(scratch)
        }
        return (out, references.map { $0 != nil })
    }
}
