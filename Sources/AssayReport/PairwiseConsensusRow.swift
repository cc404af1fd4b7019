// Assay — quality control for human-labelled training data.

public import AssayCore

/// One shown pair's consensus as every output shows it: the two objects (in byte order of their
/// ids), which one is better or a tie, the posterior of each outcome, the votes and vendors behind
/// it, and the method.
public struct PairwiseConsensusRow: Codable, Sendable, Equatable {
    /// Item id (the shown pair, with whatever context the reader folded in).
    public var item: String
    /// The pair's first object.
    public var first: String
    /// The pair's second object.
    public var second: String
    /// `first`, `second` or `tie`.
    public var outcome: String
    /// The preferred object's id; null for a tie.
    public var preferred: String?
    /// Posterior of the consensus outcome.
    public var confidence: Double
    /// P(first better).
    public var pFirst: Double
    /// P(second better).
    public var pSecond: Double
    /// P(tie).
    public var pTie: Double
    /// Votes on the pair.
    public var votes: Int
    /// Vendors that voted.
    public var vendors: [String]
    /// The method (`pds`).
    public var method: String

    enum CodingKeys: String, CodingKey {
        case item, first, second, outcome, preferred, confidence
        case pFirst = "p_first"
        case pSecond = "p_second"
        case pTie = "p_tie"
        case votes, vendors, method
    }

    /// Row `i` of a per-comparison consensus.
    /// - Complexity: O(votes on the item × its vendors).
    public init(item i: Int, of set: PairwiseSet, consensus c: PairwiseConsensus) {
        item = set.index.itemIDs[i]
        first = set.objectIDs[Int(set.itemFirst[i])]
        second = set.objectIDs[Int(set.itemSecond[i])]
        switch c.outcomes[i] {
        case PairwiseSet.firstBetter:
            outcome = "first"
            preferred = first
        case PairwiseSet.secondBetter:
            outcome = "second"
            preferred = second
        default:
            outcome = "tie"
            preferred = nil
        }
        confidence = c.confidence(ofItem: i)
        pFirst = c.posteriors[i * 3]
        pSecond = c.posteriors[i * 3 + 1]
        pTie = c.posteriors[i * 3 + 2]
        votes = set.index.labels(ofItem: i).count
        vendors = set.index.vendors(ofItem: i)
        method = c.method
    }

    /// Every key is written, a tie's `preferred` as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item, forKey: .item)
        try c.encode(first, forKey: .first)
        try c.encode(second, forKey: .second)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(preferred, forKey: .preferred)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(pFirst, forKey: .pFirst)
        try c.encode(pSecond, forKey: .pSecond)
        try c.encode(pTie, forKey: .pTie)
        try c.encode(votes, forKey: .votes)
        try c.encode(vendors, forKey: .vendors)
        try c.encode(method, forKey: .method)
    }
}
