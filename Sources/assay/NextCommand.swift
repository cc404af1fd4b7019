// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
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

    func validate() throws {
        guard target.value > 0, target.value < 1 else {
            throw ValidationError("--target takes a probability in (0, 1)")
        }
        if let budget, budget < 0 { throw ValidationError("--budget takes a count ≥ 0") }
    }

    func run() async throws {
        let loaded = try await input.load()
        let fit = loaded.hierarchy(seed: seed)
        let prices = loaded.prices()
        let known = fit.vendors.allSatisfy { prices[$0.vendor] != nil }
        let plan = RedundancyPlan.make(
            loaded.set, posteriors: fit.posteriors, vendorRows: fit.vendorConfusion,
            vendors: fit.vendors.map { ($0.vendor, known ? prices[$0.vendor] : nil) }, target: target.value,
            budget: budget)
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
