// Assay — quality control for human-labelled training data.

import Foundation

/// How good per-item posteriors are as probabilities, against known answers: the mean log loss
/// (−ln of the probability given to the true class) and the mean Brier score (squared distance of
/// the posterior from the true class's one-hot vector, summed over classes; 0 to 2). Lower is
/// better for both; unlike accuracy they see a posterior move towards the truth before the
/// predicted label flips.
public struct Calibration: Sendable, Equatable {
    /// Items with a known answer that were scored.
    public var scored: Int
    /// Mean −ln p(true class); each probability floored at `floor`. 0 when nothing was scored.
    public var logLoss: Double
    /// Mean Σ_k (p_k − [k = truth])². 0 when nothing was scored.
    public var brier: Double

    /// The smallest probability the log loss takes (a posterior of exactly 0 for the true class
    /// costs −ln 1e-12 ≈ 27.6 instead of infinity).
    public static let floor = 1e-12

    /// Scores `posteriors` (item-major, `classes` per item) against `truth`, skipping items whose
    /// answer is in `exclude` (for example the gold handed to the method).
    /// - Complexity: O(items × classes).
    public static func score(
        _ posteriors: [Double], classes k: Int, truth: GoldAnswers, excluding exclude: GoldAnswers? = nil
    ) -> Calibration {
        var scored = 0
        var logLoss = 0.0
        var brier = 0.0
        for i in truth.answer.indices where truth.answer[i] >= 0 && (i + 1) * k <= posteriors.count {
            if let exclude, exclude.answer[i] >= 0 { continue }
            let t = Int(truth.answer[i])
            scored += 1
            logLoss -= log(max(posteriors[i * k + t], floor))
            for c in 0..<k {
                let d = posteriors[i * k + c] - (c == t ? 1 : 0)
                brier += d * d
            }
        }
        guard scored > 0 else { return Calibration(scored: 0, logLoss: 0, brier: 0) }
        return Calibration(scored: scored, logLoss: logLoss / Double(scored), brier: brier / Double(scored))
    }
}
