// Assay — quality control for human-labelled training data.

public import AssayReport

/// The report of a pairwise, rating, multi-label or text project, as the server caches it: the
/// value its pages render and its scorecard route serves as JSON.
public enum TypedReport: Sendable {
    /// Object leaderboard, judges and their biases.
    case pairwise(PairwiseReport)
    /// Raters' severity and noise.
    case rating(RatingReport)
    /// Per-class consensus and α.
    case multilabel(MultiLabelReport)
    /// Writers, near-duplicates.
    case text(TextReport)
}
