// Assay — quality control for human-labelled training data.

import Foundation

/// Wald's sequential probability ratio test of a delivery's defect rate: H₀ p = AQL against
/// H₁ p = LTPD, one audited label at a time.
///
/// After n labels with d wrong, accept while d ≤ −h₁ + s·n, reject once d ≥ h₂ + s·n, else audit
/// another, where with g = ln(p₁(1 − p₀) / (p₀(1 − p₁))): s = ln((1 − p₀)/(1 − p₁)) / g,
/// h₁ = ln((1 − α)/β) / g, h₂ = ln((1 − β)/α) / g (Wald 1947; Montgomery §15.4). At the
/// truncation point (three times the single plan's n by default) it decides as the single plan
/// would on the labels seen: accept when d ≤ c·n/n_single.
public struct SequentialTest: Sendable, Codable, Equatable {
    /// p₀ (the AQL).
    public var aql: Double
    /// p₁ (the LTPD).
    public var ltpd: Double
    /// Producer's risk.
    public var alpha: Double
    /// Consumer's risk.
    public var beta: Double
    /// Slope s of both decision lines.
    public var slope: Double
    /// Intercept h₁ of the acceptance line (d ≤ −h₁ + s·n).
    public var acceptIntercept: Double
    /// Intercept h₂ of the rejection line (d ≥ h₂ + s·n).
    public var rejectIntercept: Double
    /// Labels after which the test stops.
    public var truncation: Int
    /// Acceptance number at truncation (d ≤ it accepts).
    public var truncationAcceptance: Int

    /// The test for a contract; `plan` sets the truncation (3 × its n) and the decision there.
    public init(aql: Double, ltpd: Double, alpha: Double, beta: Double, plan: SamplingPlan? = nil) {
        self.aql = aql
        self.ltpd = ltpd
        self.alpha = alpha
        self.beta = beta
        let g = log(ltpd * (1 - aql) / (aql * (1 - ltpd)))
        slope = log((1 - aql) / (1 - ltpd)) / g
        acceptIntercept = log((1 - alpha) / beta) / g
        rejectIntercept = log((1 - beta) / alpha) / g
        let single = plan ?? SamplingPlan.design(aql: aql, ltpd: ltpd, alpha: alpha, beta: beta)
        truncation = 3 * (single?.n ?? 1000)
        truncationAcceptance = Int((Double(single?.c ?? 0) * 3).rounded(.down))
    }

    /// The decision after `n` labels of which `defects` were wrong: accept, reject or continue.
    public func decision(after n: Int, defects: Int) -> SequentialDecision {
        let d = Double(defects)
        let centre = slope * Double(n)
        if d >= rejectIntercept + centre { return .reject }
        if d <= -acceptIntercept + centre { return .accept }
        if n >= truncation { return defects <= truncationAcceptance ? .accept : .reject }
        return .continue
    }

    /// Runs the test over audited labels in order (`true` = wrong) until it decides; returns the
    /// decision and the labels it took (all of them, with `.continue`, when they run out first).
    /// - Complexity: O(labels).
    public func run<S: Sequence>(_ wrong: S) -> (decision: SequentialDecision, used: Int, defects: Int)
    where S.Element == Bool {
        var n = 0
        var d = 0
        for w in wrong {
            n += 1
            if w { d += 1 }
            let decision = decision(after: n, defects: d)
            if decision != .continue { return (decision, n, d) }
        }
        return (.continue, n, d)
    }
}

/// What a sequential test says after the labels seen so far.
public enum SequentialDecision: String, Sendable, Codable, Equatable {
    /// The delivery meets the contract.
    case accept
    /// The delivery does not.
    case reject
    /// Audit another label.
    case `continue`
}
