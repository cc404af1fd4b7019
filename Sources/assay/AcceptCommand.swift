// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats
import AssayReport
import Foundation

/// `assay accept`: accept or reject one delivery against a contract.
struct AcceptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract:
            "Accept or reject a delivery: sampling plan, OC curve, decision from its gold labels, SPRT, ISO 2859-1 state.",
        discussion: """
            The audited labels are the delivery's labels on gold items, in the order they were made; a \
            wrong one is a defect. The single sampling plan (n, c) meets P(accept | AQL) ≥ 1 − alpha and \
            P(accept | LTPD) ≤ beta (binomial; hypergeometric when the delivery is small). With fewer \
            audited labels than n the decision is "audit" and says how many more to check by hand, unless \
            the defects already exceed c. Also: the posterior P(defect rate > AQL) (Jeffreys prior), \
            Wald's sequential test on the same labels, and the vendor's ISO 2859-1 switching state over its \
            deliveries in order (the plan in force follows it). JSON: {"plan": {"n", "c", ...}, \
            "operating_characteristic", "decision", "audit_more", "posterior", "sequential", "switching", ...}.
            """)

    @OptionGroup var input: DecisionInput

    @Argument(help: "The delivery: its id or its name (as `project show` and the receipts list them).")
    var delivery: String

    @Option(help: "Acceptable quality level: the defect rate the contract allows.")
    var aql: DecimalNumber

    @Option(help: "Lot tolerance percent defective: the defect rate that must be rejected.")
    var ltpd: DecimalNumber

    @Option(help: "Producer's risk: the most P(reject | AQL) may be.")
    var alpha = DecimalNumber("0.05")!

    @Option(help: "Consumer's risk: the most P(accept | LTPD) may be.")
    var beta = DecimalNumber("0.10")!

    /// The contract as the decision takes it.
    var parameters: AcceptanceDecision.Parameters {
        var p = AcceptanceDecision.Parameters(aql: aql.value, ltpd: ltpd.value)
        p.alpha = alpha.value
        p.beta = beta.value
        return p
    }

    func validate() throws {
        do { try parameters.validate() } catch { throw error.asValidation }
    }

    func run() async throws {
        let loaded = try await input.load(byDelivery: true)
        let decision: AcceptanceDecision
        do { decision = try loaded.acceptance(of: delivery, parameters) } catch { throw error.asInput }
        let (result, judged, vendor) = (decision.result, decision.delivery, decision.delivery.vendor)
        if input.json {
            print(try JSONOutput.line(result, snakeCase: true))
            return
        }
        let p = result.plan
        print(
            "delivery \(judged.id) \(quotedIfNeeded(judged.name)) from \(quotedIfNeeded(vendor)): "
                + "\(result.lotSize) labels, \(result.audited) on gold items, \(result.defects) wrong")
        print(
            "plan (\(p.model)): audit n = \(p.n), accept with at most c = \(p.c) wrong; "
                + "P(reject | AQL \(aql.value)) = \(fixed(p.producerRisk, 4)), P(accept | LTPD \(ltpd.value)) = \(fixed(p.consumerRisk, 4))"
        )
        print(
            "OC curve: "
                + result.operatingCharacteristic.enumerated().filter { $0.offset % 4 == 0 }.map {
                    "P(accept | \(fixed($0.element.defectRate, 3))) = \(fixed($0.element.acceptance, 3))"
                }.joined(separator: ", "))
        let s = result.sequential
        print(
            "sequential test: \(s.decision.rawValue) after \(s.used) labels (\(s.defects) wrong); accept while d ≤ "
                + "\(fixed(s.test.slope, 4))·n − \(fixed(s.test.acceptIntercept)), reject once d ≥ \(fixed(s.test.slope, 4))·n + \(fixed(s.test.rejectIntercept))"
        )
        print(
            "defect rate: posterior mean \(fixed(result.posterior.mean, 4)) (90% \(fixed(result.posterior.interval.low, 4))–"
                + "\(fixed(result.posterior.interval.high, 4))); P(> AQL) = \(fixed(result.posterior.aboveAQL)), "
                + "P(> LTPD) = \(fixed(result.posterior.aboveLTPD))")
        let states = result.switching.dropLast().map { $0.accepted.map { $0 ? "A" : "R" } ?? "?" }.joined()
        print(
            "\(quotedIfNeeded(vendor)): inspection \(result.switching.last!.state.rawValue) after \(states.count) deliveries (\(states)), "
                + "switching score \(result.switching.last!.score)")
        print("decision: \(result.reading)")
    }
}
