// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayCore
import AssayFormats

/// The methods of each label type by command-line name, and the message when a method does not
/// apply to the type read.
enum TypedMethods {
    /// The method names of `type`, in the order tables list them.
    static func names(_ type: LabelType) -> [String] {
        switch type {
        case .categorical, .multilabel: Methods.names
        case .pairwise: PairwiseMethods.names
        case .rating: RatingMethods.names
        case .text: TextConsensus.Method.allCases.map(\.rawValue)
        }
    }

    /// The method a command uses for `type` when none is named.
    static func defaultName(_ type: LabelType) -> String {
        switch type {
        case .categorical: Methods.defaultName
        case .multilabel: "ds"
        case .pairwise: "auto"
        case .rating: "auto"
        case .text: TextConsensus.Method.default.rawValue
        }
    }

    /// `name` (or the type's default), checked against the type's methods.
    /// - Throws: `ValidationError` naming the type and its methods.
    static func resolve(_ name: String?, type: LabelType) throws -> String {
        guard let name else { return defaultName(type) }
        guard names(type).contains(name) else {
            let what =
                type == .multilabel
                ? "multilabel labels (a categorical method run per class)" : "\(type.rawValue) labels"
            throw ValidationError(
                "method '\(name)' does not apply to \(what); methods: \(names(type).joined(separator: ", "))")
        }
        return name
    }
}

extension TypedLabels {
    /// The label type of the set.
    var labelType: LabelType { LabelType(rawValue: typeName)! }
}
