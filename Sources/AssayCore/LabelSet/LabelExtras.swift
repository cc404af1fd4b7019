// Assay — quality control for human-labelled training data.

/// Optional per-label columns: when the label was made, how long it took, what it cost.
///
/// Each column is either empty (the input had no such column) or has one entry a label, with NaN
/// where that row left the field blank.
public struct LabelExtras: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var createdAt: [Double]
    /// Seconds the annotator spent on the label.
    public var durationSeconds: [Double]
    /// Cost of the label in the buyer's currency.
    public var cost: [Double]

    /// Empty columns.
    public init(createdAt: [Double] = [], durationSeconds: [Double] = [], cost: [Double] = []) {
        self.createdAt = createdAt
        self.durationSeconds = durationSeconds
        self.cost = cost
    }

    /// True when no optional column is present.
    public var isEmpty: Bool { createdAt.isEmpty && durationSeconds.isEmpty && cost.isEmpty }

    func permuted(by order: [Int32]) -> LabelExtras {
        LabelExtras(
            createdAt: createdAt.isEmpty ? [] : LabelSet.permute(createdAt, order),
            durationSeconds: durationSeconds.isEmpty ? [] : LabelSet.permute(durationSeconds, order),
            cost: cost.isEmpty ? [] : LabelSet.permute(cost, order))
    }
}
