// Assay — quality control for human-labelled training data.

public import AssayCore

/// The kind of labels a file holds, with what reading it needs: the project types of Assay.
public enum LabelKind: Sendable, Equatable {
    /// A class out of a few (`LabelReadOptions.allowedClasses` limits them).
    case categorical
    /// Which of two objects is better, or a tie; `strengthScale` is the scale of a strength column
    /// when the file has one (nil: inferred from the file, and the read's notes say how).
    case pairwise(strengthScale: RatingScale?)
    /// A number on a declared scale (nil: inferred from the file, and the read's notes say how).
    case rating(RatingScale?)
    /// A set of classes per label; `classes` are the project's (nil: every class the file names).
    case multilabel(classes: [String]?)
    /// Free text, kept exactly.
    case text

    /// Pairwise labels whose strength scale, if any, is inferred from the file.
    public static let pairwise = LabelKind.pairwise(strengthScale: nil)

    /// The project type's name: `categorical`, `pairwise`, `rating`, `multilabel` or `text`.
    public var name: String {
        switch self {
        case .categorical: "categorical"
        case .pairwise: "pairwise"
        case .rating: "rating"
        case .multilabel: "multilabel"
        case .text: "text"
        }
    }
}

/// What a typed read gives: the Core set of the file's type.
public enum TypedLabels: Sendable {
    /// Classes (`LabelSet`).
    case categorical(LabelSet)
    /// Comparisons (`PairwiseSet`).
    case pairwise(PairwiseSet)
    /// Ratings (`RatingSet`).
    case rating(RatingSet)
    /// Sets of classes (`MultiLabelSet`).
    case multilabel(MultiLabelSet)
    /// Free-text answers (`TextSet`).
    case text(TextSet)

    /// Number of labels in the set.
    public var count: Int {
        switch self {
        case .categorical(let s): s.count
        case .pairwise(let s): s.count
        case .rating(let s): s.count
        case .multilabel(let s): s.count
        case .text(let s): s.count
        }
    }

    /// The kind of labels the set holds, with its rating scale or its classes (a pairwise set keeps
    /// no strength scale: its strengths are normalised).
    public var kind: LabelKind {
        switch self {
        case .categorical: .categorical
        case .pairwise: .pairwise
        case .rating(let s): .rating(s.scale)
        case .multilabel(let s): .multilabel(classes: s.classes)
        case .text: .text
        }
    }

    /// The project type's name (as `LabelKind.name`).
    public var typeName: String { kind.name }
}
