// Assay — quality control for human-labelled training data.

/// What a rating method concluded: a value per item with an interval, and per rater a severity
/// (offset) and a noise (spread), with an interval on the severity. Everything a view prints is
/// here; views compute nothing.
///
/// Severity is the rater's mean offset from the item values (positive: rates higher than the
/// consensus, a lenient rater on a "higher is better" scale); noise is the standard deviation of
/// the rater's ratings around item value + severity.
public struct RatingConsensus: Sendable {
    /// The method's short name (`additive`, `ods`, `mean`, `median`).
    public var method: String
    /// Consensus value of each item (NaN never; an item without ratings gets the prior centre).
    public var value: [Double]
    /// Lower end of each item's 95% interval.
    public var low: [Double]
    /// Upper end of each item's 95% interval.
    public var high: [Double]
    /// Ratings behind each item.
    public var itemRatings: [Int]
    /// Each rater's severity (offset from the consensus, in scale units).
    public var severity: [Double]
    /// Lower end of each severity's 95% interval.
    public var severityLow: [Double]
    /// Upper end of each severity's 95% interval.
    public var severityHigh: [Double]
    /// Each rater's noise: standard deviation of its ratings around item value + severity.
    public var noise: [Double]
    /// Ratings given by each rater.
    public var raterRatings: [Int]
    /// Iterations run (1 for closed-form methods).
    public var iterations: Int
    /// Whether an iterative method met its tolerance before its iteration cap.
    public var converged: Bool
    /// Plain-language remarks (identifiability anchor, degenerate input, what `auto` chose and why).
    public var notes: [String]

    /// Half-width of a two-sided 95% normal interval in standard deviations.
    public static let z95 = 1.959963984540054
}

/// A rating method: a consensus value per item and a severity and noise per rater.
public protocol RatingMethod: Sendable {
    /// Short name used on the command line.
    var name: String { get }
    /// Runs the method. Deterministic: the same set and configuration give the same result.
    func infer(_ set: RatingSet) -> RatingConsensus
    /// Why this method cannot run on `set`, or nil when it can.
    func unsupportedReason(_ set: RatingSet) -> String?
}

extension RatingMethod {
    /// Why this method cannot run on `set`, or nil when it can. Default: it always can.
    public func unsupportedReason(_ set: RatingSet) -> String? { nil }
}
