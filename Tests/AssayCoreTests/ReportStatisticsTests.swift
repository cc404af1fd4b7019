// Assay — quality control for human-labelled training data.

import Testing

@testable import AssayCore

/// The Core figures the typed reports add: rating α with its bootstrap interval, set α with its
/// interval, rater and vendor quality against a rating consensus, and a pairwise set with vendors
/// as judges.
@Suite struct ReportStatisticsTests {
    /// Ratings on a 1..5 scale by 12 raters, 5 an item.
    static func ratings(items: Int, seed: UInt64 = 4) -> RatingSet {
        RatingSimulation(
            scale: try! RatingScale(minimum: 1, maximum: 5, step: 1, level: .ordinal), items: items,
            overlap: 5,
            raters: RatingSimulation.mix(raters: 12, severitySD: 0.4, noise: 0.7, seed: seed),
            truthRange: 1.5...4.5, seed: seed
        ).run().set
    }

    /// With every weight 1 the weighted α is the unweighted one, at every level.
    @Test func ratingAlphaEqualsTheUnweightedOne() {
        let set = Self.ratings(items: 120)
        for level in [MeasurementLevel.nominal, .ordinal, .interval] {
            let e = RatingAgreement.estimate(set, level: level)
            let reference = KrippendorffAlpha.compute(set, level: level)
            #expect(abs(e.value! - reference.value!) < 1e-12, "\(level)")
            #expect(e.items == reference.pairableItems && e.labels == reference.pairableValues)
        }
        // A continuous scale (every value distinct) too.
        let continuous = set.mapValues { l, v in v + Double(l % 97) / 1000 }
        let c = RatingAgreement.estimate(continuous, level: .ordinal).value!
        #expect(abs(c - KrippendorffAlpha.compute(continuous, level: .ordinal).value!) < 1e-12)
    }

