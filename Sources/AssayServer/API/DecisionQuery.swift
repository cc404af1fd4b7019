// Assay — quality control for human-labelled training data.

import AssayReport
import Foundation

/// A decision's parameters read from a query string (the API's and the dashboard forms'): a value
/// that is not a number is a 400 naming the parameter and the value, a missing required one a 400,
/// a number outside its range a 422 from the decision's own `validate()` (the command line's rules).
struct DecisionQuery {
    /// The query's value of a parameter.
    let value: (String) -> String?

    /// A number; `fallback` when absent, a 400 when absent and required (`fallback` nil).
    func number(_ name: String, _ fallback: Double?, expected: String) throws -> Double {
        guard let text = value(name) else {
            guard let fallback else { throw Problem(.badRequest, "\(name) is required: \(expected)") }
            return fallback
        }
        guard let x = Double(text), x.isFinite else {
            throw Problem(.badRequest, "\(name) takes \(expected), got '\(text)'")
        }
        return x
    }

    /// A whole number; `fallback` when absent.
    func count<T: FixedWidthInteger>(_ name: String, _ fallback: T?, expected: String) throws -> T? {
        guard let text = value(name) else { return fallback }
        guard let n = T(text) else { throw Problem(.badRequest, "\(name) takes \(expected), got '\(text)'") }
        return n
    }

    /// A flag: true, false, 1 or 0.
    func flag(_ name: String) throws -> Bool {
        switch value(name) {
        case nil, "false", "0": return false
        case "true", "1": return true
        case let text?: throw Problem(.badRequest, "\(name) takes true or false, got '\(text)'")
        }
    }

    /// Checks parameters with the decision's rules: a 422 naming the parameter.
    static func checked<P>(_ parameters: P, _ validate: (P) throws(DecisionProblem) -> Void) throws -> P {
        do { try validate(parameters) } catch { throw Problem(error) }
        return parameters
    }

    /// `plan`'s parameters: budget (required), max_share, min_share, samples, seed.
    var sourcing: SourcingDecision.Parameters {
        get throws {
            var p = SourcingDecision.Parameters(budget: try number("budget", nil, expected: "an amount > 0"))
            p.maxShare = try number("max_share", p.maxShare, expected: "a share in (0, 1]")
            p.minShare = try number("min_share", p.minShare, expected: "a share in [0, max_share]")
            p.samples = try count("samples", p.samples, expected: "a count ≥ 100")!
            p.seed = try count("seed", p.seed, expected: "a seed from 0 to 2^64 − 1")!
            return try Self.checked(p) { p throws(DecisionProblem) in try p.validate() }
        }
    }

    /// `next`'s parameters: target, budget, seed.
    var redundancy: RedundancyDecision.Parameters {
        get throws {
            var p = RedundancyDecision.Parameters()
            p.target = try number("target", p.target, expected: "a probability in (0, 1)")
            p.budget = try count("budget", nil as Int?, expected: "a count ≥ 0")
            p.seed = try count("seed", p.seed, expected: "a seed from 0 to 2^64 − 1")!
            return try Self.checked(p) { p throws(DecisionProblem) in try p.validate() }
        }
    }

    /// `accept`'s contract: aql and ltpd (required), alpha, beta.
    var acceptance: AcceptanceDecision.Parameters {
        get throws {
            var p = AcceptanceDecision.Parameters(
                aql: try number("aql", nil, expected: "a defect rate in (0, ltpd)"),
                ltpd: try number("ltpd", nil, expected: "a defect rate in (aql, 1)"))
            p.alpha = try number("alpha", p.alpha, expected: "a probability in (0, 1)")
            p.beta = try number("beta", p.beta, expected: "a probability in (0, 1)")
            return try Self.checked(p) { p throws(DecisionProblem) in try p.validate() }
        }
    }

    /// `drift`'s parameters: lambda, baseline, all_annotators.
    var drift: DriftDecision.Parameters {
        get throws {
            var p = DriftDecision.Parameters()
            p.lambda = try number("lambda", p.lambda, expected: "a weight in (0, 1]")
            p.baseline = try count("baseline", p.baseline, expected: "a count ≥ 1")!
            p.allAnnotators = try flag("all_annotators")
            return try Self.checked(p) { p throws(DecisionProblem) in try p.validate() }
        }
    }

    /// `fraud`'s parameters: level, min_shared, shown.
    var fraud: FraudDecision.Parameters {
        get throws {
            var p = FraudDecision.Parameters()
            p.level = try number("level", p.level, expected: "a rate in (0, 1)")
            p.minShared = try count("min_shared", p.minShared, expected: "a count ≥ 2")!
            p.shown = try count("shown", p.shown, expected: "a count ≥ 0")!
            return try Self.checked(p) { p throws(DecisionProblem) in try p.validate() }
        }
    }
}
