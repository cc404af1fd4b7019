// Assay — quality control for human-labelled training data.

public import AssayCore

/// One item's consensus as every output shows it: the label, its confidence, the posterior per
/// class, how many labels and which vendors stand behind it, and the method.
public struct ConsensusRow: Codable, Sendable {
    /// Item id.
    public var item: String
    /// The consensus class.
    public var label: String
    /// Its posterior probability.
    public var confidence: Double
    /// Posterior per class, in the classes' order.
    public var posterior: [String: Double]
    /// Labels on the item.
    public var labels: Int
    /// Vendors that labelled it.
    public var vendors: [String]
    /// The method that produced it.
    public var method: String

    /// Row `i` of an inference.
    /// - Complexity: O(labels of the item + classes).
    public init(item i: Int, of set: LabelSet, result r: InferenceResult) {
        let k = set.classCount
        item = set.itemIDs[i]
        label = set.classes[Int(r.labels[i])]
        confidence = r.confidence(ofItem: i)
        var posterior: [String: Double] = [:]
        for c in 0..<k { posterior[set.classes[c]] = r.posteriors[i * k + c] }
        self.posterior = posterior
        let range = set.labels(ofItem: i)
        labels = range.count
        var seen = Set<Int32>()
        var vendors: [String] = []
        for l in range {
            let v = set.annotatorVendor[Int(set.annotator[l])]
            if seen.insert(v).inserted { vendors.append(set.vendorIDs[Int(v)]) }
        }
        self.vendors = vendors
        method = r.method
    }
}
