// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

/// Sampling plans, the sequential test and the switching rules, against the binomial and
/// hypergeometric arithmetic written out here and SciPy 1.17.1 (`scipy.stats.binom`, `hypergeom`).
@Suite struct SamplingPlanTests {
    @Test func theTextbookPlanIs132And3() throws {
        let plan = try #require(SamplingPlan.design(aql: 0.01, ltpd: 0.05, alpha: 0.05, beta: 0.10))
        #expect(plan.n == 132 && plan.c == 3 && plan.model == "binomial")
        // stats.binom.cdf(3, 132, 0.01) = 0.9557474941740338, binom.cdf(3, 132, 0.05) = 0.0992283044257829
        #expect(abs(plan.acceptance(at: 0.01) - 0.9557474941740338) < 1e-12)
        #expect(abs(plan.consumerRisk - 0.0992283044257829) < 1e-12)
        #expect(abs(plan.producerRisk - (1 - 0.9557474941740338)) < 1e-12)
        // Minimality: n = 131 with c = 3 accepts at LTPD too often; no plan with c = 2 meets the AQL
        // point at the n that would meet the LTPD point.
        #expect(plan.acceptance(at: 0.05, n: 131, c: 3) > 0.10)
        let c2 = (3...1_000).first { plan.acceptance(at: 0.05, n: $0, c: 2) <= 0.10 }!
        #expect(plan.acceptance(at: 0.01, n: c2, c: 2) < 0.95)
        // The example contract.
        let other = try #require(SamplingPlan.design(aql: 0.02, ltpd: 0.08))
        #expect(other.n == 98 && other.c == 4)
    }

