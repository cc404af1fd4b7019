// Assay — quality control for human-labelled training data.

import Foundation

/// Calibrated Dawid–Skene (`cds`), Assay's default method: Dawid–Skene whose confidences are meant
/// to be read as probabilities.
///
/// 1. Confusion matrices get a symmetric Dirichlet prior (pseudo-count `α` in every cell), and each
///    item's evidence is tempered by its within-item correlation `ρ` (`ItemEvidence`): `n` labels
///    that tend to err together count as `n / (1 + (n − 1)ρ)` independent ones. `α` and `ρ` are
///    chosen without truth, by held-out label likelihood (`HeldOutCalibration`).
/// 2. With gold, gold items are clamped during EM and `ρ` and a uniform share `ε` are refitted to
///    the gold items' out-of-fold posteriors (`GoldRecalibration`).
/// 3. A class no annotator gave an item may win only on strong evidence (`UnseenClassRule`).
/// 4. When the labels show that annotators err together (`AgreementDispersion`) and there is no
///    gold to recalibrate on, `warnings` says so: no labels-only estimate can see a misreading
///    that the whole crowd shares.
///
/// Tempering never changes an item's label; the rule for unseen classes may. Deterministic under
/// `seed`.
public struct CalibratedDawidSkene: InferenceMethod {
    /// `cds`.
    public let name = "cds"
    /// Seed of the held-out folds, of the sample on large sets and of the gold folds.
    public var seed: UInt64
    /// Largest set on which `α` and `ρ` are chosen by cross-validation (see `HeldOutCalibration`).
    public var labelBudget = 100_000

    /// Calibrated Dawid–Skene with a seed.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// - Complexity: one Dawid–Skene fit (six with gold) and O(labels × K) passes; up to
    ///   `labelBudget` labels, 20 more fits for the cross-validated choice.
    public func infer(_ set: LabelSet, gold: GoldAnswers?) -> InferenceResult {
        let k = set.classCount
        guard k > 1, set.count > 0 else { return MajorityVote().infer(set, gold: gold).renamed(name) }
        let chooser = HeldOutCalibration(labelBudget: labelBudget, seed: seed)
        let large = set.count > labelBudget
        var choice = large ? nil : chooser.crossValidated(set)
        var ds = DawidSkene()
        ds.smoothing = choice?.pseudoCount ?? HeldOutCalibration.largeSetPseudoCount
        var result = ds.infer(set, gold: gold)
        let evidence = ItemEvidence(set, confusion: result.confusion, prior: result.classPrior)
        if choice == nil {
            choice = chooser.leaveOneOut(set, evidence: evidence, confusion: result.confusion)
        }
        guard let choice else { preconditionFailure("a choice is made on either path") }
        var rho = choice.correlation
        var epsilon = 0.0
        var notes = [
            "pseudo-count \(Self.format(choice.pseudoCount)) and within-item correlation "
                + "\(Self.format(choice.correlation)) chosen by \(choice.how) "
                + "(\(String(format: "%.4f", choice.heldOutLogLikelihood)) a label, on \(choice.labels) labels)"
        ]
        var recalibrated = false
        // Five gold folds (each fit clamps 80% of the gold, close to the final fit's 100%); two on
        // large sets, where each fold costs a fit on the whole set.
        let recalibration = GoldRecalibration(folds: large ? 2 : 5, seed: seed)
        if let gold,
            let fit = recalibration.fit(
                set, gold: gold, pseudoCount: choice.pseudoCount, around: choice.correlation)
        {
            rho = fit.correlation
            epsilon = fit.epsilon
            recalibrated = true
            notes.append(
                "recalibrated on \(fit.goldItems) gold items (out-of-fold): within-item correlation "
                    + "\(Self.format(rho)), uniform share \(Self.format(epsilon)), gold log loss "
                    + String(format: "%.4f", fit.logLoss))
        }
        let dispersion = AgreementDispersion(set, posteriors: result.posteriors, confusion: result.confusion)
        var p = evidence.posteriors(rho: rho, epsilon: epsilon)
        let held = UnseenClassRule.apply(&p, set: set, gold: gold)
        if held > 0 {
            notes.append(
                "\(held) item\(held == 1 ? "" : "s") whose most probable class no annotator gave "
                    + "\(held == 1 ? "was" : "were") weighed 10 : 1 towards the classes given")
        }
        Posteriors.clamp(&p, gold: gold, classes: k)
        result.notes = notes + result.notes
        if recalibrated, dispersion.shows {
            result.notes.append(dispersion.finding + "; confidences were recalibrated on the gold")
        } else if let warning = dispersion.warning {
            result.warnings.append(warning)
        }
        result.posteriors = p
        result.labels = Posteriors.argmax(p, classes: k)
        result.method = name
        return result
    }

    /// A setting as short text (`0.25`, `1`, `0.006`).
    static func format(_ x: Double) -> String {
        var s = String(format: "%.3f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
