// Assay — quality control for human-labelled training data.

public import AssayCore

/// Labels of one project type as its Core set: what a delivery brings to the store
/// (`DeliveryImport.labels`) and what a project's labels load as (`Store.labels(of:)`).
public enum TypedLabels: Sendable {
    /// One class per label.
    case categorical(LabelSet)
    /// Preferences between two shown objects.
    case pairwise(PairwiseSet)
    /// Numbers on a scale.
    case rating(RatingSet)
    /// Sets of classes.
    case multilabel(MultiLabelSet)
    /// Free text.
    case text(TextSet)

    /// The project type's name these labels belong to (`ProjectType.name`).
    public var typeName: String {
        switch self {
        case .categorical: "categorical"
        case .pairwise: "pairwise"
        case .rating: "rating"
        case .multilabel: "multilabel"
        case .text: "text"
        }
    }

    /// Number of labels.
    public var count: Int { item.count }

    /// The index of a typed set; nil for categorical labels (a `LabelSet` keeps its own columns).
    public var index: LabelIndex? {
        switch self {
        case .categorical: nil
        case .pairwise(let s): s.index
        case .rating(let s): s.index
        case .multilabel(let s): s.index
        case .text(let s): s.index
        }
    }

    /// External item ids.
    public var itemIDs: [String] { labelSet?.itemIDs ?? index!.itemIDs }
    /// External annotator ids (unique within their vendor).
    public var annotatorIDs: [String] { labelSet?.annotatorIDs ?? index!.annotatorIDs }
    /// Vendor names.
    public var vendorIDs: [String] { labelSet?.vendorIDs ?? index!.vendorIDs }
    /// The vendor index of each annotator.
    public var annotatorVendor: [Int32] { labelSet?.annotatorVendor ?? index!.annotatorVendor }
    /// Item index of each label (sorted by item).
    public var item: [Int32] { labelSet?.item ?? index!.item }
    /// Annotator index of each label.
    public var annotator: [Int32] { labelSet?.annotator ?? index!.annotator }
    /// The optional per-label columns (time, duration, cost).
    public var extras: LabelExtras { labelSet?.extras ?? index!.extras }

    /// The categorical set, or nil for another type.
    public var labelSet: LabelSet? {
        if case .categorical(let s) = self { return s }
        return nil
    }
}
