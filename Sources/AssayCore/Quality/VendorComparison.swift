// Assay — quality control for human-labelled training data.

/// The accuracy difference between two vendors, with interval and p-values when the items behind
/// it can carry them (`Bootstrap.minimumUnits`).
public struct VendorComparison: Sendable {
    /// First vendor index.
    public var a: Int
    /// Second vendor index.
    public var b: Int
    /// "shared items" or "all items".
    public var scope: String
    /// "gold" or "estimated".
    public var basis: String
    /// Items behind the comparison, counted on its basis: for "gold", the gold items (both vendors
    /// labelled, for shared items; either, for all items); for "estimated", the items (shared, or
    /// the union).
    public var items: Int
    /// accuracy(a) − accuracy(b), with its 95% bootstrap interval (or the reason it has none).
    public var difference: VendorScorecard.Estimate?
    /// Two-sided bootstrap p-value for a zero difference.
    public var pValue: Double?
    /// Holm-adjusted p-value across all comparisons of the same scope.
    public var pHolm: Double?
    /// Why there is no p-value or interval, when there is none.
    public var reason: String?
}
