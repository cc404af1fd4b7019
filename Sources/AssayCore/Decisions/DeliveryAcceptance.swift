// Assay — quality control for human-labelled training data.

/// Whether to accept one delivery: its sampling plan and operating characteristic, the decision
/// from the delivery's audited labels (its labels on gold items, in the order they were made), the
/// posterior probability that its defect rate breaks the contract, the sequential test's verdict
/// on the same labels, and the vendor's ISO 2859-1 switching state over its deliveries so far.
public struct DeliveryAcceptance: Sendable, Codable, Equatable {
    /// The contract.
    public struct Contract: Sendable, Codable, Equatable {
        /// Acceptable quality level (defect rate).
        public var aql: Double
        /// Lot tolerance percent defective.
        public var ltpd: Double
        /// Producer's risk.
        public var alpha: Double
        /// Consumer's risk.
        public var beta: Double

        /// A contract.
        public init(aql: Double, ltpd: Double, alpha: Double = 0.05, beta: Double = 0.10) {
            self.aql = aql
            self.ltpd = ltpd
            self.alpha = alpha
            self.beta = beta
        }
    }

    /// The posterior of the delivery's defect rate (Jeffreys prior Beta(½, ½)).
    public struct Posterior: Sendable, Codable, Equatable {
        /// Posterior mean.
        public var mean: Double
        /// Central 90% interval.
        public var interval: Interval
        /// P(defect rate > AQL): the chance the delivery breaks the contract.
        public var aboveAQL: Double
        /// P(defect rate > LTPD).
        public var aboveLTPD: Double
    }

    /// The sequential test's verdict on the audited labels.
    public struct Sequential: Sendable, Codable, Equatable {
        /// The test.
        public var test: SequentialTest
        /// Its decision (`continue`: audit more).
        public var decision: SequentialDecision
        /// Labels it used.
        public var used: Int
        /// Wrong labels among them.
        public var defects: Int
    }

    /// The contract.
    public var contract: Contract
    /// The plan in force for this delivery (the vendor's switching state's).
    public var plan: SamplingPlan
    /// The normal plan's operating characteristic.
    public var operatingCharacteristic: [OperatingPoint]
    /// Labels in the delivery (the lot).
    public var lotSize: Int
    /// Audited labels available (the delivery's labels on gold items).
    public var audited: Int
    /// Wrong labels among them.
    public var defects: Int
    /// `accept`, `reject`, or `audit` (too few audited labels to decide either way).
    public var decision: String
    /// Acceptance number applied to all `audited` labels when there are more than the plan's n
    /// (the largest keeping P(accept | LTPD) ≤ β at that size); the plan's c otherwise.
    public var acceptanceNumber: Int
    /// More labels to audit (random labels of the delivery checked by hand) before deciding; 0
    /// when decided.
    public var auditMore: Int
    /// The defect rate's posterior.
    public var posterior: Posterior
    /// The sequential test on the audited labels in order.
    public var sequential: Sequential
    /// The vendor's switching history: one step per earlier delivery, then this one's, then the
    /// state after it.
    public var switching: [SwitchingStep]
    /// The plain-language reading.
    public var reading: String

    /// Judges a delivery. `audits` are the vendor's deliveries in order, each as its audited labels
    /// in order (`true` = wrong), this delivery last; `lotSize` is its number of labels. Nil when
    /// the contract admits no plan (AQL ≥ LTPD, risks outside (0, 1)).
    /// - Complexity: O(audited labels of the vendor + the plan search).
    public static func judge(
        contract: Contract, audits: [[Bool]], lotSize: Int
    ) -> DeliveryAcceptance? {
        guard
            let normal = SamplingPlan.design(
                aql: contract.aql, ltpd: contract.ltpd, alpha: contract.alpha, beta: contract.beta,
                lotSize: lotSize),
            let rules = SwitchingRules(normal: normal)
        else { return nil }
        let mine = audits.last ?? []
        let history = rules.walk(audits)
        let state = history.count >= 2 ? history[history.count - 2].state : .normal
        let plan = rules.plan(for: state)
        let m = mine.count
        let d = mine.filter { $0 }.count
        var acceptanceNumber = plan.c
        if m > plan.n {
            // The largest c keeping the consumer's risk at m labels.
            var c = plan.c
            while c + 1 < m && plan.acceptance(at: contract.ltpd, n: m, c: c + 1) <= contract.beta { c += 1 }
            acceptanceNumber = c
        }
        let decision: String
        var auditMore = 0
        if state == .discontinued {
            decision = "reject"
        } else if m >= plan.n {
            decision = d <= acceptanceNumber ? "accept" : "reject"
        } else if d > plan.c {
            decision = "reject"
        } else {
            decision = "audit"
            auditMore = min(plan.n, lotSize) - m
        }
        let beta = BetaDistribution(alpha: 0.5 + Double(d), beta: 0.5 + Double(m - d))
        let posterior = Posterior(
            mean: beta.mean, interval: beta.interval(0.9), aboveAQL: beta.tail(contract.aql),
            aboveLTPD: beta.tail(contract.ltpd))
        let test = SequentialTest(
            aql: contract.aql, ltpd: contract.ltpd, alpha: contract.alpha, beta: contract.beta, plan: normal)
        let run = test.run(mine)
        let sequential = Sequential(test: test, decision: run.decision, used: run.used, defects: run.defects)
        var reading: String
        switch decision {
        case "accept":
            reading = "accept: \(d) wrong of \(m) audited labels (at most \(acceptanceNumber) allowed)"
        case "reject":
            reading =
                state == .discontinued
                ? "reject: acceptance is discontinued for this vendor (5 rejections under tightened inspection)"
                : "reject: \(d) wrong of \(min(m, max(m, plan.n))) audited labels (at most \(acceptanceNumber) allowed)"
        default:
            reading =
                "audit \(auditMore) more labels: \(m) audited so far (\(d) wrong), the plan needs \(plan.n)"
        }
        if sequential.decision != .continue && decision == "audit" {
            reading +=
                "; the sequential test already says \(sequential.decision.rawValue) after \(run.used) labels"
        }
        reading +=
            "; P(defect rate > AQL) = \(String(format: "%.3f", posterior.aboveAQL)); inspection \(state.rawValue)"
        return DeliveryAcceptance(
            contract: contract, plan: plan, operatingCharacteristic: normal.operatingCharacteristic(),
            lotSize: lotSize, audited: m, defects: d, decision: decision, acceptanceNumber: acceptanceNumber,
            auditMore: auditMore, posterior: posterior, sequential: sequential, switching: history,
            reading: reading)
    }
}