    @Test func smallLotsUseTheHypergeometric() throws {
        // A lot of 500: the binomial plan would audit 132 labels, over a tenth of it.
        // Search in SciPy with hypergeom.cdf(c, 500, ⌈0.05·500⌉ = 25, n) ≤ 0.1 and
        // hypergeom.cdf(c, 500, ⌊0.01·500⌋ = 5, n) ≥ 0.95: (123, 3); for a lot of 200 at 2% / 10%: (48, 2).
        let plan = try #require(SamplingPlan.design(aql: 0.01, ltpd: 0.05, lotSize: 500))
        #expect(plan.model == "hypergeometric" && plan.n == 123 && plan.c == 3)
        let small = try #require(SamplingPlan.design(aql: 0.02, ltpd: 0.10, lotSize: 200))
        #expect(small.n == 48 && small.c == 2)
        // A big lot keeps the binomial plan.
        #expect(SamplingPlan.design(aql: 0.01, ltpd: 0.05, lotSize: 1_000_000)?.model == "binomial")
        // stats.hypergeom.cdf(2, 200, 10, 50) = 0.5236734081215932
        #expect(
            abs(
                CountDistributions.hypergeometricCDF(2, population: 200, successes: 10, draws: 50)
                    - 0.5236734081215932) < 1e-12)
        #expect(SamplingPlan.design(aql: 0.05, ltpd: 0.01) == nil)
    }

    @Test func operatingCharacteristicFallsFromOneToZero() throws {
        let plan = try #require(SamplingPlan.design(aql: 0.01, ltpd: 0.05))
        let oc = plan.operatingCharacteristic(points: 21)
        #expect(oc.first?.acceptance == 1 && oc.count == 21)
        #expect(zip(oc, oc.dropFirst()).allSatisfy { $0.acceptance >= $1.acceptance })
        #expect(oc.last!.acceptance < 0.01)
    }

    @Test func sequentialBoundsAreWalds() {
        let test = SequentialTest(aql: 0.01, ltpd: 0.05, alpha: 0.05, beta: 0.10)
        // g = ln(0.05·0.99 / (0.01·0.95)) = 1.6506808709681495; s = ln(0.99/0.95)/g,
        // h₁ = ln(0.95/0.10)/g, h₂ = ln(0.90/0.05)/g.
        #expect(abs(test.slope - 0.024985422233589946) < 1e-12)
        #expect(abs(test.acceptIntercept - 1.3638564777733675) < 1e-12)
        #expect(abs(test.rejectIntercept - 1.751017903418798) < 1e-12)
        // No defect: accept once 0 ≤ −1.3639 + 0.02499·n, at n = 55 (54.59 rounded up).
        #expect(test.run(repeatElement(false, count: 500)).used == 55)
        #expect(test.decision(after: 54, defects: 0) == .continue)
        // Two defects at once: reject (2 ≥ 1.751 + 0.05).
        #expect(test.run([true, true]).decision == .reject)
        #expect(test.truncation == 3 * 132)
    }

    @Test func sequentialTestNeedsFewerLabelsAtTheSameRisks() throws {
        // Simulated deliveries at the AQL and at the LTPD: Wald's test rejects good ones no more
        // often than α and accepts bad ones no more often than β (within simulation noise), with
        // fewer audited labels on average than the single plan's 132.
        let plan = try #require(SamplingPlan.design(aql: 0.01, ltpd: 0.05))
        let test = SequentialTest(aql: 0.01, ltpd: 0.05, alpha: 0.05, beta: 0.10, plan: plan)
        var rng = SeededGenerator(seed: 11)
        for (p, wrongDecision, risk) in [(0.01, SequentialDecision.reject, 0.05), (0.05, .accept, 0.10)] {
            var wrong = 0
            var used = 0
            let runs = 4_000
            for _ in 0..<runs {
                let r = test.run((0..<10_000).lazy.map { _ in rng.nextUnit() < p })
                used += r.used
                if r.decision == wrongDecision { wrong += 1 }
            }
            let realised = Double(wrong) / Double(runs)
            #expect(
                realised <= risk + 3 * (risk * (1 - risk) / Double(runs)).squareRoot(), "p \(p): \(realised)")
            #expect(
                Double(used) / Double(runs) < 0.8 * Double(plan.n), "p \(p): \(Double(used) / Double(runs))")
        }
    }

    @Test func switchingFollowsISO2859() throws {
        let plan = try #require(SamplingPlan.design(aql: 0.01, ltpd: 0.05))
        let rules = try #require(SwitchingRules(normal: plan))
        #expect(SwitchingRules.tighter(than: 0.01) == 0.0065)
        #expect(SwitchingRules.tighter(than: 0.02) == 0.015)
        // Tightened: designed at AQL 0.65% with the same LTPD; reduced: 40% of 132 = 53 labels.
        #expect(rules.tightened.aql == 0.0065)
        #expect(rules.reduced.n == 53)
        func lot(_ wrong: Int, of n: Int = 132) -> [Bool] { (0..<n).map { $0 < wrong } }
        // Two rejections within five: tightened after the second.
        var steps = rules.walk([lot(0), lot(5), lot(0), lot(6), lot(0)])
        #expect(steps.map(\.state) == [.normal, .normal, .normal, .normal, .tightened, .tightened])
        // Five accepted under tightened: back to normal.
        let t = rules.tightened
        steps = rules.walk(
            [lot(5), lot(5)] + (0..<5).map { _ in lot(0, of: t.n) } + [lot(0)])
        #expect(steps[2].state == .tightened && steps[7].state == .normal)
        // Five rejections under tightened: discontinued, and then nothing is accepted.
        steps = rules.walk([lot(5), lot(5)] + (0..<5).map { _ in lot(9, of: t.n) } + [lot(0)])
        #expect(steps.last!.state == .discontinued && steps[7].accepted == false)
        // c = 3 ≥ 2: +3 a delivery accepted at the tighter AQL's acceptance number; reduced at 30,
        // i.e. after ten clean deliveries; a rejection there returns to normal.
        steps = rules.walk((0..<10).map { _ in lot(0) } + [lot(0, of: 53), lot(9, of: 53)])
        #expect(steps[9].state == .normal && steps[9].score == 27 && steps[10].state == .reduced)
        #expect(steps[11].state == .reduced && steps[12].state == .normal)
        // A delivery with too few audited labels and few defects is not judged.
        steps = rules.walk([lot(0, of: 40)])
        #expect(steps[0].accepted == nil && steps[1].score == 0)
    }

    @Test func acceptanceDecidesOrAsksForMoreAudits() throws {
        let contract = DeliveryAcceptance.Contract(aql: 0.01, ltpd: 0.05)
        let clean = (0..<150).map { $0 < 2 }
        let a = try #require(DeliveryAcceptance.judge(contract: contract, audits: [clean], lotSize: 20_000))
        // 150 audited labels ≥ n: c for 150 is the largest with P(accept | 5%) ≤ 0.1, which is 3
        // (stats.binom.cdf(4, 150, 0.05) = 0.1256 > 0.1).
        #expect(a.decision == "accept" && a.acceptanceNumber == 3 && a.defects == 2)
        let few = try #require(
            DeliveryAcceptance.judge(contract: contract, audits: [[false, false]], lotSize: 20_000))
        #expect(few.decision == "audit" && few.auditMore == 130)
        let bad = try #require(
            DeliveryAcceptance.judge(contract: contract, audits: [(0..<40).map { $0 < 5 }], lotSize: 20_000))
        #expect(bad.decision == "reject" && bad.sequential.decision == .reject)
        // Jeffreys posterior after 2 of 150: Beta(2.5, 148.5); P(rate > 1%) = stats.beta.sf(0.01, 2.5, 148.5).
        #expect(abs(a.posterior.aboveAQL - BetaDistribution(alpha: 2.5, beta: 148.5).tail(0.01)) < 1e-15)
        #expect(a.switching.count == 2 && a.switching[0].accepted == true)
    }
}
