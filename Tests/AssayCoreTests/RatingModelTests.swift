// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

@Suite struct RatingModelTests {
    static let flat: AdditiveRaterModel = {
        var m = AdditiveRaterModel(anchor: .meanZero, severityPrior: .flat)
        m.tolerance = 1e-12
        return m
    }()

    @Test func additiveModelWorkedExample() throws {
        // Two raters, two items. A rates 4 and 2, B rates 5 and 4.
        // Least squares of a two-way table without interaction: B − A = mean of the differences
        // (1 + 2) / 2 = 1.5, so with severities averaging 0: A = −0.75, B = +0.75; item values are
        // the means of the ratings minus the severities: (4 + 0.75 + 5 − 0.75) / 2 = 4.5 and
        // (2 + 0.75 + 4 − 0.75) / 2 = 3. Every residual is ±0.25, so the residual sum of squares is
        // 0.25 on one degree of freedom (4 ratings − 2 items − 2 raters + 1): noise² = 0.25. In the
        // model's bookkeeping each rating's leverage on its item is 1/2 and the severity takes half
        // of each rater's remaining 1: df = 0.5 a rater, pooled = 0.25 / 1, and with 2 pseudo-ratings
        // at the pooled variance noise² = (0.125 + 2 · 0.25) / (0.5 + 2) = 0.25.
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1)
        let set = RatingSet(
            ratings: [(0, 0, 4), (1, 0, 2), (0, 1, 5), (1, 1, 4)], items: 2, annotators: 2, scale: scale)
        let fit = Self.flat.infer(set)
        #expect(fit.converged)
        #expect(abs(fit.severity[0] + 0.75) < 1e-9 && abs(fit.severity[1] - 0.75) < 1e-9)
        #expect(abs(fit.value[0] - 4.5) < 1e-9 && abs(fit.value[1] - 3) < 1e-9)
        #expect(abs(fit.noise[0] - 0.5) < 1e-9 && abs(fit.noise[1] - 0.5) < 1e-9)
        // Intervals by the documented formula. Round 1 (others' severities exact): an item's weight
        // is 2 / 0.25 = 8, without the rater 4, so v⁽⁻ᵃ⁾ = 0.25 and Var(b) = 1 / (2 / (0.25 + 0.25))
        // = 0.25. Round 2: item weight 2 / (0.25 + 0.25) = 4, without the rater 2, v⁽⁻ᵃ⁾ = 0.5,
        // Var(b) = 1 / (2 / 0.75) = 0.375. Item: Var = 1 / (2 / (0.25 + 0.375)) = 0.3125.
        let z = RatingConsensus.z95
        #expect(abs(fit.severityHigh[0] - (-0.75 + z * 0.375.squareRoot())) < 1e-9)
        #expect(abs(fit.high[0] - (4.5 + z * 0.3125.squareRoot())) < 1e-9)
        #expect(abs(fit.low[1] - (3 - z * 0.3125.squareRoot())) < 1e-9)
        // The plain mean on the same set, for contrast: 4.5 and 3 too (a balanced design), but the
        // raters' offsets against it are the same ±0.75.
        let mean = MeanRating().infer(set)
        #expect(mean.value == [4.5, 3])
        #expect(abs(mean.severity[1] - 0.75) < 1e-12)
    }

    @Test func unbalancedDesignBeatsTheMean() throws {
        // Lenient rater 1 (+2) rates only item 0; items 0 and 1 are both truly 3 per raters 0 and 2.
        // The mean puts item 0 at 3.67; the additive model sees rater 1's offset on item 2 (which
        // raters 1 and 2 share) and puts item 0 back at 3.
        let scale = try RatingScale(minimum: 0, maximum: 10)
        let set = RatingSet(
            ratings: [
                (0, 0, 3), (0, 1, 5), (0, 2, 3), (1, 0, 3), (1, 2, 3), (2, 1, 8), (2, 2, 6), (3, 0, 4),
                (3, 1, 6),
            ],
            items: 4, annotators: 3, scale: scale)
        let fit = Self.flat.infer(set)
        #expect(abs(MeanRating().infer(set).value[0] - 11.0 / 3) < 1e-12)
        #expect(abs(fit.value[0] - fit.value[1]) < 1e-6)
        #expect(abs(fit.severity[1] - fit.severity[0] - 2) < 1e-6)
    }

    @Test func aConstantAddedToOneRaterMovesOnlyItsSeverity() throws {
        let sim = RatingSimulation(
            scale: try RatingScale(minimum: 0, maximum: 100), items: 200, overlap: 4,
            raters: RatingSimulation.mix(raters: 20, severitySD: 3, noise: 4, seed: 5), truthRange: 20...80,
            seed: 5
        ).run()
        let shifted = sim.set.mapValues { l, v in sim.set.index.annotator[l] == 3 ? v + 2.5 : v }
        // Anchored on rater 0 without a severity prior and with a stated noise prior (a learnt one is
        // read off a fit stopped at 10⁻⁴ sd, whose path differs slightly between the two sets):
        // exactly rater 3's severity moves, by 2.5.
        var anchored = AdditiveRaterModel(anchor: .rater(0), severityPrior: .flat)
        anchored.noisePriorWeight = 2
        anchored.tolerance = 1e-12
        let before = anchored.infer(sim.set)
        let after = anchored.infer(shifted)
        for a in 0..<20 {
            #expect(abs(after.severity[a] - before.severity[a] - (a == 3 ? 2.5 : 0)) < 1e-7, "rater \(a)")
            #expect(abs(after.noise[a] - before.noise[a]) < 1e-7)
        }
        for i in 0..<200 { #expect(abs(after.value[i] - before.value[i]) < 1e-7) }
        // With the default (severities average 0, prior learnt from the raters): rater 3 moves by
        // about 2.5 relative to the others, and the others' relative severities and the items'
        // relative values nearly stay put: they move only because the learnt prior's width (and
        // so every rater's shrinkage) depends on rater 3's severity too.
        let d0 = AdditiveRaterModel().infer(sim.set)
        let d1 = AdditiveRaterModel().infer(shifted)
        for a in 1..<20 where a != 3 {
            #expect(abs((d1.severity[a] - d1.severity[0]) - (d0.severity[a] - d0.severity[0])) < 0.05)
        }
        // Rater 3 moves by 2.5 less its shrinkage: s² / (s² + Var) ≈ 9 / (9 + 16/40 · 4/3) = 0.94 here.
        let moved = (d1.severity[3] - d1.severity[0]) - (d0.severity[3] - d0.severity[0])
        #expect(moved > 2.5 * 0.9 && moved < 2.5, "rater 3 moved by \(moved)")
        #expect(abs((d1.value[7] - d1.value[0]) - (d0.value[7] - d0.value[0])) < 0.02)
    }

    /// Recovery at 20 ratings a rater (50 raters, 250 items × 4 raters), averaged over 5 seeds.
    static func recovery(scale: RatingScale, noise: Double, truth: ClosedRange<Double>)
        -> (rmse: Double, meanRMSE: Double, severityCoverage: Double, valueCoverage: Double)
    {
        var rmse = 0.0
        var meanRMSE = 0.0
        var covered = 0.0
        var coveredValues = 0.0
        for seed in 0..<5 as Range<UInt64> {
            let raters = RatingSimulation.mix(raters: 50, severitySD: 0.5, noise: noise, seed: seed)
            let sim = RatingSimulation(
                scale: scale, items: 250, overlap: 4, raters: raters, truthRange: truth, seed: seed
            )
            .run()
            #expect((0..<50).allSatisfy { sim.set.index.labels(ofAnnotator: $0).count == 20 })
            let fit = sim.recovery(of: AdditiveRaterModel().infer(sim.set))
            rmse += fit.severityRMSE / 5
            meanRMSE += sim.recovery(of: MeanRating().infer(sim.set)).severityRMSE / 5
            covered += fit.severityCoverage / 5
            coveredValues += fit.valueCoverage / 5
        }
        return (rmse, meanRMSE, covered, coveredValues)
    }

    @Test func severityRecoveryAtTwentyRatingsARater() throws {
        // Continuous ratings, noise 0.3 (scale units = steps of 1): the information bound for a
        // severity from 20 ratings on items shared with 3 others is about
        // 0.3 / √20 · √(4/3) = 0.077.
        let continuous = Self.recovery(
            scale: try RatingScale(minimum: 0, maximum: 100), noise: 0.3, truth: 20...80)
        #expect(continuous.rmse <= 0.1, "severity RMSE \(continuous.rmse)")
        #expect(continuous.rmse < continuous.meanRMSE)
        // 95% intervals: 0.96 and 0.95 measured; with the noise prior fixed at 2 pseudo-ratings
        // instead of learnt, the item intervals fell to 0.92 (noisy weights from 20 ratings).
        #expect(continuous.severityCoverage >= 0.93, "severity coverage \(continuous.severityCoverage)")
        #expect(continuous.valueCoverage >= 0.935, "value coverage \(continuous.valueCoverage)")
        // A 1..7 Likert scale (rounding adds 1/12 step² of noise): bound √((0.09 + 0.083) / 20 · 4/3)
        // = 0.107; the model stays within 10% of it.
        let likert = Self.recovery(
            scale: try RatingScale(minimum: 1, maximum: 7, step: 1), noise: 0.3, truth: 2...6)
        #expect(likert.rmse <= 0.118, "severity RMSE \(likert.rmse)")
        #expect(likert.rmse < likert.meanRMSE)
    }

    @Test func degenerateInputsGiveFiniteResults() throws {
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1)
        let cases: [(String, RatingSet)] = [
            ("one rating", RatingSet(ratings: [(0, 0, 3)], items: 1, annotators: 1, scale: scale)),
            (
                "constant",
                RatingSet(
                    ratings: [(0, 0, 3), (0, 1, 3), (1, 0, 3), (1, 1, 3)], items: 2, annotators: 2,
                    scale: scale)
            ),
            (
                "one rater",
                RatingSet(ratings: [(0, 0, 3), (1, 0, 5), (2, 0, 1)], items: 3, annotators: 1, scale: scale)
            ),
            (
                "a rater with one rating",
                RatingSet(
                    ratings: [(0, 0, 3), (0, 1, 4), (1, 0, 2), (1, 1, 3), (1, 2, 5)], items: 2, annotators: 3,
                    scale: scale)
            ),
            (
                "no labels, an empty item",
                RatingSet(ratings: [(0, 0, 2), (0, 1, 4)], items: 2, annotators: 3, scale: scale)
            ),
            ("empty", RatingSet(ratings: [], items: 0, annotators: 0, scale: scale)),
        ]
        let methods: [any RatingMethod] = [
            AdditiveRaterModel(), MeanRating(), MedianRating(), OrdinalDawidSkene(), RatingAuto(),
        ]
        for (name, set) in cases {
            for method in methods {
                let r = method.infer(set)
                let all = r.value + r.low + r.high + r.severity + r.severityLow + r.severityHigh + r.noise
                #expect(all.allSatisfy { $0.isFinite }, "\(name), \(method.name)")
                #expect(zip(r.low, r.high).allSatisfy { $0 <= $1 }, "\(name), \(method.name)")
            }
        }
        // One rater: its severity is the anchor's 0 and the items keep its ratings.
        let one = AdditiveRaterModel().infer(cases[2].1)
        #expect(one.severity == [0] && one.value == [3, 5, 1])
        // Constant ratings: values 3, severities 0.
        let constant = AdditiveRaterModel().infer(cases[1].1)
        #expect(
            constant.value.allSatisfy { abs($0 - 3) < 1e-9 }
                && constant.severity.allSatisfy { abs($0) < 1e-9 })
        // The rater with one rating (5 where the others average 2.5) is pulled towards 0 by the prior
        // compared with its flat estimate.
        let shrunk = AdditiveRaterModel().infer(cases[3].1).severity[2]
        let flat = Self.flat.infer(cases[3].1).severity[2]
        #expect(shrunk < flat)
    }

    @Test func baselinesByHand() throws {
        let scale = try RatingScale(minimum: 0, maximum: 10)
        // Item 0: 1, 2, 9 → mean 4, median 2; item 1: 4, 6 → mean 5, median 5.
        let set = RatingSet(
            ratings: [(0, 0, 1), (0, 1, 2), (0, 2, 9), (1, 0, 4), (1, 1, 6)], items: 2, annotators: 3,
            scale: scale)
        #expect(MeanRating().infer(set).value == [4, 5])
        #expect(MedianRating().infer(set).value == [2, 5])
        // Rater 2's offset against the mean: 9 − 4 = 5, against the median 7.
        #expect(MeanRating().infer(set).severity[2] == 5 && MedianRating().infer(set).severity[2] == 7)
        // The mean's interval: item sd pooled with 2 pseudo-df at the pooled sd. Squares: item 0
        // 9 + 4 + 25 = 38 (2 df), item 1 2 (1 df): pooled sd² = 40 / 3; item 0 sd² =
        // (38 + 2 · 40/3) / 4 = 16.1667, half-width 1.96 · √(16.1667 / 3).
        let mean = MeanRating().infer(set)
        #expect(abs(mean.high[0] - 4 - RatingConsensus.z95 * ((38 + 80.0 / 3) / 4 / 3).squareRoot()) < 1e-9)
    }

    @Test func ordinalDawidSkeneReadsThePosterior() throws {
        let scale = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        // Posterior 0.1, 0.2, 0.3, 0.3, 0.1 over 1..5: mean 3.1; median 3 (cumulative 0.6 at step 3);
        // 2.5% quantile 1, 97.5% quantile 5.
        let read = OrdinalDawidSkene.read(posteriors: [0.1, 0.2, 0.3, 0.3, 0.1], scale: scale)
        #expect(read.value == [3] && read.low == [1] && read.high == [5])
        let interval = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .interval)
        #expect(
            abs(
                OrdinalDawidSkene.read(posteriors: [0.1, 0.2, 0.3, 0.3, 0.1], scale: interval).value[0] - 3.1)
                < 1e-12)
        #expect(
            OrdinalDawidSkene().unsupportedReason(
                RatingSet(
                    ratings: [], items: 0, annotators: 0, scale: try RatingScale(minimum: 0, maximum: 1)))
                != nil)
        // On simulated Likert raters the ordinal model's values track the truth.
        let sim = RatingSimulation(
            scale: scale, items: 300, overlap: 5,
            raters: RatingSimulation.mix(raters: 15, severitySD: 0.3, noise: 0.5, seed: 2),
            truthRange: 1.5...4.5, seed: 2
        ).run()
        let fit = OrdinalDawidSkene().infer(sim.set)
        #expect(fit.value.allSatisfy { scale.stepIndex(of: $0) != nil })
        #expect(try #require(RatingMetrics.pearson(fit.value, sim.truth)) > 0.85)
    }

    @Test func autoChoosesByHeldOutLikelihood() throws {
        let likert = try RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal)
        let sim = RatingSimulation(
            scale: likert, items: 300, overlap: 5,
            raters: RatingSimulation.mix(raters: 15, severitySD: 0.4, noise: 0.5, seed: 4),
            truthRange: 1.5...4.5, seed: 4
        ).run()
        let auto = RatingAuto(seed: 1)
        let scores = try #require(auto.heldOutScores(sim.set))
        #expect(
            scores.additive.isFinite && scores.ordinal.isFinite && scores.additive < 0 && scores.ordinal < 0)
        let fit = auto.infer(sim.set)
        #expect(fit.method == "auto")
        #expect(
            fit.notes[0].hasPrefix(
                scores.ordinal > scores.additive + auto.margin ? "chose ods" : "chose additive"))
        // Data made by the additive model itself: the additive model must win.
        #expect(scores.additive > scores.ordinal, "\(scores)")
        // A continuous scale: additive, with the reason.
        let slider = RatingSimulation(
            scale: try RatingScale(minimum: 0, maximum: 100), items: 50, overlap: 3,
            raters: RatingSimulation.mix(raters: 6, severitySD: 5, noise: 5, seed: 1), truthRange: 10...90,
            seed: 1
        ).run()
        #expect(auto.infer(slider.set).notes[0].contains("continuous"))
        // The normal cell probabilities of a 5-step scale sum to 1.
        let total = (0..<5).map {
            RatingAuto.cellProbability(step: $0, steps: 5, scale: likert, mean: 2.3, sd: 0.8)
        }.reduce(0, +)
        #expect(abs(total - 1) < 1e-12)
    }

    @Test func catalogueMakesEveryMethodByName() {
        for name in RatingMethods.names { #expect(RatingMethods.make(name)?.name == name) }
        #expect(RatingMethods.make("ds") == nil)
        #expect(RatingMethods.summaries.map(\.0) == RatingMethods.names)
    }

    @Test func simulationIsDeterministicAndBalanced() throws {
        let sim = RatingSimulation(
            scale: try RatingScale(minimum: 1, maximum: 5, step: 1), items: 100, overlap: 3,
            raters: RatingSimulation.mix(raters: 10, severitySD: 1, noise: 0.5, spammerShare: 0.2, seed: 9),
            truthRange: 1...5, seed: 9)
        let a = sim.run()
        #expect(a.set.value == sim.run().set.value)
        #expect(a.raters.filter(\.isSpammer).count == 2)
        let counts = (0..<10).map { a.set.index.labels(ofAnnotator: $0).count }
        #expect(counts.max()! - counts.min()! <= 1)
        // No rater twice on one item, though 10 raters do not split into groups of 3.
        #expect(a.set.index.repeatedPairs == 0)
        #expect(a.set.value.allSatisfy { a.set.scale.violation(of: $0) == nil })
    }

    @Test func knownAnswerChecksGiveWilsonIntervals() throws {
        let checks = KnownAnswerChecks(
            annotators: 3, rater: [0, 0, 0, 1, 1, 0], passed: [true, true, false, true, true, true])
        #expect(checks.passed == [3, 2, 0] && checks.failed == [1, 0, 0])
        #expect(checks.passRate(of: 0) == 0.75 && checks.passRate(of: 2) == nil)
        // Wilson 95% for 3 of 4: centre (0.75 + 1.92/4) / (1 + 3.84/4) = 0.6277…
        let w = try #require(checks.passInterval(of: 0))
        #expect(w.low < 0.75 && w.high > 0.75 && w.high < 1)
        #expect(
            checks.rankCorrelation(with: [1, 2, 3]) == 1 || checks.rankCorrelation(with: [1, 2, 3]) == nil)
        #expect(abs(try #require(checks.rankCorrelation(with: [2, 1, 0])) + 1) < 1e-12)
    }
}
