// Assay — quality control for human-labelled training data.

import Foundation

/// Chooses between the additive rater model and ordinal Dawid–Skene per dataset, without truth,
/// by cross-validated likelihood of the raters' ratings, and runs the winner.
///
/// Labels are split into `folds` seeded folds (an item's ratings spread over different folds,
/// items with one rating never held out). For each fold both models are fitted to the other folds
/// and predict each held-out rating as a probability over the scale's steps: ordinal Dawid–Skene
/// through the item's posterior and the rater's confusion matrix fitted to it (add-one
/// smoothing, as `AutoMethod` does for categorical sets); the additive model through its normal
/// predictive N(value + severity, noise² + Var(value) + Var(severity)) integrated over each step's
/// cell (cells end halfway between steps; the end cells are open). The higher mean log-likelihood
/// per held-out rating wins; within `margin` nats the additive model is kept. On continuous scales,
/// or scales ordinal Dawid–Skene does not take, the additive model runs alone and a note says so.
public struct RatingAuto: RatingMethod {
    /// `auto`.
    public let name = "auto"
    /// Seed of the fold split.
    public var seed: UInt64
    /// Folds of the cross-validated likelihood.
    public var folds = 5
    /// Scores within this many nats per rating count as tied (the additive model is kept).
    public var margin = 0.005
    /// The additive candidate.
    public var additive = AdditiveRaterModel()
    /// The ordinal candidate.
    public var ordinal = OrdinalDawidSkene()

    /// Auto selection with a seed.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// Mean held-out log-likelihood per rating of each candidate (additive, ordinal); nil when the
    /// ordinal model does not apply or nothing can be held out.
    /// - Complexity: `folds` fits of each candidate.
    public func heldOutScores(_ set: RatingSet) -> (additive: Double, ordinal: Double)? {
        guard ordinal.unsupportedReason(set) == nil, let steps = set.scale.stepCount else { return nil }
        var rng = SeededGenerator(seed: seed ^ 0x5EED)
        var fold = [Int8](repeating: -1, count: set.count)
        for i in 0..<set.itemCount {
            let r = set.index.labels(ofItem: i)
            guard r.count >= 2 else { continue }
            let offset = Int(rng.next() % UInt64(folds))
            for (j, l) in r.enumerated() { fold[l] = Int8((offset + j) % folds) }
        }
        guard fold.contains(where: { $0 >= 0 }) else { return nil }
        let fullSteps = OrdinalDawidSkene.stepSet(set)
        var scores = (additive: 0.0, ordinal: 0.0)
        var heldCount = 0
        for f in 0..<folds {
            let held = fold.map { $0 == Int8(f) }
            let heldHere = held.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard heldHere > 0 else { continue }
            heldCount += heldHere
            let train = set.subset { !held[$0] }
            // Additive: the normal predictive over the steps' cells.
            let fit = additive.infer(train)
            let z = RatingConsensus.z95
            for l in 0..<set.count where held[l] {
                let i = Int(set.index.item[l])
                let a = Int(set.index.annotator[l])
                let valueSD = (fit.high[i] - fit.low[i]) / (2 * z)
                let severitySD = (fit.severityHigh[a] - fit.severityLow[a]) / (2 * z)
                let sd = (fit.noise[a] * fit.noise[a] + valueSD * valueSD + severitySD * severitySD)
                    .squareRoot()
                let p = Self.cellProbability(
                    step: set.scale.stepIndex(of: set.value[l]) ?? 0, steps: steps, scale: set.scale,
                    mean: fit.value[i] + fit.severity[a], sd: sd)
                scores.additive += log(max(p, 1e-300))
            }
            // Ordinal Dawid–Skene: the categorical engine's own held-out likelihood (a sum here).
            let trainSteps = OrdinalDawidSkene.stepSet(train)
            let dsFit = ordinal.engine.infer(trainSteps, gold: nil)
            scores.ordinal +=
                AutoMethod(seed: seed).heldOutLogLikelihood(
                    dsFit, train: trainSteps, full: fullSteps, held: held)
                * Double(heldHere)
        }
        guard heldCount > 0 else { return nil }
        return (scores.additive / Double(heldCount), scores.ordinal / Double(heldCount))
    }

    /// P(a rating falls in step `step`'s cell) under N(mean, sd²); cells end halfway between
    /// steps, the two end cells are open.
    static func cellProbability(step: Int, steps: Int, scale: RatingScale, mean: Double, sd: Double) -> Double
    {
        let half = (scale.step ?? 1) / 2
        let x = scale.value(ofStep: step)
        func cdf(_ t: Double) -> Double { 0.5 * erfc(-(t - mean) / (max(sd, 1e-12) * 2.0.squareRoot())) }
        let upper = step == steps - 1 ? 1 : cdf(x + half)
        let lower = step == 0 ? 0 : cdf(x - half)
        return upper - lower
    }

    /// - Complexity: about `folds` + 1 fits of both candidates on stepped scales; one additive fit otherwise.
    public func infer(_ set: RatingSet) -> RatingConsensus {
        guard let scores = heldOutScores(set) else {
            var out = additive.infer(set)
            let why =
                ordinal.unsupportedReason(set).map { "chose additive: \($0)" }
                ?? "chose additive: no item has two ratings to hold one out"
            out.notes.insert(why, at: 0)
            out.method = name
            return out
        }
        let pickOrdinal = scores.ordinal > scores.additive + margin
        var out = pickOrdinal ? ordinal.infer(set) : additive.infer(set)
        out.notes.insert(
            "chose \(pickOrdinal ? "ods" : "additive") by \(folds)-fold cross-validated log-likelihood per held-out "
                + String(format: "rating: additive %.4f, ods %.4f", scores.additive, scores.ordinal), at: 0)
        out.method = name
        return out
    }
}
