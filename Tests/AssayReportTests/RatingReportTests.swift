// Assay — quality control for human-labelled training data.

import AssayCore
import Foundation
import Testing

@testable import AssayReport

/// The rating report holds exactly the Core figures it wraps.
@Suite struct RatingReportTests {
    /// 0..100 slider, 16 raters with severities of sd 8, 5 ratings an item; rater r0 rates 25 higher,
    /// rater 1 is twice as noisy. Raters 0–7 are vendor A, 8–15 vendor B.
    static let simulated: RatingSimulation.Outcome = {
        var raters = RatingSimulation.mix(raters: 16, severitySD: 2, noise: 6, seed: 9)
        raters[0].severity = 25
        raters[1].noise = 30
        return RatingSimulation(
            scale: try! RatingScale(minimum: -50, maximum: 150), items: 200, overlap: 5, raters: raters,
            truthRange: 20...80, seed: 9
        ).run()
    }()

    static let set: RatingSet = {
        let s = simulated.set
        return RatingSet(
            index: LabelIndex.build(
                itemIDs: s.index.itemIDs, annotatorIDs: s.index.annotatorIDs,
                annotatorVendor: (0..<16).map { $0 < 8 ? 0 : 1 }, vendorIDs: ["A", "B"], item: s.index.item,
                annotator: s.index.annotator
            ).index, value: s.value, scale: s.scale)
    }()

    /// Rater 2 missed 3 of 10 checks, rater 3 passed its 4.
    static let checks = KnownAnswerChecks(
        annotators: 16, rater: [Int32](repeating: 2, count: 10) + [3, 3, 3, 3],
        passed: (0..<10).map { $0 >= 3 } + [true, true, true, true])

    static let report = RatingReport.build(
        set, method: AdditiveRaterModel(), checks: checks, bootstrap: 100, seed: 2)

    @Test func ratersAreTheModelsFiguresHarshestFirst() {
        let fit = AdditiveRaterModel().infer(Self.set)
        let r = Self.report
        #expect(r.method == "additive" && r.raters.count == 16 && r.summary.ratings == 1_000)
        #expect(r.raters.map(\.rank) == Array(1...16))
        #expect(zip(r.raters, r.raters.dropFirst()).allSatisfy { $0.severity.value <= $1.severity.value })
        for row in r.raters {
            let a = Self.set.index.annotatorIDs.firstIndex(of: row.annotator)!
            #expect(row.severity.value == fit.severity[a] && row.severity.low == fit.severityLow[a])
            #expect(row.noise == fit.noise[a] && row.ratings == fit.raterRatings[a])
        }
        // The lenient rater comes last and is flagged; the noisy one is flagged as noisy.
        #expect(r.raters.last!.annotator == "r0" && r.raters.last!.flags.contains { $0.hasPrefix("lenient") })
        let noisy = r.raters.first { $0.annotator == "r1" }!
        #expect(noisy.flags.contains { $0.hasPrefix("noisy") })
        #expect(r.raters.filter { !$0.flags.isEmpty }.count <= 4)
    }

    @Test func checksVendorsAndAgreementWrapCore() {
        let r = Self.report
        let a2 = r.raters.first { $0.annotator == "r2" }!
        #expect(a2.checks == 10 && a2.checksPassed == 7 && a2.passRate?.value == 0.7)
        #expect(a2.passRate?.low == Self.checks.passInterval(of: 2)?.low)
        #expect(a2.flags.contains("missed 3 of 10 known-answer checks (pass rate 0.70 [0.40, 0.89])"))
        let a3 = r.raters.first { $0.annotator == "r3" }!
        #expect(a3.checks == 4 && !a3.flags.contains { $0.hasPrefix("missed") })
        #expect(r.raters.first { $0.annotator == "r5" }!.passRate == nil)
        #expect(r.checks?.checks == 14 && r.checks?.passed == 11 && r.checks?.ratersChecked == 2)
        let fit = AdditiveRaterModel().infer(Self.set)
        let q = RaterQuality.measure(Self.set, consensus: fit, bootstrap: 100, seed: 2)
        #expect(r.vendors.map(\.vendor) == ["A", "B"])
        #expect(
            r.vendors[0].severity.value == q.vendorSeverity[0]
                && r.vendors[0].severity.low == q.vendorSeverityInterval[0]?.low)
        #expect(r.vendors[0].checks == 14 && r.vendors[1].checks == 0 && r.vendors[1].passRate == nil)
        // A holds the lenient rater: its ratings sit above B's.
        #expect(r.vendors[0].severity.value > r.vendors[1].severity.value)
        let interval = RatingAgreement.estimate(Self.set, level: .interval, bootstrap: 100, seed: 2)
        #expect(r.agreement[0].metric == "alpha" && r.agreement[0].level == "interval")
        #expect(r.agreement[0].value == interval.value && r.agreement[0].ciHigh == interval.ciHigh)
        #expect(r.agreement[1].level == "ordinal" && r.agreement.count == 6)
        #expect(r.agreement.dropFirst(2).map { $0.group! } == ["A", "A", "B", "B"])
    }

    @Test func consensusRowsAreTheModelsValues() {
        let fit = AdditiveRaterModel().infer(Self.set)
        for i in [0, 99, 199] {
            let row = RatingConsensusRow(item: i, of: Self.set, consensus: fit)
            #expect(row.value == fit.value[i] && row.low == fit.low[i] && row.high == fit.high[i])
            #expect(row.ratings == 5 && row.method == "additive" && !row.vendors.isEmpty)
        }
    }

    @Test func jsonShape() throws {
        let r = RatingReport.build(Self.set, method: MeanRating(), bootstrap: 0, seed: 0)
        let json = try jsonObject(r)
        #expect(
            Set(json.keys) == [
                "type", "method", "method_notes", "scale", "bootstrap", "seed", "summary", "consensus",
                "raters",
                "vendors", "agreement", "checks",
            ])
        #expect(isNull(json, "checks") && json["type"] as? String == "rating")
        let scale = json["scale"] as! [String: Any]
        #expect(
            isNull(scale, "step") && scale["minimum"] as? Double == -50
                && scale["level"] as? String == "interval")
        let rater = (json["raters"] as! [[String: Any]])[0]
        #expect(isNull(rater, "pass_rate") && isNull(rater, "median_seconds") && rater["checks"] as? Int == 0)
        let vendor = (json["vendors"] as! [[String: Any]])[0]
        #expect((vendor["severity"] as! [String: Any])["reason"] as? String == "no bootstrap asked for")
        _ = try JSONDecoder().decode(RatingReport.self, from: JSONEncoder().encode(r))
    }
}
