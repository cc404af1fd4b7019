// Assay — quality control for human-labelled training data.

/// Dawid–Skene over the steps of an ordinal scale: the scale's steps become the classes of a
/// categorical `LabelSet`, `DawidSkene` fits a confusion matrix over the steps per rater, and each
/// item's value is read off its posterior over the steps: the posterior median at the ordinal
/// level, the posterior mean at the interval level; the 95% interval runs from the posterior's
/// 2.5% to its 97.5% quantile. Raters are measured against the values (`RaterOffsets`).
///
/// Only for stepped scales of at most `maxSteps` steps (a full confusion matrix has steps²
/// entries per rater).
public struct OrdinalDawidSkene: RatingMethod {
    /// `ods`.
    public let name = "ods"
    /// Largest scale this method accepts.
    public var maxSteps = 21
    /// The categorical engine.
    public var engine = DawidSkene()

    /// Ordinal Dawid–Skene with the usual settings.
    public init() {}

    /// Why the method cannot run: a continuous scale, too many steps, or a rating off the steps.
    public func unsupportedReason(_ set: RatingSet) -> String? {
        guard let steps = set.scale.stepCount else {
            return "ordinal Dawid–Skene needs a scale in steps; this one is continuous"
        }
        if steps > maxSteps {
            return "ordinal Dawid–Skene takes at most \(maxSteps) steps; this scale has \(steps)"
        }
        if let l = set.value.firstIndex(where: { set.scale.stepIndex(of: $0) == nil }) {
            return "rating \(set.value[l]) of label \(l) is not on a step of the scale"
        }
        return nil
    }

    /// The ratings as a categorical set whose classes are the scale's steps (class k = step k).
    /// - Complexity: O(labels).
    public static func stepSet(_ set: RatingSet) -> LabelSet {
        let steps = set.scale.stepCount ?? 0
        let idx = set.index
        return LabelSet(
            itemIDs: idx.itemIDs, annotatorIDs: idx.annotatorIDs, annotatorVendor: idx.annotatorVendor,
            vendorIDs: idx.vendorIDs, classes: (0..<steps).map { "\(set.scale.value(ofStep: $0))" },
            item: idx.item, annotator: idx.annotator,
            value: set.value.map { Int32(set.scale.stepIndex(of: $0) ?? 0) })
    }

    /// The value of each item from a posterior over the steps (mean or median by the scale's
    /// level) and the 2.5% and 97.5% quantiles.
    /// - Complexity: O(items × steps).
    public static func read(posteriors p: [Double], scale: RatingScale) -> (
        value: [Double], low: [Double], high: [Double]
    ) {
        let k = scale.stepCount ?? 1
        let n = p.count / k
        var value = [Double](repeating: 0, count: n)
        var low = value
        var high = value
        for i in 0..<n {
            var mean = 0.0
            var total = 0.0
            for s in 0..<k {
                mean += p[i * k + s] * scale.value(ofStep: s)
                total += p[i * k + s]
            }
            func quantile(_ q: Double) -> Double {
                var c = 0.0
                for s in 0..<k {
                    c += p[i * k + s] / max(total, 1e-300)
                    if c >= q - 1e-12 { return scale.value(ofStep: s) }
                }
                return scale.value(ofStep: k - 1)
            }
            value[i] = scale.level == .ordinal ? quantile(0.5) : mean / max(total, 1e-300)
            low[i] = quantile(0.025)
            high[i] = quantile(0.975)
        }
        return (value, low, high)
    }

    /// - Complexity: that of `DawidSkene` on `steps` classes: O(iterations × labels × steps).
    public func infer(_ set: RatingSet) -> RatingConsensus {
        precondition(unsupportedReason(set) == nil, unsupportedReason(set) ?? "")
        let fit = engine.infer(Self.stepSet(set), gold: nil)
        let read = Self.read(posteriors: fit.posteriors, scale: set.scale)
        var out = RaterOffsets.consensus(
            method: name, set: set, value: read.value, low: read.low, high: read.high,
            notes: fit.notes + [
                "value = posterior \(set.scale.level == .ordinal ? "median" : "mean") over the steps"
            ])
        out.iterations = fit.iterations
        out.converged = fit.converged
        return out
    }
}
