// Assay — quality control for human-labelled training data.

/// ISO 2859-1's switching rules between normal, tightened and reduced inspection, applied to one
/// vendor's deliveries in order (ISO 2859-1:1999, clauses 9.2–9.4):
/// - start at normal;
/// - normal → tightened when 2 of 5 or fewer consecutive deliveries were rejected;
/// - tightened → normal after 5 consecutive accepted deliveries;
/// - tightened → discontinued when 5 deliveries in all have been rejected while tightened
///   (acceptance stops until the vendor improves);
/// - normal → reduced once the switching score reaches 30 (score: +3 for a delivery that would have
///   been accepted had the AQL been one step tighter, when the acceptance number is 2 or more;
///   +2 for an accepted delivery when it is 0 or 1; any other delivery resets it to 0). ISO also
///   asks for steady production and the authority's approval, which the buyer gives by acting on it;
/// - reduced → normal when a delivery is rejected.
///
/// The tightened and reduced plans are not read from ISO's tables (which are indexed by lot size
/// code letters): tightened is the plan designed for the next tighter AQL of ISO's preferred
/// series with the same LTPD and risks; reduced audits 40% of the normal sample with the least
/// acceptance number keeping P(accept | AQL) ≥ 1 − α.
public struct SwitchingRules: Sendable {
    /// The preferred AQL series of ISO 2859-1 (defect rates).
    public static let preferredAQLs: [Double] = [
        0.0001, 0.00015, 0.00025, 0.0004, 0.00065, 0.001, 0.0015, 0.0025, 0.004, 0.0065, 0.01, 0.015, 0.025,
        0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65,
    ]

    /// The AQL one step tighter than `aql` in the preferred series (the largest below it).
    public static func tighter(than aql: Double) -> Double {
        preferredAQLs.last { $0 < aql * (1 - 1e-9) } ?? aql / 1.5
    }

    /// The normal plan.
    public let normal: SamplingPlan
    /// The tightened plan.
    public let tightened: SamplingPlan
    /// The reduced plan.
    public let reduced: SamplingPlan
    /// Acceptance number the normal sample size gets at the next tighter AQL (for the score).
    public let tighterAcceptance: Int

    /// The three plans for a contract; nil when the normal plan cannot be designed.
    public init?(normal: SamplingPlan) {
        self.normal = normal
        let stricter = Self.tighter(than: normal.aql)
        tightened =
            SamplingPlan.design(
                aql: stricter, ltpd: normal.ltpd, alpha: normal.alpha, beta: normal.beta,
                lotSize: normal.lotSize)
            ?? normal
        let n = max(1, Int((0.4 * Double(normal.n)).rounded(.up)))
        var c = 0
        while c < n && normal.acceptance(at: normal.aql, n: n, c: c) < 1 - normal.alpha { c += 1 }
        var r = normal
        r.n = n
        r.c = c
        r.producerRisk = 1 - normal.acceptance(at: normal.aql, n: n, c: c)
        r.consumerRisk = normal.acceptance(at: normal.ltpd, n: n, c: c)
        reduced = r
        var ct = 0
        while ct < normal.n && normal.acceptance(at: stricter, n: normal.n, c: ct) < 1 - normal.alpha {
            ct += 1
        }
        tighterAcceptance = min(ct, normal.c)
    }

    /// The plan in force in `state`.
    public func plan(for state: InspectionState) -> SamplingPlan {
        switch state {
        case .normal, .discontinued: normal
        case .tightened: tightened
        case .reduced: reduced
        }
    }

    /// Walks the rules over deliveries in order, each given as its audited labels in order
    /// (`true` = wrong). Each is judged by the plan in force when it arrives on its first n audited
    /// labels (d ≤ c accepts); one with fewer than n is rejected when its defects already exceed c,
    /// otherwise not judged (it leaves the state as it was). Returns one step per delivery and a
    /// closing step with the state now.
    /// - Complexity: O(audited labels).
    public func walk(_ deliveries: [[Bool]]) -> [SwitchingStep] {
        var state = InspectionState.normal
        var score = 0
        var recent: [Bool] = []  // accepted?, in the current state
        var rejectedWhileTightened = 0
        var steps: [SwitchingStep] = []
        for audited in deliveries {
            let plan = plan(for: state)
            let d = audited.prefix(plan.n).filter { $0 }.count
            let judged = audited.count >= plan.n || d > plan.c
            let accepted = state != .discontinued && d <= plan.c
            steps.append(
                SwitchingStep(
                    state: state, plan: plan.n, acceptance: plan.c, audited: min(audited.count, plan.n),
                    defects: d, accepted: judged ? accepted : nil, score: score))
            guard judged else { continue }
            recent.append(accepted)
            switch state {
            case .normal:
                if normal.c >= 2 {
                    score = d <= tighterAcceptance ? score + 3 : 0
                } else {
                    score = accepted ? score + 2 : 0
                }
                if recent.suffix(5).filter({ !$0 }).count >= 2 {
                    state = .tightened
                    recent = []
                    score = 0
                    rejectedWhileTightened = 0
                } else if score >= 30 {
                    state = .reduced
                    recent = []
                }
            case .tightened:
                if !accepted { rejectedWhileTightened += 1 }
                if rejectedWhileTightened >= 5 {
                    state = .discontinued
                } else if recent.count >= 5 && recent.suffix(5).allSatisfy({ $0 }) {
                    state = .normal
                    recent = []
                    score = 0
                }
            case .reduced:
                if !accepted {
                    state = .normal
                    recent = []
                    score = 0
                }
            case .discontinued:
                break
            }
        }
        let now = plan(for: state)
        steps.append(
            SwitchingStep(
                state: state, plan: now.n, acceptance: now.c, audited: nil, defects: nil, accepted: nil,
                score: score))
        return steps
    }
}

/// ISO 2859-1's inspection severity.
public enum InspectionState: String, Sendable, Codable, Equatable {
    /// The plan as designed.
    case normal
    /// A stricter plan after rejections.
    case tightened
    /// A smaller sample after a run of good deliveries.
    case reduced
    /// Acceptance stopped: five rejections while tightened.
    case discontinued
}

/// One delivery through the switching rules.
public struct SwitchingStep: Sendable, Codable, Equatable {
    /// The state the delivery was inspected in (after the last delivery: the state now).
    public var state: InspectionState
    /// Sample size of the plan in force.
    public var plan: Int
    /// Acceptance number of the plan in force.
    public var acceptance: Int
    /// Audited labels judged (at most the plan's n; nil on the closing step).
    public var audited: Int?
    /// Wrong labels found among them (nil on the closing step).
    public var defects: Int?
    /// Whether the delivery was accepted (nil when too few labels were audited to judge it, and
    /// on the closing step).
    public var accepted: Bool?
    /// The switching score before the delivery.
    public var score: Int
}
