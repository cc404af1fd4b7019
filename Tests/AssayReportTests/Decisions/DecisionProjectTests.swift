// Assay — quality control for human-labelled training data.

import AssayCore
import AssayReport
import Testing

/// The decisions' project model: prices, the delivery lookup, the audits in time order, what
/// acceptance hands to Core, and the problems a caller sees.
@Suite struct DecisionProjectTests {
    /// Items i0…i3, classes x/y; annotator a1 of vendor A labels every item (deliveries A-1: i0, i1
    /// and A-2: i2, i3), b1 of vendor B every item (delivery B-1). Gold: i0 = x, i2 = y. a1 answers
    /// x everywhere (right on i0, wrong on i2); b1 answers y everywhere (wrong on i0, right on i2),
    /// making its label on i2 at t = 1 and on i0 at t = 5.
    func project(
        cost: [Double] = [], deliveryCost: [Double?] = [nil, nil, nil],
        names: [String] = ["A-1", "A-2", "B-1"]
    )
        throws -> DecisionProject
    {
        // Label order: a1 on i0…i3, then b1 on i0…i3.
        let item: [Int32] = [0, 1, 2, 3, 0, 1, 2, 3]
        let created: [Double] = [1, 1, 1, 1, 5, 9, 1, 9]
        let set = LabelSet(
            itemIDs: ["i0", "i1", "i2", "i3"], annotatorIDs: ["a1", "b1"], annotatorVendor: [0, 1],
            vendorIDs: ["A", "B"], classes: ["x", "y"], item: item, annotator: [0, 0, 0, 0, 1, 1, 1, 1],
            value: [0, 0, 0, 0, 1, 1, 1, 1], extras: LabelExtras(createdAt: created, cost: cost))
        // The set sorts labels by item (keeping order within an item): a1 before b1 on each.
        let delivery: [Int32] = (0..<set.count).map { l in
            set.annotator[l] == 1 ? 2 : (set.item[l] < 2 ? 0 : 1)
        }
        let rows = [2, 2, 4]
        let deliveries = (0..<3).map {
            DecisionProject.Delivery(
                id: Int64($0 + 1), vendor: $0 < 2 ? "A" : "B", name: names[$0], rows: rows[$0],
                cost: deliveryCost[$0])
        }
        return try DecisionProject(
            name: "p", set: set, gold: GoldAnswers(answer: [0, -1, 1, -1]), deliveries: deliveries,
            labelDelivery: delivery)
    }

    @Test func pricesFromLabelCostsBeforeDeliveryCosts() throws {
        // A's labels cost 0.1 each (its deliveries' 100 is ignored); B's labels have no cost, so its
        // delivery's 2.0 over 4 labels gives 0.5.
        let nan = Double.nan
        let p = try project(
            cost: [0.1, 0.1, 0.1, 0.1, nan, nan, nan, nan], deliveryCost: [100, 100, 2.0])
        let prices = p.prices()
        #expect(prices.count == 2)
        #expect(abs(prices[0]! - 0.1) < 1e-12 && abs(prices[1]! - 0.5) < 1e-12)
    }

    @Test func pricesFromDeliveryCostsAndNilWhereNothingSays() throws {
        // No cost column: A's deliveries cost 1 and 3 over 2 + 2 labels = 1.0 a label; B says nothing.
        let prices = try project(deliveryCost: [1, 3, nil]).prices()
        #expect(abs(prices[0]! - 1.0) < 1e-12 && prices[1] == nil)
    }

    @Test func deliveryByIdThenByLatestName() throws {
        let p = try project(names: ["3", "same", "same"])
        #expect(try p.delivery("2") == 1)  // by id
        #expect(try p.delivery("3") == 2)  // the id wins over delivery 1's name "3"
        #expect(try p.delivery("same") == 2)  // the latest of the name
        let named = try project()
        #expect(try named.delivery("A-1") == 0)
    }

