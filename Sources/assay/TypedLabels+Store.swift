// Assay — quality control for human-labelled training data.

import AssayCore
import AssayFormats
import AssayServer
import AssayStore

/// The readers' typed labels. The store declares an enum of the same shape
/// (`AssayStore.TypedLabels`); inside the command line the name means the readers' one, and
/// `init(stored:)` / `stored` (in `AssayServer`, beside the delivery intake) cross between the two.
typealias TypedLabels = AssayFormats.TypedLabels

extension ProjectType {
    /// The command line's name for the type.
    var labelType: LabelType { LabelType(rawValue: name)! }
}
