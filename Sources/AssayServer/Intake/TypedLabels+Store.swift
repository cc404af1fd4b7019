// Assay — quality control for human-labelled training data.

import AssayCore
public import AssayFormats
public import AssayStore

extension AssayFormats.TypedLabels {
    /// The labels a store loaded, as the readers give them.
    public init(stored: AssayStore.TypedLabels) {
        switch stored {
        case .categorical(let s): self = .categorical(s)
        case .pairwise(let s): self = .pairwise(s)
        case .rating(let s): self = .rating(s)
        case .multilabel(let s): self = .multilabel(s)
        case .text(let s): self = .text(s)
        }
    }

    /// The same labels as a store takes them in a delivery.
    public var stored: AssayStore.TypedLabels {
        switch self {
        case .categorical(let s): .categorical(s)
        case .pairwise(let s): .pairwise(s)
        case .rating(let s): .rating(s)
        case .multilabel(let s): .multilabel(s)
        case .text(let s): .text(s)
        }
    }
}

extension ProjectType {
    /// What the readers are asked for to read a delivery of this project: its scale, its classes.
    public var readKind: LabelKind {
        switch self {
        case .categorical: .categorical
        case .pairwise: .pairwise
        case .rating(let scale): .rating(scale)
        case .multilabel(let classes): .multilabel(classes: classes)
        case .text: .text
        }
    }
}
