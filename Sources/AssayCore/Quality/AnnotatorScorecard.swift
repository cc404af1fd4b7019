// Assay — quality control for human-labelled training data.

import Foundation

/// One annotator's quality figures, each flag with the reason it was raised.
public struct AnnotatorScorecard: Sendable {
    /// Annotator index in the label set.
    public var annotator: Int
    /// Labels given.
    public var labels: Int
    /// Distinct items labelled.
    public var items: Int
    /// Labels on gold items, and how many matched the gold answer.
    public var goldLabels: Int
    /// Correct labels on gold items.
    public var goldCorrect: Int
    /// Gold accuracy's 95% Wilson interval, nil without gold labels.
    public var goldInterval: (low: Double, high: Double)?
    /// Model-estimated share of this annotator's labels that are right (no gold needed): the mean
    /// posterior probability of the class each label gave — the same estimand as the vendor card's.
    public var estimatedAccuracy: Double
    /// The model's accuracy parameter Σ_t prior_t · M[t][t] (what the annotator would score on a
    /// fresh item drawn from the prior).
    public var modelAccuracy: Double
    /// The annotator's confusion matrix `K × K` (row: truth, column: label given).
    public var confusion: [Double]
    /// Share of the annotator's labels equal to the consensus label.
    public var agreementWithConsensus: Double
    /// Raykar & Yu's spammer score: 0 when labels do not depend on the truth, 1 when perfect.
    public var spammerScore: Double
    /// Entropy of the annotator's label distribution divided by log K (0: always the same class).
    public var labelEntropy: Double
    /// Median seconds per label, when durations were given.
    public var medianSeconds: Double?
    /// Flags, each a sentence saying why.
    public var flags: [String]

    /// Gold accuracy, nil without gold labels.
    public var goldAccuracy: Double? { goldLabels > 0 ? Double(goldCorrect) / Double(goldLabels) : nil }
}

/// Thresholds behind the annotator flags.
public struct ScorecardPolicy: Sendable {
    /// Labels below which no behavioural flag is raised (too little evidence).
    public var minimumLabels = 20
    /// Spammer score below which an annotator is flagged as a likely spammer.
    public var spammerScore = 0.1
    /// Normalised label entropy below which an annotator is flagged as straight-lining.
    public var straightLining = 0.2
    /// Share of the overall median seconds per label below which an annotator is too fast.
    public var tooFastShare = 0.25
    /// Default thresholds.
    public init() {}
}

