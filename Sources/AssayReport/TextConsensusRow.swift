// Assay — quality control for human-labelled training data.

public import AssayCore

/// One item's text consensus as every output shows it: the text, its estimated word accuracy, the
/// answers and vendors behind it, whose answer it is (null when ROVER assembled a new one), and the
/// method.
public struct TextConsensusRow: Codable, Sendable, Equatable {
    /// Item id.
    public var item: String
    /// The consensus text (a raw answer when one has exactly the consensus words).
    public var text: String
    /// Estimated word accuracy of the consensus (`TextConsensus.confidence`).
    public var confidence: Double
    /// Answers to the item.
    public var answers: Int
    /// Vendors that answered.
    public var vendors: [String]
    /// The annotator whose answer is the consensus text; null when no answer has its words.
    public var sourceAnnotator: String?
    /// `rover` or `central`.
    public var method: String

    enum CodingKeys: String, CodingKey {
        case item, text, confidence, answers, vendors
        case sourceAnnotator = "source_annotator"
        case method
    }

    /// Row `i` of a text consensus.
    /// - Complexity: O(answers of the item × its vendors + the consensus's words).
    public init(item i: Int, of set: TextSet, consensus c: TextConsensus) {
        item = set.index.itemIDs[i]
        text = c.text(ofItem: i, in: set)
        confidence = c.confidence[i]
        answers = set.index.labels(ofItem: i).count
        vendors = set.index.vendors(ofItem: i)
        sourceAnnotator =
            c.source[i] >= 0 ? set.index.annotatorIDs[Int(set.index.annotator[Int(c.source[i])])] : nil
        method = c.method.rawValue
    }

    /// Every key is written, an absent source as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item, forKey: .item)
        try c.encode(text, forKey: .text)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(answers, forKey: .answers)
        try c.encode(vendors, forKey: .vendors)
        try c.encode(sourceAnnotator, forKey: .sourceAnnotator)
        try c.encode(method, forKey: .method)
    }
}
