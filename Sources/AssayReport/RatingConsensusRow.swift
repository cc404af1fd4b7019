// Assay — quality control for human-labelled training data.

public import AssayCore

/// One item's rating consensus as every output shows it: the value with its 95% interval, the
/// ratings and vendors behind it, and the method.
public struct RatingConsensusRow: Codable, Sendable, Equatable {
    /// Item id.
    public var item: String
    /// Consensus value on the project's scale.
    public var value: Double
    /// Lower end of its 95% interval.
    public var low: Double
    /// Upper end.
    public var high: Double
    /// Ratings of the item.
    public var ratings: Int
    /// Vendors that rated it.
    public var vendors: [String]
    /// The method (for `auto`, what it chose is in the notes).
    public var method: String

    /// Row `i` of a rating consensus.
    /// - Complexity: O(ratings of the item × its vendors).
    public init(item i: Int, of set: RatingSet, consensus c: RatingConsensus) {
        item = set.index.itemIDs[i]
        value = c.value[i]
        low = c.low[i]
        high = c.high[i]
        ratings = set.index.labels(ofItem: i).count
        vendors = set.index.vendors(ofItem: i)
        method = c.method
    }
}