    /// An item weighted f times gives the α of a set where the item appears f times: the weights
    /// a bootstrap replicate draws are read as repeated items (mid-ranks recomputed for ordinal).
    @Test func weightsAreRepeatedItems() {
        let set = Self.ratings(items: 40)
        let table = RatingAgreement.Table(set)
        let weights = (0..<table.items).map { Double(($0 * 7) % 4) }  // 0, 3, 2, 1, 0, …
        // The same ratings with item u copied weights[u] times.
        var item: [Int32] = []
        var annotator: [Int32] = []
        var value: [Double] = []
        var ids: [String] = []
        var u = 0
        for i in 0..<set.itemCount where set.index.labels(ofItem: i).count >= 2 {
            for copy in 0..<Int(weights[u]) {
                ids.append("i\(i)-\(copy)")
                for l in set.index.labels(ofItem: i) {
                    item.append(Int32(ids.count - 1))
                    annotator.append(set.index.annotator[l])
                    value.append(set.value[l])
                }
            }
            u += 1
        }
        let copied = RatingSet(
            itemIDs: ids, annotatorIDs: set.index.annotatorIDs, annotatorVendor: set.index.annotatorVendor,
            vendorIDs: set.index.vendorIDs, scale: set.scale, item: item, annotator: annotator, value: value)
        for level in [MeasurementLevel.nominal, .ordinal, .interval] {
            let weighted = table.alpha(level: level, weights: weights)!
            #expect(
                abs(weighted - KrippendorffAlpha.compute(copied, level: level).value!) < 1e-12, "\(level)")
        }
    }

    /// Intervals from 30 items on, around the point; "too few items (n)" below; undefined and ratio
    /// levels say why.
    @Test func ratingAlphaIntervalFollowsTheTooFewItemsRule() {
        let enough = RatingAgreement.estimate(
            Self.ratings(items: 30), level: .interval, bootstrap: 200, seed: 1)
        let (low, high) = (try! #require(enough.ciLow), try! #require(enough.ciHigh))
        #expect(low < enough.value! && enough.value! < high && high - low < 0.6)
        #expect(enough.intervalReason == nil)
        let again = RatingAgreement.estimate(
            Self.ratings(items: 30), level: .interval, bootstrap: 200, seed: 1)
        #expect(again.ciLow == enough.ciLow && again.ciHigh == enough.ciHigh)
        let few = RatingAgreement.estimate(Self.ratings(items: 29), level: .ordinal, bootstrap: 200, seed: 1)
        #expect(few.value != nil && few.ciLow == nil && few.intervalReason == "too few items (29)")
        let ratio = RatingAgreement.estimate(Self.ratings(items: 30), level: .ratio)
        #expect(ratio.value == nil && ratio.undefinedReason!.contains("ratio"))
        let flat = RatingSet(
            ratings: [(0, 0, 3), (0, 1, 3), (1, 0, 3), (1, 1, 3)], items: 2, annotators: 2,
            scale: try! RatingScale(minimum: 1, maximum: 5, step: 1))
        #expect(RatingAgreement.estimate(flat, level: .interval).undefinedReason!.contains("same"))
    }

    /// Set α with every weight 1 is `setAlpha`; its interval holds the point and follows the rule.
    @Test func setAlphaIntervalWrapsSetAlpha() {
        var annotators = (0..<6).map { _ in MultiLabelSimulation.Annotator(sensitivity: 0.8, specificity: 0.9)
        }
        annotators.append(.init(sensitivity: 0.5, specificity: 0.5, isSpammer: true))
        let sim = MultiLabelSimulation(
            prevalence: [0.4, 0.2, 0.1], items: 60, overlap: 3, annotators: annotators, seed: 2
        ).run()
        for distance in SetDistance.allCases {
            let e = MultiLabelAgreement.setAlphaEstimate(sim.set, distance: distance, bootstrap: 200, seed: 3)
            let point = MultiLabelAgreement.setAlpha(sim.set, distance: distance)
            #expect(e.value == point.value && e.metric == "alpha_\(distance.rawValue)")
            let (low, high) = (try! #require(e.ciLow), try! #require(e.ciHigh))
            #expect(low < e.value! && e.value! < high)
        }
        let few = makeMultiLabelSet(
            [(0, 0, [0]), (0, 1, [0, 1]), (1, 0, []), (1, 1, [1])], items: 2, annotators: 2, classes: 2)
        let e = MultiLabelAgreement.setAlphaEstimate(few, bootstrap: 200)
        #expect(e.value != nil && e.ciLow == nil && e.intervalReason == "too few items (2)")
    }

    /// Raters and vendors against the plain mean, computed by hand: a0 (vendor A) rates 2, 3, 4;
    /// b0 and b1 (vendor B) rate 0, 1, 2 and 1, 2, 3; the means are 1, 2, 3.
    @Test func raterQualityByHand() {
        let set = RatingSet(
            itemIDs: ["i0", "i1", "i2"], annotatorIDs: ["a0", "b0", "b1"], annotatorVendor: [0, 1, 1],
            vendorIDs: ["A", "B"], scale: try! RatingScale(minimum: 0, maximum: 5, step: 1),
            item: [0, 1, 2, 0, 1, 2, 0, 1, 2], annotator: [0, 0, 0, 1, 1, 1, 2, 2, 2],
            value: [2, 3, 4, 0, 1, 2, 1, 2, 3])
        let mean = MeanRating().infer(set)
        #expect(mean.value == [1, 2, 3])
        let q = RaterQuality.measure(set, consensus: mean, bootstrap: 100, seed: 0)
        #expect(q.ratings == [3, 3, 3] && q.items == [3, 3, 3])
        #expect(q.correlation.allSatisfy { abs($0! - 1) < 1e-12 })
        #expect(q.vendorRaters == [1, 2] && q.vendorRatings == [3, 6] && q.vendorItems == [3, 3])
        // A: offsets +1, +1, +1. B: −1 (three times) and 0 (three times): severity −0.5, and the six
        // offsets lie 0.5 from it, so noise = √(6 · 0.25 / 5).
        #expect(q.vendorSeverity == [1, -0.5])
        #expect(q.vendorNoise[0] == 0 && abs(q.vendorNoise[1] - (1.5 / 5).squareRoot()) < 1e-12)
        // B's ratings (0, 1, 1, 2, 2, 3) against (1, 1, 2, 2, 3, 3): Σdxdy = 4, Σdx² = 5.5, Σdy² = 4.
        #expect(abs(q.vendorCorrelation[1]! - 4 / (5.5 * 4).squareRoot()) < 1e-12)
        #expect(q.vendorSeverityInterval.allSatisfy { $0 == nil })
        #expect(q.vendorSeverityReason == ["too few items (3)", "too few items (3)"])
    }

    /// A vendor's severity interval over 40 items covers its offset.
    @Test func vendorSeverityIntervalFromThirtyItems() {
        let base = Self.ratings(items: 40)
        // Vendor 1 holds raters 6…11, whose ratings are shifted by +0.5 … bounded by the scale, so
        // use a continuous copy of the scale.
        let vendor: [Int32] = (0..<12).map { $0 < 6 ? 0 : 1 }
        let set = RatingSet(
            itemIDs: base.index.itemIDs, annotatorIDs: base.index.annotatorIDs, annotatorVendor: vendor,
            vendorIDs: ["A", "B"], scale: try! RatingScale(minimum: -10, maximum: 10),
            item: base.index.item, annotator: base.index.annotator,
            value: (0..<base.count).map { base.value[$0] + (base.index.annotator[$0] >= 6 ? 0.5 : 0) })
        let fit = AdditiveRaterModel().infer(set)
        let q = RaterQuality.measure(set, consensus: fit, bootstrap: 200, seed: 5)
        for v in 0..<2 {
            let ci = try! #require(q.vendorSeverityInterval[v])
            #expect(ci.low < q.vendorSeverity[v] && q.vendorSeverity[v] < ci.high)
        }
        #expect(q.vendorSeverity[1] - q.vendorSeverity[0] > 0.3)
    }

    /// Vendors as judges: the same votes, one annotator a vendor, and the merged set's votes keep
    /// their items, sides and outcomes.
    @Test func pairwiseSetMergedByVendor() throws {
        let rows: [PairwiseSet.Row] = [
            .init(item: "q1", annotator: "h1", vendor: "human", left: "x", right: "y", outcome: .left),
            .init(item: "q1", annotator: "h2", vendor: "human", left: "y", right: "x", outcome: .tie),
            .init(item: "q1", annotator: "g", vendor: "llm", left: "x", right: "y", outcome: .right),
            .init(item: "q2", annotator: "h2", vendor: "human", left: "z", right: "x", outcome: .left),
        ]
        let set = try PairwiseSet(rows: rows, positionsKnown: true)
        let merged = set.mergedByVendor()
        #expect(merged.index.annotatorIDs == ["human", "llm"] && merged.index.vendorIDs == ["human", "llm"])
        #expect(merged.count == set.count && merged.index.item == set.index.item)
        #expect(merged.outcome == set.outcome && merged.firstOnLeft == set.firstOnLeft)
        #expect(
            merged.index.annotator.map { set.index.vendorIDs[Int($0)] }
                == set.index.annotator.map {
                    set.index.vendorIDs[Int(set.index.annotatorVendor[Int($0)])]
                })
        #expect((0..<set.count).allSatisfy { merged.leftObject($0) == set.leftObject($0) })
    }

    /// Multi-label scores by hand: 3 items, 3 classes; item 0 exact, item 1 one class missed, item 2
    /// one class extra, item 3 without truth.
    @Test func multiLabelMetricsByHand() {
        let set = makeMultiLabelSet(
            [(0, 0, [0]), (1, 0, [0]), (2, 0, [1, 2]), (3, 0, [])], items: 4, annotators: 1, classes: 3)
        let consensus = BinaryRelevance(method: MajorityVote()).infer(set)
        #expect((0..<4).map { consensus.classes(ofItem: $0) } == [[0], [0], [1, 2], []])
        let s = MultiLabelMetrics.score(consensus, truth: [[0], [0, 1], [1], nil])
        // Decisions: 9, wrong 2 (item 1 class 1, item 2 class 2). TP 3, FP 1, FN 1.
        #expect(s.items == 3 && s.exactMatch == 1.0 / 3 && s.hammingAccuracy == 7.0 / 9)
        #expect(s.microF1 == 6.0 / 8)
        #expect(MultiLabelMetrics.score(consensus, truth: [nil, nil, nil, nil]).exactMatch == nil)
    }
}
