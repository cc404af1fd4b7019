// Assay — quality control for human-labelled training data.

public import AssayCore

/// `fraud`: clones, collusion, bots and leaked honeypots.
public enum FraudDecision {
    /// What is tested and shown.
    public struct Parameters: Sendable, Equatable {
        /// False discovery rate of the flags, in (0, 1).
        public var level = 0.05
        /// Least shared items of a tested pair (≥ 2).
        public var minShared = 20
        /// Unflagged pairs and findings kept for context.
        public var shown = 10

        /// The defaults.
        public init() {}

        /// Checks every range; the problem names the first parameter outside its own.
        public func validate() throws(DecisionProblem) {
            guard level > 0, level < 1 else {
                throw DecisionProblem(parameters: ["level"], value: "\(level)", expected: "a rate in (0, 1)")
            }
            guard minShared >= 2 else {
                throw DecisionProblem(
                    parameters: ["min_shared"], value: "\(minShared)", expected: "a count ≥ 2")
            }
            guard shown >= 0 else {
                throw DecisionProblem(parameters: ["shown"], value: "\(shown)", expected: "a count ≥ 0")
            }
        }
    }
}

extension DecisionProject {
    /// The full vendor hierarchy (every label, to convergence) that the fraud tests judge against.
    /// - Complexity: O(labels) per iteration.
    public func fullHierarchy() -> VendorHierarchyFit { VendorHierarchy().fit(set, gold: gold) }

    /// The fraud report under `parameters`, judged against `fit` (`fullHierarchy()`).
    /// - Complexity: O(pairs of annotators sharing items × shared labels) + O(labels).
    public func fraud(_ parameters: FraudDecision.Parameters, fit: VendorHierarchyFit) throws(DecisionProblem)
        -> FraudReport
    {
        try parameters.validate()
        var pairOptions = SharedAnswers.Options()
        pairOptions.minimumShared = parameters.minShared
        return FraudReport.build(
            set, posteriors: fit.posteriors, confusion: fit.confusion, gold: gold, level: parameters.level,
            pairOptions: pairOptions, shown: parameters.shown)
    }
}
