// Assay — quality control for human-labelled training data.

public import AssayCore

/// `next`: which items need another label, and from which vendor.
public enum RedundancyDecision {
    /// What the buyer asks for.
    public struct Parameters: Sendable, Equatable {
        /// Confidence at which an item stops, in (0, 1).
        public var target = 0.95
        /// Labels to ask for at most (≥ 0); nil: every item below the target.
        public var budget: Int?
        /// Seed of the fit's sample on large projects.
        public var seed: UInt64 = 0

        /// The defaults.
        public init() {}

        /// Checks every range; the problem names the first parameter outside its own.
        public func validate() throws(DecisionProblem) {
            guard target > 0, target < 1 else {
                throw DecisionProblem(
                    parameters: ["target"], value: "\(target)", expected: "a probability in (0, 1)")
            }
            if let budget, budget < 0 {
                throw DecisionProblem(parameters: ["budget"], value: "\(budget)", expected: "a count ≥ 0")
            }
        }
    }
}

extension DecisionProject {
    /// The items below `parameters.target` ranked by expected gain per price, from `fit` (the quick
    /// hierarchy of `parameters.seed`); every vendor's price counts as 1 unless all are known.
    /// - Complexity: O(items × vendors × K²) + O(n log n).
    public func redundancyPlan(_ parameters: RedundancyDecision.Parameters, fit: VendorHierarchyFit)
        throws(DecisionProblem) -> RedundancyPlan
    {
        try parameters.validate()
        let prices = prices()
        let known = fit.vendors.allSatisfy { prices[$0.vendor] != nil }
        return RedundancyPlan.make(
            set, posteriors: fit.posteriors, vendorRows: fit.vendorConfusion,
            vendors: fit.vendors.map { ($0.vendor, known ? prices[$0.vendor] : nil) },
            target: parameters.target,
            budget: parameters.budget)
    }
}
