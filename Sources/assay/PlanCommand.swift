// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay plan`: how to split the next batch's budget across vendors.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Split the next batch's budget across vendors for the most correct labels per dollar.",
        discussion: """
            Each vendor's accuracy is its workforce's posterior under the vendor hierarchy (annotators shrunk \
            toward their vendor, vendors toward the pool; gold clamped); its price is the mean cost of its \
            labels (or its deliveries' recorded cost). The shares are the mean of Thompson-sampled solutions \
            of the capped program (every vendor between --min-share and --max-share, shares summing to 1); \
            intervals are 90%. Vendors without a price are left out (named on standard error). JSON: \
            {"budget", "max_share", "min_share", "vendors": [{"vendor", "share", "labels", "items", "cost", \
            "price", "accuracy", "expected_correct", "expected_correct_interval", "cost_per_correct", \
            "cost_per_correct_interval", "probability_best"}], "expected_correct", "price_of_diversification", \
            "concentration", "reading", ...}.
            """)

    @OptionGroup var input: DecisionInput

    @Option(help: "Money to spend on the next batch.")
    var budget: DecimalNumber

    @Option(name: .customLong("max-share"), help: "Most any one vendor may get.")
    var maxShare = DecimalNumber("0.5")!

    @Option(name: .customLong("min-share"), help: "Least every vendor gets (keeps each one measured).")
    var minShare = DecimalNumber("0.05")!

    @Option(help: "Thompson draws behind the shares.")
    var samples = 2_000

    @Option(help: "Seed of the draws (and of the fit's sample on large projects).")
    var seed: UInt64 = 0

    /// The parameters as the decision takes them.
    var parameters: SourcingDecision.Parameters {
        var p = SourcingDecision.Parameters(budget: budget.value)
        p.maxShare = maxShare.value
        p.minShare = minShare.value
        p.samples = samples
        p.seed = seed
        return p
    }

    func validate() throws {
        do { try parameters.validate() } catch { throw error.asValidation }
    }

    func run() async throws {
        let loaded = try await input.load()
        let fit = loaded.quickHierarchy(seed: seed, itemPosteriors: false)
        let decision: SourcingDecision
        do { decision = try loaded.sourcingPlan(parameters, fit: fit) } catch { throw error.asInput }
        let (plan, offers) = (decision.plan, decision.offers)
        let n = offers.count
        if !decision.unpriced.isEmpty {
            note("left out, no price known: \(decision.unpriced.map(quotedIfNeeded).joined(separator: ", "))")
        }
        if input.json {
            print(try JSONOutput.line(plan, snakeCase: true))
            return
        }
        print(
            "plan for \(SourcingPlan.amount(budget.value)) over \(n) vendors (shares between \(minShare.value) and \(maxShare.value)):"
        )
        print(
            "vendor\tshare\tlabels\titems\tcost\tprice\taccuracy (90%)\tcost per correct (90%)\tP(best per dollar)"
        )
        for v in plan.vendors {
            let o = offers.first { $0.vendor == v.vendor }!.accuracy.interval(0.9)
            print(
                [
                    quotedIfNeeded(v.vendor), fixed(v.share), fixed(v.labels, 0), fixed(v.items, 0),
                    fixed(v.cost, 2),
                    fixed(v.price, 4), "\(fixed(v.accuracy)) (\(fixed(o.low))–\(fixed(o.high)))",
                    "\(fixed(v.costPerCorrect, 4)) (\(fixed(v.costPerCorrectInterval.low, 4))–\(fixed(v.costPerCorrectInterval.high, 4)))",
                    fixed(v.probabilityBest),
                ].joined(separator: "\t"))
        }
        print(
            "expected correct labels \(fixed(plan.expectedCorrect, 0)) (\(fixed(plan.expectedCorrectInterval.low, 0))–\(fixed(plan.expectedCorrectInterval.high, 0))); "
                + "price of diversification \(fixed(plan.priceOfDiversification, 0)) correct labels (\(fixed(plan.priceOfDiversificationInterval.low, 0))–\(fixed(plan.priceOfDiversificationInterval.high, 0))); "
                + "concentration (HHI) \(fixed(plan.concentration))")
        if let sampled = fit.sampledLabels {
            print("(vendor accuracies fitted on a sample of \(sampled) labels)")
        }
        print(plan.reading)
    }
}
