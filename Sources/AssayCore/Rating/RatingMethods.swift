// Assay — quality control for human-labelled training data.

/// The catalogue of rating methods by command-line name.
public enum RatingMethods {
    /// Every method name, in the order tables list them.
    public static let names = ["mean", "median", "additive", "ods", "auto"]

    /// One line on each method, for `--help`.
    public static let summaries: [(String, String)] = [
        ("mean", "plain mean of each item's ratings"),
        ("median", "median of each item's ratings"),
        (
            "additive",
            "additive rater model: item value + rater severity + rater noise (alternating least squares)"
        ),
        ("ods", "ordinal Dawid–Skene: a confusion matrix over the scale's steps per rater (stepped scales)"),
        ("auto", "additive or ordinal Dawid–Skene by held-out likelihood (additive on continuous scales)"),
    ]

    /// The method called `name`, seeded where it draws random numbers; nil for an unknown name.
    public static func make(_ name: String, seed: UInt64 = 0) -> (any RatingMethod)? {
        switch name {
        case "mean": MeanRating()
        case "median": MedianRating()
        case "additive": AdditiveRaterModel()
        case "ods": OrdinalDawidSkene()
        case "auto": RatingAuto(seed: seed)
        default: nil
        }
    }
}
