// Assay — quality control for human-labelled training data.

public import AssayCore

/// `drift`: each vendor's and annotator's quality, label mix and speed over deliveries.
public enum DriftDecision {
    /// How the charts are drawn.
    public struct Parameters: Sendable, Equatable {
        /// EWMA weight of the newest delivery, in (0, 1].
        public var lambda = 0.5
        /// Deliveries that make a baseline (≥ 1).
        public var baseline = 3
        /// Keep every annotator's series, not only those with an alarm.
        public var allAnnotators = false

        /// The defaults.
        public init() {}

        /// Checks every range; the problem names the first parameter outside its own.
        public func validate() throws(DecisionProblem) {
            guard lambda > 0, lambda <= 1 else {
                throw DecisionProblem(
                    parameters: ["lambda"], value: "\(lambda)", expected: "a weight in (0, 1]")
            }
            guard baseline >= 1 else {
                throw DecisionProblem(parameters: ["baseline"], value: "\(baseline)", expected: "a count ≥ 1")
            }
        }
    }
}

extension DecisionProject {
    /// The drift report over the deliveries in import order. Needs `labelDelivery`.
    /// - Complexity: O(labels + deliveries × K).
    public func drift(_ parameters: DriftDecision.Parameters) throws(DecisionProblem) -> DriftReport {
        try parameters.validate()
        var options = DriftReport.Options()
        options.lambda = parameters.lambda
        options.baseline = parameters.baseline
        options.allAnnotators = parameters.allAnnotators
        var vendorIndex: [String: Int] = [:]
        for (i, v) in set.vendorIDs.enumerated() where vendorIndex[v] == nil { vendorIndex[v] = i }
        let list = deliveries.map { (name: $0.name, vendor: vendorIndex[$0.vendor] ?? 0) }
        return DriftReport.build(set, delivery: labelDelivery, deliveries: list, gold: gold, options: options)
    }
}
