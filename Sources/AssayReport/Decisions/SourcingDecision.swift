// Assay — quality control for human-labelled training data.

public import AssayCore

/// `plan`: how to split the next batch's budget across vendors, with what went into it.
public struct SourcingDecision: Sendable {
    /// What the buyer asks for.
    public struct Parameters: Sendable, Equatable {
        /// Money to spend on the next batch, in (0, 10^12].
        public var budget: Double
        /// Most any one vendor may get, in (0, 1].
        public var maxShare = 0.5
        /// Least every vendor gets, in [0, maxShare].
        public var minShare = 0.05
        /// Thompson draws behind the shares, 100…100000.
        public var samples = 2_000
        /// Seed of the draws and of the fit's sample on large projects.
        public var seed: UInt64 = 0

        /// Parameters with the defaults for the rest.
        public init(budget: Double) { self.budget = budget }

        /// Checks every range; the problem names the first parameter outside its own.
        public func validate() throws(DecisionProblem) {
            guard budget > 0, budget <= 1e12 else {
                throw DecisionProblem(
                    parameters: ["budget"], value: "\(budget)", expected: "an amount > 0 (at most 10^12)")
            }
            guard maxShare > 0, maxShare <= 1 else {
                throw DecisionProblem(
                    parameters: ["max_share"], value: "\(maxShare)", expected: "a share in (0, 1]")
            }
            guard minShare >= 0, minShare <= maxShare else {
                throw DecisionProblem(
                    parameters: ["min_share"], value: "\(minShare)",
                    expected: "a share in [0, max share \(maxShare)]")
            }
            guard samples >= 100, samples <= 100_000 else {
                throw DecisionProblem(
                    parameters: ["samples"], value: "\(samples)", expected: "a count from 100 to 100000")
            }
        }
    }

    /// The plan.
    public var plan: SourcingPlan
    /// The offers it weighed (vendors with a price), in the fit's vendor order.
    public var offers: [SourcingPlan.Offer]
    /// Vendors left out for want of a price.
    public var unpriced: [String]
}

extension DecisionProject {
    /// The sourcing plan under `parameters`, from `fit` (the quick hierarchy of `seed`); vendors
    /// without a price are left out (and named). Throws when no vendor has a price or the caps
    /// admit no split.
    /// - Complexity: O(items) + O(samples × V log V).
    public func sourcingPlan(_ parameters: SourcingDecision.Parameters, fit: VendorHierarchyFit)
        throws(DecisionProblem) -> SourcingDecision
    {
        try parameters.validate()
        let prices = prices()
        var offers: [SourcingPlan.Offer] = []
        var unpriced: [String] = []
        for v in fit.vendors {
            guard let price = prices[v.vendor], price > 0 else {
                unpriced.append(v.name)
                continue
            }
            offers.append(.init(vendor: v.name, accuracy: v.posterior, price: price))
        }
        guard !offers.isEmpty else {
            throw DecisionProblem(
                "no vendor of project \(name) has a price: import with --cost-per-label or a cost column")
        }
        let n = offers.count
        let (minShare, maxShare) = (parameters.minShare, parameters.maxShare)
        guard Double(n) * minShare <= 1 + 1e-12, Double(n) * maxShare >= 1 - 1e-12 else {
            throw DecisionProblem(
                "\(n) vendors cannot each get between \(minShare) and \(maxShare) of the budget "
                    + "(needs \(n) × min-share ≤ 1 ≤ \(n) × max-share)")
        }
        var itemsWithLabels = 0
        for i in 0..<set.itemCount where set.itemOffsets[i + 1] > set.itemOffsets[i] { itemsWithLabels += 1 }
        guard
            let plan = SourcingPlan.make(
                offers: offers, budget: parameters.budget, maxShare: maxShare, minShare: minShare,
                labelsPerItem: Double(set.count) / Double(max(itemsWithLabels, 1)),
                samples: parameters.samples,
                seed: parameters.seed)
        else { throw DecisionProblem("no plan meets the caps") }
        return SourcingDecision(plan: plan, offers: offers, unpriced: unpriced)
    }
}
