// Assay — quality control for human-labelled training data.

public import AssayCore

/// `accept`: one delivery judged against a contract, with the delivery it found.
public struct AcceptanceDecision: Sendable {
    /// The contract, as the buyer gives it.
    public struct Parameters: Sendable, Equatable {
        /// Acceptable quality level: the defect rate the contract allows.
        public var aql: Double
        /// Lot tolerance percent defective: the defect rate that must be rejected.
        public var ltpd: Double
        /// Producer's risk: the most P(reject | AQL) may be.
        public var alpha = 0.05
        /// Consumer's risk: the most P(accept | LTPD) may be.
        public var beta = 0.10

        /// A contract with the default risks.
        public init(aql: Double, ltpd: Double) {
            self.aql = aql
            self.ltpd = ltpd
        }

        /// Checks every range; the problem names the parameters outside theirs.
        public func validate() throws(DecisionProblem) {
            guard aql > 0, aql < ltpd, ltpd < 1 else {
                throw DecisionProblem(
                    parameters: ["aql", "ltpd"], value: "\(aql), \(ltpd)",
                    expected: "defect rates with 0 < aql < ltpd < 1")
            }
            guard alpha > 0, alpha < 1, beta > 0, beta < 1 else {
                throw DecisionProblem(
                    parameters: ["alpha", "beta"], value: "\(alpha), \(beta)",
                    expected: "probabilities in (0, 1)")
            }
        }
    }

    /// The judged delivery.
    public var delivery: DecisionProject.Delivery
    /// The judgement.
    public var result: DeliveryAcceptance
}

extension DecisionProject {
    /// The index into `deliveries` of the delivery with id or name `key` (the latest of that name);
    /// throws, listing the latest ten, when there is none.
    public func delivery(_ key: String) throws(DecisionProblem) -> Int {
        if let i = deliveries.firstIndex(where: { String($0.id) == key })
            ?? deliveries.lastIndex(where: {
                $0.name == key
            })
        {
            return i
        }
        let known = deliveries.suffix(10).map { "\($0.id) \(DecisionProblem.quoted($0.name))" }.joined(
            separator: ", ")
        throw DecisionProblem(
            "project \(name) has no delivery \(DecisionProblem.quoted(key)); "
                + "expected an id or a name (latest: \(known.isEmpty ? "none" : known))")
    }

    /// Each delivery's audited labels (labels on gold items) in the order they were made (creation
    /// time, then position; labels without a time last), as `true` = wrong.
    /// - Complexity: O(labels + audited log audited).
    public func audits() -> [[Bool]] {
        guard let gold, !labelDelivery.isEmpty else { return Array(repeating: [], count: deliveries.count) }
        let times = set.extras.createdAt
        var audited = [[(time: Double, label: Int)]](repeating: [], count: deliveries.count)
        for l in 0..<set.count where gold.answer[Int(set.item[l])] >= 0 {
            let t = times.isEmpty || times[l].isNaN ? Double.infinity : times[l]
            audited[Int(labelDelivery[l])].append((t, l))
        }
        return audited.map { labels in
            labels.sorted { ($0.time, $0.label) < ($1.time, $1.label) }.map {
                set.value[$0.label] != gold.answer[Int(set.item[$0.label])]
            }
        }
    }

    /// Judges delivery `key` (id or name) under `parameters`, with its vendor's earlier deliveries
    /// in order for the switching rules; `audits` is `audits()` (which a caller judging many
    /// deliveries computes once). Needs `labelDelivery`.
    /// - Complexity: O(deliveries) + the plan search.
    public func acceptance(
        of key: String, _ parameters: AcceptanceDecision.Parameters, audits: [[Bool]]? = nil
    ) throws(DecisionProblem) -> AcceptanceDecision {
        try parameters.validate()
        let target = try delivery(key)
        let vendor = deliveries[target].vendor
        let all = audits ?? self.audits()
        let mine = deliveries.indices.filter { $0 <= target && deliveries[$0].vendor == vendor }.map {
            all[$0]
        }
        let contract = DeliveryAcceptance.Contract(
            aql: parameters.aql, ltpd: parameters.ltpd, alpha: parameters.alpha, beta: parameters.beta)
        guard
            let result = DeliveryAcceptance.judge(
                contract: contract, audits: mine, lotSize: deliveries[target].rows)
        else {
            throw DecisionProblem(
                "no sampling plan meets AQL \(parameters.aql), LTPD \(parameters.ltpd) within the delivery")
        }
        return AcceptanceDecision(delivery: deliveries[target], result: result)
    }
}
