// Assay — quality control for human-labelled training data.

/// The catalogue of inference methods by command-line name.
public enum Methods {
    /// Every method name, in the order tables list them.
    public static let names = [
        "mv", "wawa", "zbs", "ds", "ods", "glad", "mace", "kos", "mmsr", "auto", "cds",
    ]

    /// The method every command uses unless told otherwise: calibrated Dawid–Skene, whose
    /// confidences are calibrated probabilities (see `CalibratedDawidSkene` and EVALUATION.md).
    public static let defaultName = "cds"

    /// One line on each method, for `--help`.
    public static let summaries: [(String, String)] = [
        ("mv", "majority vote"),
        ("wawa", "worker agreement with aggregate: votes weighted by agreement with the majority"),
        ("zbs", "zero-based skill: votes weighted by iteratively learned skills"),
        ("ds", "Dawid–Skene: full confusion matrix per annotator (EM); uses gold"),
        ("ods", "one-coin Dawid–Skene: one accuracy per annotator (EM); uses gold"),
        ("glad", "GLAD: annotator ability × item difficulty (EM with gradient M-step)"),
        ("mace", "MACE: annotators are either knowing or spamming (variational EM, restarts)"),
        ("kos", "Karger–Oh–Shah message passing (binary tasks only)"),
        ("mmsr", "M-MSR: annotator reliabilities from a robust rank-one fit of agreement"),
        ("auto", "chooses among the above per dataset by held-out likelihood (or gold accuracy)"),
        ("cds", "calibrated Dawid–Skene (the default): confidences that are probabilities; uses gold"),
    ]

    /// The method called `name`, seeded where it draws random numbers; nil for an unknown name.
    public static func make(_ name: String, seed: UInt64 = 0) -> (any InferenceMethod)? {
        switch name {
        case "mv": MajorityVote()
        case "wawa": Wawa()
        case "zbs": ZeroBasedSkill()
        case "ds": DawidSkene()
        case "ods": OneCoinDawidSkene()
        case "glad": GLAD()
        case "mace": MACE(seed: seed)
        case "kos": KOS(seed: seed)
        case "mmsr": MMSR(seed: seed)
        case "auto": AutoMethod(seed: seed)
        case "cds": CalibratedDawidSkene(seed: seed)
        default: nil
        }
    }
}
