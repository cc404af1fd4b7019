// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay next`: the items that need another label, and from which vendor.
struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract:
            "List the items that need another label (and from which vendor) and count those that can stop.",
        discussion: """
            An item can stop once its consensus (the vendor hierarchy's posterior, gold clamped) reaches \
            --target. The others are ranked by the confidence one more label is expected to add per unit of \
            price, asking the vendor whose typical annotator adds most per price (prices from the labels' \
            costs; every vendor counts as 1 when none is known); --budget keeps the first N. Text: one line \
            per item (item, label, confidence, labels, vendor, expected confidence). JSON: {"target", "done", \
            "needing", "requested", "requests": [{"item", "label", "confidence", "labels", "vendor", \
            "expected_confidence", ...}], "per_vendor": [{"vendor", "labels"}]}.
            """)

    @OptionGroup var input: DecisionInput

    @Option(help: "Confidence at which an item stops.")
    var target = DecimalNumber("0.95")!

    @Option(help: "Labels to ask for at most (default: every item below the target).")
    var budget: Int?

    @Option(help: "Seed of the fit's sample on large projects.")
    var seed: UInt64 = 0

    /// The parameters as the decision takes them.
    var parameters: RedundancyDecision.Parameters {
        var p = RedundancyDecision.Parameters()
        p.target = target.value
        p.budget = budget
        p.seed = seed
        return p
    }

    func validate() throws {
        do { try parameters.validate() } catch { throw error.asValidation }
    }

    func run() async throws {
        let loaded = try await input.load()
        let plan: RedundancyPlan
        do {
            plan = try loaded.redundancyPlan(parameters, fit: loaded.quickHierarchy(seed: seed))
        } catch { throw error.asInput }
        if input.json {
            print(try JSONOutput.line(plan, snakeCase: true))
            return
        }
        note(
            "\(plan.done) items at or above \(target.value) can stop; \(plan.needing) need another label; "
                + "asking for \(plan.requested)"
                + (plan.perVendor.isEmpty
                    ? ""
                    : " ("
                        + plan.perVendor.map { "\(quotedIfNeeded($0.vendor)) \($0.labels)" }.joined(
                            separator: ", ") + ")"))
        print("item\tlabel\tconfidence\tlabels\tvendor\texpected_confidence")
        for r in plan.requests {
            print(
                [
                    quotedIfNeeded(r.item), quotedIfNeeded(r.label), fixed(r.confidence, 4), "\(r.labels)",
                    quotedIfNeeded(r.vendor), fixed(r.expectedConfidence, 4),
                ].joined(separator: "\t"))
        }
    }
}
