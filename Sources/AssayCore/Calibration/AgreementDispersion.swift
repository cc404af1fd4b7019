// Assay — quality control for human-labelled training data.

import Foundation

/// A truth-free sign that annotators err together: the number of each item's labels that agree
/// with its consensus varies between items more than a model of independent annotators allows.
///
/// For every item with at least `minimumLabels` labels, consensus `ĉ` (the posterior's arg-max),
/// each label `(a, o)` agrees with `ĉ` with model probability `π = Σ_t p(t) M_a[t][ĉ]`. If labels
/// were independent given the truth, the count of agreeing labels would have variance about
/// `Σ π(1 − π)`; `ratio` is the squared deviations of the observed counts from `Σ π`, summed over
/// items, over those variances summed. About 1 under the model; well above 1 when some items
/// split their labels far more, and others agree far more, than annotator skill explains, which is
/// what happens when items mislead most annotators the same way. Then no labels-only estimate can
/// tell a unanimous right answer from a unanimous wrong one, and confidences are too high.
///
/// Measured (Dawid–Skene with the calibrated method's chosen pseudo-count): dog 1.44, duck 2.45,
/// face 1.44, where 10–17% of the items with ≥ 80% agreement are wrong; rte 1.08, temp 1.02,
/// web 0.92, wsd 0.90, where 0.2–3% are (product has three labels an item: not measured).
struct AgreementDispersion: Sendable {
    /// Observed over expected variance of the agreeing counts.
    var ratio: Double
    /// Items the ratio was computed over.
    var items: Int
    /// `(ratio − 1) · √(items / 2)`: roughly a z-score of the excess under the model.
    var z: Double

    /// Items need at least this many labels to count.
    static let minimumLabels = 4
    /// The ratio from which the warning is given (with `z` at least `minimumZ`).
    static let warningRatio = 1.3
    /// The z-score from which the warning is given.
    static let minimumZ = 3.0

    /// The dispersion of `set` under posteriors `p` and confusion matrices `confusion` (layout
    /// `[(a*K + t)*K + o]`).
    /// - Complexity: O(labels × K).
    init(_ set: LabelSet, posteriors: [Double], confusion: [Double]) {
        let k = set.classCount
        var squares = 0.0
        var variance = 0.0
        var n = 0
        posteriors.withUnsafeBufferPointer { p in
            confusion.withUnsafeBufferPointer { m in
                set.annotator.withUnsafeBufferPointer { ann in
                    set.value.withUnsafeBufferPointer { val in
                        for i in 0..<set.itemCount {
                            let r = set.labels(ofItem: i)
                            guard r.count >= Self.minimumLabels, k > 1 else { continue }
                            let row = p.baseAddress! + i * k
                            var best = 0
                            for c in 1..<k where row[c] > row[best] { best = c }
                            var observed = 0.0
                            var expected = 0.0
                            var v = 0.0
                            for l in r {
                                let a = Int(ann[l])
                                var pi = 0.0
                                for t in 0..<k { pi += row[t] * m[(a * k + t) * k + best] }
                                expected += pi
                                v += pi * (1 - pi)
                                if Int(val[l]) == best { observed += 1 }
                            }
                            squares += (observed - expected) * (observed - expected)
                            variance += v
                            n += 1
                        }
                    }
                }
            }
        }
        ratio = variance > 0 ? squares / variance : 1
        items = n
        z = (ratio - 1) * (Double(n) / 2).squareRoot()
    }

    /// Whether the data show the sign: `ratio` at least `warningRatio` and `z` at least `minimumZ`.
    var shows: Bool { ratio >= Self.warningRatio && z >= Self.minimumZ }

    /// What was measured, as a sentence fragment.
    var finding: String {
        "labels on the same item agree or disagree together far more than independent annotators "
            + "would (dispersion \(String(format: "%.2f", ratio)) where about 1 is expected, over \(items) "
            + "items with at least \(Self.minimumLabels) labels)"
    }

    /// The plain-language warning when the data show the sign, else nil.
    var warning: String? {
        guard shows else { return nil }
        return finding + ": annotators may share misreadings that no estimate from labels alone can "
            + "see, so confidences can be too high; add gold items (5% is enough to recalibrate them)"
    }
}
