// Assay — quality control for human-labelled training data.

public import AssayCore

extension DecisionProject {
    /// The vendor hierarchy fitted for a decision that must answer quickly (`plan`, `next`): on a
    /// sample of 500k labels when the project has more (every item still gets its posterior unless
    /// `itemPosteriors` is false: `plan` needs only the vendors), for at most 6 iterations then.
    /// - Complexity: O(labels) per iteration on the sample, plus one pass over every label.
    public func quickHierarchy(seed: UInt64, itemPosteriors: Bool = true) -> VendorHierarchyFit {
        var options = VendorHierarchy.Options()
        options.sampleLabels = VendorHierarchy.Options.quickSample
        if set.count > VendorHierarchy.Options.quickSample {
            options.maxIterations = VendorHierarchy.Options.quickIterations
        }
        options.seed = seed
        options.itemPosteriors = itemPosteriors
        return VendorHierarchy(options: options).fit(set, gold: gold)
    }
}
