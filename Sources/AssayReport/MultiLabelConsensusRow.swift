// Assay — quality control for human-labelled training data.

public import AssayCore

/// One item's multi-label consensus as every output shows it: the consensus set, the probability
/// of each class, the labels and vendors behind it, and the method.
public struct MultiLabelConsensusRow: Codable, Sendable, Equatable {
    /// Item id.
    public var item: String
    /// The classes in the consensus set, in the project's order (empty: no class applies).
    public var classes: [String]
    /// P(class applies) per class.
    public var posterior: [String: Double]
    /// Labels on the item.
    public var labels: Int
    /// Vendors that labelled it.
    public var vendors: [String]
    /// The categorical method run per class.
    public var method: String

    /// Row `i` of a binary-relevance consensus.
    /// - Complexity: O(labels of the item × its vendors + classes).
    public init(item i: Int, of set: MultiLabelSet, consensus c: MultiLabelConsensus) {
        item = set.index.itemIDs[i]
        classes = c.classes(ofItem: i).map { set.classes[$0] }
        var posterior: [String: Double] = [:]
        for k in 0..<c.classCount { posterior[set.classes[k]] = c.posterior[i * c.classCount + k] }
        self.posterior = posterior
        labels = set.index.labels(ofItem: i).count
        vendors = set.index.vendors(ofItem: i)
        method = c.method
    }
}
