// Assay — quality control for human-labelled training data.

import Foundation

/// How good per-item posteriors are as probabilities, against known answers: the mean log loss
/// (−ln of the probability given to the true class), the mean Brier score (squared distance of
/// the posterior from the true class's one-hot vector, summed over classes; 0 to 2), the expected
/// calibration error of the confidences, and how often the most confident predictions are right.
/// Lower is better for the first three; unlike accuracy they see a posterior move towards the
/// truth before the predicted label flips.
///
/// Every item with a known answer is scored; an answer naming a class no label uses
/// (`GoldAnswers.classNoLabelUses`) has probability 0 (log loss −ln `floor`, Brier Σ p² + 1) and
/// is a wrong prediction.
public struct Calibration: Sendable, Equatable {
    /// Items with a known answer that were scored.
    public var scored: Int
    /// Mean −ln p(true class); each probability floored at `floor`. 0 when nothing was scored.
    public var logLoss: Double
    /// Mean Σ_k (p_k − [k = truth])². 0 when nothing was scored.
    public var brier: Double
    /// Expected calibration error: items binned by confidence (the posterior of the predicted
    /// class, the row's arg-max with ties to the lower class) into `bins` equal-width bins; the
    /// bins' |accuracy − mean confidence| weighted by their share of the items. 0 when nothing was
    /// scored.
    public var expectedCalibrationError: Double = 0
    /// Scored items predicted with confidence at least `confidentFrom`.
    public var confident: Int = 0
    /// Of those, items predicted correctly.
    public var confidentCorrect: Int = 0

    /// The smallest probability the log loss takes (a posterior of exactly 0 for the true class
    /// costs −ln 1e-12 ≈ 27.6 instead of infinity).
    public static let floor = 1e-12
    /// Bins of the expected calibration error.
    public static let bins = 15
    /// Confidence from which a prediction counts as confident.
    public static let confidentFrom = 0.99

    /// Scores `posteriors` (item-major, `classes` per item) against `truth`, skipping items whose
    /// answer is in `exclude` (for example the gold handed to the method).
    /// - Complexity: O(items × classes).
    public static func score(
        _ posteriors: [Double], classes k: Int, truth: GoldAnswers, excluding exclude: GoldAnswers? = nil
    ) -> Calibration {
        var scored = 0
        var logLoss = 0.0
        var brier = 0.0
        var binCount = [Int](repeating: 0, count: bins)
        var binConfidence = [Double](repeating: 0, count: bins)
        var binCorrect = [Int](repeating: 0, count: bins)
        var confident = 0
        var confidentCorrect = 0
        for i in truth.answer.indices where truth.isScored(i) && (i + 1) * k <= posteriors.count {
            if let exclude, exclude.answer[i] >= 0 { continue }
            let t = Int(truth.answer[i])
            let row = posteriors[(i * k)..<((i + 1) * k)]
            scored += 1
            logLoss -= log(max(t >= 0 ? row[i * k + t] : 0, floor))
            var best = i * k
            for c in row.indices {
                let d = row[c] - (c == i * k + t ? 1 : 0)
                brier += d * d
                if row[c] > row[best] { best = c }
            }
            if t < 0 { brier += 1 }
            let right = best - i * k == t
            let confidence = row[best]
            let b = min(max(Int(confidence * Double(bins)), 0), bins - 1)
            binCount[b] += 1
            binConfidence[b] += confidence
            if right { binCorrect[b] += 1 }
            if confidence >= confidentFrom {
                confident += 1
                if right { confidentCorrect += 1 }
            }
        }
        guard scored > 0 else { return Calibration(scored: 0, logLoss: 0, brier: 0) }
        var ece = 0.0
        for b in 0..<bins where binCount[b] > 0 {
            ece += abs(Double(binCorrect[b]) - binConfidence[b]) / Double(scored)
        }
        return Calibration(
            scored: scored, logLoss: logLoss / Double(scored), brier: brier / Double(scored),
            expectedCalibrationError: ece, confident: confident, confidentCorrect: confidentCorrect)
    }
}