    @Test func unknownDeliveryListsTheLatest() throws {
        let p = try project(names: ["A-1", "A, two", "B-1"])
        #expect(
            throws: DecisionProblem(
                "project p has no delivery nope; expected an id or a name (latest: 1 A-1, 2 \"A, two\", 3 B-1)"
            )
        ) {
            try p.delivery("nope")
        }
    }

    @Test func auditsInTheOrderLabelsWereMade() throws {
        // a1 on i0 (right); A-2: a1 on i2 (wrong); B-1: b1 on i2 at t = 1 (right), then on i0
        // at t = 5 (wrong).
        #expect(try project().audits() == [[false], [true], [false, true]])
    }

    @Test func acceptanceJudgesTheVendorsDeliveriesUpToTheOne() throws {
        let p = try project()
        var parameters = AcceptanceDecision.Parameters(aql: 0.05, ltpd: 0.3)
        parameters.alpha = 0.1
        let judged = try p.acceptance(of: "A-2", parameters)
        let contract = DeliveryAcceptance.Contract(aql: 0.05, ltpd: 0.3, alpha: 0.1, beta: 0.1)
        // A's two deliveries in order (B's left out), A-2's 2 labels as the lot.
        #expect(judged.delivery.name == "A-2")
        #expect(
            judged.result
                == DeliveryAcceptance.judge(contract: contract, audits: [[false], [true]], lotSize: 2))
        #expect(
            try p.acceptance(of: "1", parameters).result
                == DeliveryAcceptance.judge(contract: contract, audits: [[false]], lotSize: 2))
    }

    @Test func parameterProblemsNameTheParameterAndValue() {
        let bad = AcceptanceDecision.Parameters(aql: 0.3, ltpd: 0.2)
        #expect(
            throws: DecisionProblem(
                parameters: ["aql", "ltpd"], value: "0.3, 0.2",
                expected: "defect rates with 0 < aql < ltpd < 1")
        ) {
            try bad.validate()
        }
        var plan = SourcingDecision.Parameters(budget: 10)
        plan.maxShare = 0.2
        plan.minShare = 0.3
        do {
            try plan.validate()
            Issue.record("min share above max share passed")
        } catch {
            #expect(error.parameters == ["min_share"])
            #expect(error.description == "min_share takes a share in [0, max share 0.2] (got 0.3)")
            #expect(error.text { "--" + $0 } == "--min_share takes a share in [0, max share 0.2] (got 0.3)")
        }
        var next = RedundancyDecision.Parameters()
        next.target = 1
        #expect(throws: DecisionProblem.self) { try next.validate() }
    }

    @Test func planWithoutPricesSaysSo() throws {
        let p = try project()
        #expect(
            throws: DecisionProblem(
                "no vendor of project p has a price: import with --cost-per-label or a cost column")
        ) { try p.sourcingPlan(.init(budget: 10), fit: p.quickHierarchy(seed: 0)) }
        // With B priced only, A is left out and named; one vendor cannot keep to a 0.5 cap.
        let priced = try project(deliveryCost: [nil, nil, 2])
        #expect(
            throws: DecisionProblem(
                "1 vendors cannot each get between 0.05 and 0.5 of the budget (needs 1 × min-share ≤ 1 ≤ 1 × max-share)"
            )
        ) {
            try priced.sourcingPlan(.init(budget: 10), fit: priced.quickHierarchy(seed: 0))
        }
        var whole = SourcingDecision.Parameters(budget: 10)
        whole.maxShare = 1
        let decision = try priced.sourcingPlan(whole, fit: priced.quickHierarchy(seed: 0))
        #expect(decision.unpriced == ["A"] && decision.offers.map(\.vendor) == ["B"])
        #expect(decision.plan.vendors.map(\.share) == [1])
    }

    @Test func noLabelsIsAProblem() {
        let empty = LabelSet(
            itemIDs: [], annotatorIDs: [], annotatorVendor: [], vendorIDs: [], classes: ["x"], item: [],
            annotator: [], value: [])
        #expect(throws: DecisionProblem("project e has no labels yet (assay import)")) {
            try DecisionProject(name: "e", set: empty, gold: nil, deliveries: [])
        }
    }
}