extension AnnotatorScorecard {
    /// Scorecards for every annotator of `set` from an inference result (and gold, when known).
    /// Confusion matrices come from the result when it has them, otherwise are fitted to its
    /// posteriors (one M-step, smoothing 0.01).
    /// - Complexity: O(labels + annotators × K²).
    public static func all(
        _ set: LabelSet, result: InferenceResult, gold: GoldAnswers? = nil, policy: ScorecardPolicy = .init()
    ) -> [AnnotatorScorecard] {
        let k = set.classCount
        let confusion =
            result.confusion.isEmpty
            ? Posteriors.confusion(set, posteriors: result.posteriors, smoothing: 0.01) : result.confusion
        let prior = result.classPrior
        let durations = set.extras.durationSeconds
        var allDurations: [Double] = []
        if !durations.isEmpty { allDurations = durations.filter { !$0.isNaN } }
        let overallMedian = median(&allDurations)
        var cards: [AnnotatorScorecard] = []
        cards.reserveCapacity(set.annotatorCount)
        var classCounts = [Int](repeating: 0, count: k)
        for a in 0..<set.annotatorCount {
            let mine = set.labels(ofAnnotator: a)
            var goldLabels = 0
            var goldCorrect = 0
            var agree = 0
            var expectedCorrect = 0.0
            var items = 0
            var lastItem: Int32 = -1
            var seconds: [Double] = []
            for c in 0..<k { classCounts[c] = 0 }
            for l32 in mine {
                let l = Int(l32)
                let i = Int(set.item[l])
                if set.item[l] != lastItem {
                    items += 1
                    lastItem = set.item[l]
                }
                let v = set.value[l]
                classCounts[Int(v)] += 1
                if v == result.labels[i] { agree += 1 }
                expectedCorrect += result.posteriors[i * k + Int(v)]
                if let g = gold?.answer[i], g >= 0 {
                    goldLabels += 1
                    if g == v { goldCorrect += 1 }
                }
                if !durations.isEmpty, !durations[l].isNaN { seconds.append(durations[l]) }
            }
            let n = mine.count
            let m = Array(confusion[(a * k * k)..<((a + 1) * k * k)])
            var accuracy = 0.0
            for t in 0..<k { accuracy += prior[t] * m[t * k + t] }
            var entropy = 0.0
            for c in 0..<k where classCounts[c] > 0 {
                let p = Double(classCounts[c]) / Double(n)
                entropy -= p * log(p)
            }
            let normalisedEntropy = k > 1 ? entropy / log(Double(k)) : 0
            let medianSeconds = seconds.isEmpty ? nil : median(&seconds)
            var card = AnnotatorScorecard(
                annotator: a, labels: n, items: items, goldLabels: goldLabels, goldCorrect: goldCorrect,
                goldInterval: WilsonInterval.interval(successes: goldCorrect, trials: goldLabels),
                estimatedAccuracy: n > 0 ? expectedCorrect / Double(n) : accuracy, modelAccuracy: accuracy,
                confusion: m,
                agreementWithConsensus: n > 0 ? Double(agree) / Double(n) : 0,
                spammerScore: spammerScore(m, classes: k), labelEntropy: normalisedEntropy,
                medianSeconds: medianSeconds, flags: [])
            card.flags = flags(card, classes: k, overallMedian: overallMedian, policy: policy, set: set)
            cards.append(card)
        }
        return cards
    }

    /// Raykar & Yu (2012): (1 / (K(K − 1))) Σ_{c<c'} Σ_k (M[c][k] − M[c'][k])² — zero when every row
    /// of the confusion matrix is the same (labels carry no information about the truth).
    public static func spammerScore(_ m: [Double], classes k: Int) -> Double {
        guard k > 1 else { return 0 }
        var s = 0.0
        for c in 0..<k {
            for d in (c + 1)..<k {
                for o in 0..<k {
                    let diff = m[c * k + o] - m[d * k + o]
                    s += diff * diff
                }
            }
        }
        return s / Double(k * (k - 1))
    }

    static func flags(
        _ card: AnnotatorScorecard, classes k: Int, overallMedian: Double?, policy: ScorecardPolicy,
        set: LabelSet
    ) -> [String] {
        var flags: [String] = []
        if let g = card.goldInterval, g.high < 1 / Double(max(k, 2)) + 0.05, card.goldLabels >= 10 {
            flags.append(
                String(
                    format:
                        "gold accuracy %.2f (95%% interval %.2f–%.2f) on %d gold labels is no better than chance (%.2f)",
                    card.goldAccuracy ?? 0, g.low, g.high, card.goldLabels, 1 / Double(max(k, 2))))
        }
        guard card.labels >= policy.minimumLabels else { return flags }
        if card.spammerScore < policy.spammerScore {
            flags.append(
                String(
                    format:
                        "likely spammer: spammer score %.3f < %.2f (labels barely depend on the consensus truth)",
                    card.spammerScore, policy.spammerScore))
        }
        if card.labelEntropy < policy.straightLining {
            flags.append(
                String(
                    format: "straight-lining: label entropy %.2f of the maximum (< %.2f) over %d labels",
                    card.labelEntropy, policy.straightLining, card.labels))
        }
        if let mine = card.medianSeconds, let overall = overallMedian, overall > 0,
            mine < policy.tooFastShare * overall
        {
            flags.append(
                String(
                    format: "too fast: median %.1f s per label vs %.1f s overall (< %.0f%%)", mine, overall,
                    100 * policy.tooFastShare))
        }
        return flags
    }

    /// The median of `values` (reordered), nil when empty.
    static func median(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        let n = values.count
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
    }
}
