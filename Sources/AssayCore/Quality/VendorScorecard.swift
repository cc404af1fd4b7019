// Assay — quality control for human-labelled training data.

import Foundation

/// One vendor's quality and cost figures, with bootstrap intervals over items (`VendorReport`).
public struct VendorScorecard: Sendable {
    /// Vendor index in the label set.
    public var vendor: Int
    /// Annotators of this vendor.
    public var annotators: Int
    /// Labels delivered.
    public var labels: Int
    /// Distinct items labelled.
    public var items: Int
    /// Labels on gold items.
    public var goldLabels: Int
    /// Gold items labelled (the units behind the gold accuracy's interval).
    public var goldItems: Int
    /// Gold accuracy with its 95% bootstrap interval, nil without gold labels.
    public var goldAccuracy: Estimate?
    /// Model-estimated accuracy: the mean posterior probability that each label is right.
    public var estimatedAccuracy: Estimate
    /// Krippendorff's α (nominal) among this vendor's own annotators, nil when undefined.
    public var alpha: Double?
    /// Annotators with at least one flag.
    public var flaggedAnnotators: Int
    /// Median seconds per label, when durations were given.
    public var medianSeconds: Double?
    /// Mean cost per label, when costs were given.
    public var costPerLabel: Double?
    /// Total cost of the labels with a cost.
    public var totalCost: Double?
    /// Cost divided by the expected number of correct labels (gold-based when gold is given).
    public var costPerCorrectLabel: Estimate?

    /// Share of annotators flagged.
    public var flaggedShare: Double { annotators > 0 ? Double(flaggedAnnotators) / Double(annotators) : 0 }

    /// A value with its 95% interval, or with the reason it has none.
    public struct Estimate: Sendable {
        /// Point estimate.
        public var value: Double
        /// Lower bound, nil when there is no interval.
        public var low: Double?
        /// Upper bound, nil when there is no interval.
        public var high: Double?
        /// Why there is no interval (for example "too few items (1)"), when there is none.
        public var reason: String?

        /// A point estimate with an interval, or with the reason it has none.
        public init(value: Double, low: Double?, high: Double?, reason: String? = nil) {
            self.value = value
            self.low = low
            self.high = high
            self.reason = reason
        }

        /// The interval as a pair, when there is one.
        public var interval: (low: Double, high: Double)? {
            guard let low, let high else { return nil }
            return (low, high)
        }
    }
}
